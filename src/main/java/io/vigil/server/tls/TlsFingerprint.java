package io.vigil.server.tls;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a client's TLS stack looks like, from its ClientHello: a device signal that survives a
 * copied token. Two forms:
 * <ul>
 *   <li>{@code ja4} (FoxIO JA4, TLS client): cipher suites and extensions sorted, so it stays the
 *       same across connections of one client even where the client shuffles its extension order
 *       (Chrome and Firefox do, on every connection). This is the one risk scoring compares.</li>
 *   <li>{@code ja3} (Salesforce JA3): the MD5 of the fields in the order sent, for matching the
 *       JA3 lists threat intelligence still publishes.</li>
 * </ul>
 * GREASE values (RFC 8701) are left out of both. Computed once per connection, at the handshake.
 */
public record TlsFingerprint(String ja3, String ja4) {

    /** Set on a TLS connection's channel once its ClientHello was read. */
    public static final AttributeKey<TlsFingerprint> KEY = AttributeKey.valueOf("vigil.tlsFingerprint");

    /** The connection's fingerprint, or null when it is not TLS or its ClientHello could not be read. */
    public static TlsFingerprint of(Channel channel) {
        return channel == null ? null : channel.attr(KEY).get();
    }

    static TlsFingerprint of(ClientHello hello) {
        return new TlsFingerprint(ja3(hello), ja4(hello));
    }

    /** {@code version,ciphers,extensions,groups,pointFormats}, decimal, dash-joined, MD5 in hex. */
    static String ja3Text(ClientHello hello) {
        StringBuilder out = new StringBuilder(256).append(hello.legacyVersion()).append(',');
        decimals(out, hello.ciphers()).append(',');
        decimals(out, hello.extensions()).append(',');
        decimals(out, hello.groups()).append(',');
        decimals(out, hello.pointFormats());
        return out.toString();
    }

    static String ja3(ClientHello hello) {
        return HexFormat.of().formatHex(digest("MD5", ja3Text(hello)));
    }

    /**
     * {@code t} (TCP) + version + {@code d}/{@code i} (server name sent or not) + cipher count +
     * extension count + the first ALPN value's first and last character, then the truncated
     * SHA-256 of the sorted cipher suites, then that of the sorted extensions (less server name
     * and ALPN) with the signature algorithms in the order sent.
     */
    static String ja4(ClientHello hello) {
        int[] ciphers = withoutGrease(hello.ciphers());
        int[] extensions = withoutGrease(hello.extensions());
        String a = "t" + version(hello) + (hello.serverName() ? 'd' : 'i')
                + twoDigits(ciphers.length) + twoDigits(extensions.length) + alpn(hello.firstAlpn());
        return a + '_' + truncatedHash(ja4CiphersText(hello)) + '_' + truncatedHash(ja4ExtensionsText(hello));
    }

    static String ja4CiphersText(ClientHello hello) {
        int[] ciphers = withoutGrease(hello.ciphers());
        Arrays.sort(ciphers);
        return hexList(new StringBuilder(), ciphers).toString();
    }

    static String ja4ExtensionsText(ClientHello hello) {
        int[] extensions = Arrays.stream(withoutGrease(hello.extensions())).filter(e -> e != 0x0000 && e != 0x0010)
                .sorted().toArray();
        StringBuilder out = hexList(new StringBuilder(), extensions);
        int[] signatures = withoutGrease(hello.signatureAlgorithms());
        if (signatures.length > 0) {
            hexList(out.append('_'), signatures);
        }
        return out.toString();
    }

    /** The highest version offered in supported_versions, else the legacy version field. */
    private static String version(ClientHello hello) {
        int highest = -1;
        for (int v : hello.supportedVersions()) {
            if (!ClientHello.grease(v) && v > highest) {
                highest = v;
            }
        }
        int v = highest >= 0 ? highest : hello.legacyVersion();
        return switch (v) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2";
            default -> "00";
        };
    }

    /** First and last character of the first ALPN value; their hex digits when not alphanumeric. */
    private static String alpn(String first) {
        if (first == null || first.isEmpty()) {
            return "00";
        }
        char head = first.charAt(0);
        char tail = first.charAt(first.length() - 1);
        if (alphanumeric(head) && alphanumeric(tail)) {
            return "" + head + tail;
        }
        String hex = HexFormat.of().formatHex(first.getBytes(StandardCharsets.ISO_8859_1));
        return "" + hex.charAt(0) + hex.charAt(hex.length() - 1);
    }

    private static boolean alphanumeric(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static String twoDigits(int n) {
        int capped = Math.min(n, 99);
        return capped < 10 ? "0" + capped : Integer.toString(capped);
    }

    private static String truncatedHash(String text) {
        if (text.isEmpty()) {
            return "000000000000";
        }
        return HexFormat.of().formatHex(digest("SHA-256", text)).substring(0, 12);
    }

    private static int[] withoutGrease(int[] values) {
        return Arrays.stream(values).filter(v -> !ClientHello.grease(v)).toArray();
    }

    private static StringBuilder decimals(StringBuilder out, int[] values) {
        boolean first = true;
        for (int v : values) {
            if (!ClientHello.grease(v)) {
                out.append(first ? "" : "-").append(v);
                first = false;
            }
        }
        return out;
    }

    private static StringBuilder hexList(StringBuilder out, int[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(HexFormat.of().toHexDigits((short) values[i]));
        }
        return out;
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is a required JCA algorithm", e);
        }
    }
}
