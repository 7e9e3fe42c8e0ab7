package io.vigil.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Consumer;

/** A response body stream that also copies what passes (HTTP/2 path), handing the copy over at its end. */
final class SampledStream implements ReadStream<Buffer> {

    private final ReadStream<Buffer> source;
    private final SampleBuffer copy;
    private final Consumer<byte[]> done;

    SampledStream(ReadStream<Buffer> source, SampleBuffer copy, Consumer<byte[]> done) {
        this.source = source;
        this.copy = copy;
        this.done = done;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        source.handler(handler == null ? null : chunk -> {
            copy.add(chunk);
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        source.endHandler(handler == null ? null : v -> {
            byte[] bytes = copy.bytes();
            if (bytes != null) {
                done.accept(bytes);
            }
            handler.handle(v);
        });
        return this;
    }
}
