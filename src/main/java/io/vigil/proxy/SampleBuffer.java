package io.vigil.proxy;

import java.util.Arrays;

/** A bounded copy of a body as it streams past; gives up (and frees its bytes) past the limit. */
final class SampleBuffer {

    private final int max;
    private byte[] bytes = new byte[1024];
    private int length;
    private boolean overflowed;

    SampleBuffer(int max) {
        this.max = max;
    }

    void add(io.netty.buffer.ByteBuf chunk) {
        int n = chunk.readableBytes();
        if (overflowed || n == 0) {
            return;
        }
        if (!room(n)) {
            return;
        }
        chunk.getBytes(chunk.readerIndex(), bytes, length, n);
        length += n;
    }

    void add(io.vertx.core.buffer.Buffer chunk) {
        int n = chunk.length();
        if (overflowed || n == 0 || !room(n)) {
            return;
        }
        chunk.getBytes(0, n, bytes, length);
        length += n;
    }

    private boolean room(int n) {
        if (length + n > max) {
            overflowed = true;
            bytes = null;
            return false;
        }
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(bytes.length * 2, length + n)));
        }
        return true;
    }

    /** The body, or null when it was larger than the limit. */
    byte[] bytes() {
        return overflowed ? null : Arrays.copyOf(bytes, length);
    }
}
