package io.vigil.auth.apikey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The key format {@code vgl_<env>_<43 base62 characters: 256 random bits>_<6 base62: CRC32>}.
 * The fixed prefix lets secret scanners find leaked keys; the checksum rejects typos and junk
 * without touching the store.
 */
final class ApiKeyFormat {

    static final String PREFIX = "vgl_";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_CHARS = 43;
    private static final int CHECKSUM_CHARS = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    static String generate(String environment) {
        StringBuilder key = new StringBuilder(64).append(PREFIX).append(environment).append('_');
        // 43 base62 characters carry 256 bits; rejection sampling keeps each one uniform.
        byte[] buffer = new byte[64];
        int produced = 0;
        while (produced < RANDOM_CHARS) {
            RANDOM.nextBytes(buffer);
            for (int i = 0; i < buffer.length && produced < RANDOM_CHARS; i++) {
                int b = buffer[i] & 0xff;
                if (b < 248) {
                    key.append(ALPHABET.charAt(b % 62));
                    produced++;
                }
            }
        }
        String body = key.toString();
        return body + '_' + checksum(body);
    }

    /** Whether the key is well-formed and its checksum matches: no store lookup needed to refuse junk. */
    static boolean wellFormed(String key) {
        if (key.length() > 96 || !key.startsWith(PREFIX)) {
            return false;
        }
        int envEnd = key.indexOf('_', PREFIX.length());
        int last = key.lastIndexOf('_');
        if (envEnd < 0 || envEnd == PREFIX.length() || envEnd - PREFIX.length() > 8 || last <= envEnd) {
            return false;
        }
        if (last - envEnd - 1 != RANDOM_CHARS || key.length() - last - 1 != CHECKSUM_CHARS) {
            return false;
        }
        for (int i = PREFIX.length(); i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '_' && ALPHABET.indexOf(c) < 0) {
                return false;
            }
        }
        return checksum(key.substring(0, last)).equals(key.substring(last + 1));
    }

    /** What people see of a key in listings: enough to recognise it, nothing to use. */
    static String displayPrefix(String key) {
        int envEnd = key.indexOf('_', PREFIX.length());
        return key.substring(0, Math.min(key.length(), envEnd + 1 + 6));
    }

    static String randomId(String prefix, int chars) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < chars; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(62)));
        }
        return id.toString();
    }

    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
