package io.vigil.server.tls;

import io.netty.buffer.ByteBuf;

/**
 * The parts of a TLS ClientHello that identify the client's TLS stack: the offered versions,
 * cipher suites, extensions in the order sent, groups, point formats, signature algorithms and
 * ALPN protocols. Read from the first TLS record before the handshake consumes it; the bytes are
 * only looked at, never moved.
 *
 * <p>A ClientHello split over several records (legal, but no common client does it) is not read:
 * the connection simply has no TLS fingerprint.
 */
record ClientHello(int legacyVersion, int[] ciphers, int[] extensions, int[] groups, int[] pointFormats,
        int[] signatureAlgorithms, int[] supportedVersions, String firstAlpn, boolean serverName) {

    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    /** A record's body is at most 2^14 bytes (RFC 8446 §5.1); anything longer is not TLS. */
    private static final int MAX_RECORD = 16_384;
    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_GROUPS = 10;
    private static final int EXT_POINT_FORMATS = 11;
    private static final int EXT_SIGNATURE_ALGORITHMS = 13;
    private static final int EXT_ALPN = 16;
    private static final int EXT_SUPPORTED_VERSIONS = 43;

    /** What reading the buffer's first record gave. */
    sealed interface Read permits NeedMore, NotAHello, Parsed {
    }

    record NeedMore() implements Read {
    }

    record NotAHello(String why) implements Read {
    }

    record Parsed(ClientHello hello) implements Read {
    }

    static final Read NEED_MORE = new NeedMore();

    /** Reads the record at {@code in}'s reader index without moving it. */
    static Read read(ByteBuf in) {
        int at = in.readerIndex();
        if (in.readableBytes() < 5) {
            return NEED_MORE;
        }
        if (in.getUnsignedByte(at) != HANDSHAKE) {
            return new NotAHello("first record is not a handshake");
        }
        int recordLength = in.getUnsignedShort(at + 3);
        if (recordLength > MAX_RECORD) {
            return new NotAHello("record longer than TLS allows");
        }
        if (in.readableBytes() < 5 + recordLength) {
            return NEED_MORE;
        }
        try {
            return parse(new Cursor(in, at + 5, at + 5 + recordLength));
        } catch (IndexOutOfBoundsException e) {
            return new NotAHello("malformed ClientHello");
        }
    }

    private static Read parse(Cursor c) {
        if (c.u8() != CLIENT_HELLO) {
            return new NotAHello("first handshake message is not a ClientHello");
        }
        int length = c.u24();
        if (length > c.remaining()) {
            return new NotAHello("ClientHello spans several records");
        }
        Cursor hello = c.slice(length);
        int legacyVersion = hello.u16();
        hello.skip(32);                       // random
        hello.skip(hello.u8());               // legacy session id
        int[] ciphers = hello.u16List(hello.u16());
        hello.skip(hello.u8());               // compression methods
        int[] extensions = new int[0];
        int[] groups = new int[0];
        int[] pointFormats = new int[0];
        int[] signatureAlgorithms = new int[0];
        int[] versions = new int[0];
        String alpn = null;
        boolean serverName = false;
        if (hello.remaining() > 0) {
            Cursor all = hello.slice(hello.u16());
            int[] types = new int[16];
            int count = 0;
            while (all.remaining() > 0) {
                int type = all.u16();
                Cursor data = all.slice(all.u16());
                if (count == types.length) {
                    types = java.util.Arrays.copyOf(types, count * 2);
                }
                types[count++] = type;
                switch (type) {
                    case EXT_SERVER_NAME -> serverName = true;
                    case EXT_GROUPS -> groups = data.u16List(data.u16());
                    case EXT_POINT_FORMATS -> pointFormats = data.u8List(data.u8());
                    case EXT_SIGNATURE_ALGORITHMS -> signatureAlgorithms = data.u16List(data.u16());
                    case EXT_SUPPORTED_VERSIONS -> versions = data.u16List(data.u8());
                    case EXT_ALPN -> alpn = firstProtocol(data);
                    default -> {
                    }
                }
            }
            extensions = java.util.Arrays.copyOf(types, count);
        }
        return new Parsed(new ClientHello(legacyVersion, ciphers, extensions, groups, pointFormats,
                signatureAlgorithms, versions, alpn, serverName));
    }

    private static String firstProtocol(Cursor data) {
        Cursor list = data.slice(data.u16());
        if (list.remaining() == 0) {
            return null;
        }
        int length = list.u8();
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append((char) list.u8());
        }
        return name.toString();
    }

    /** GREASE values (RFC 8701) are random by design: 0x0a0a, 0x1a1a … 0xfafa. */
    static boolean grease(int value) {
        return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
    }

    /** Bounds-checked reads over part of a buffer; reading past {@code end} throws. */
    private static final class Cursor {
        private final ByteBuf buf;
        private int at;
        private final int end;

        Cursor(ByteBuf buf, int at, int end) {
            this.buf = buf;
            this.at = at;
            this.end = end;
        }

        int remaining() {
            return end - at;
        }

        private void need(int n) {
            if (n < 0 || n > end - at) {
                throw new IndexOutOfBoundsException("ClientHello field runs past its end");
            }
        }

        int u8() {
            need(1);
            return buf.getUnsignedByte(at++);
        }

        int u16() {
            need(2);
            int v = buf.getUnsignedShort(at);
            at += 2;
            return v;
        }

        int u24() {
            need(3);
            int v = buf.getUnsignedMedium(at);
            at += 3;
            return v;
        }

        void skip(int n) {
            need(n);
            at += n;
        }

        Cursor slice(int n) {
            need(n);
            Cursor sub = new Cursor(buf, at, at + n);
            at += n;
            return sub;
        }

        int[] u16List(int bytes) {
            need(bytes);
            if (bytes % 2 != 0) {
                throw new IndexOutOfBoundsException("a list of 16-bit values has an odd length");
            }
            int[] out = new int[bytes / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = u16();
            }
            return out;
        }

        int[] u8List(int bytes) {
            need(bytes);
            int[] out = new int[bytes];
            for (int i = 0; i < bytes; i++) {
                out[i] = u8();
            }
            return out;
        }
    }
}
