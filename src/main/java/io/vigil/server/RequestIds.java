package io.vigil.server;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Request ids: generated here, or taken from a trusted proxy when well-formed. */
public final class RequestIds {

    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{8,128}");
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private RequestIds() {
    }

    /** 128 random bits as 32 hex characters. */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] out = new byte[32];
        long hi = random.nextLong();
        long lo = random.nextLong();
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xf];
            out[16 + i] = HEX[(int) (lo >>> (60 - 4 * i)) & 0xf];
        }
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The id a trusted peer sent, when it is safe to log and forward; otherwise a new one. */
    public static String fromTrusted(String sent) {
        return sent != null && ACCEPTABLE.matcher(sent).matches() ? sent : generate();
    }
}
