package io.vigil.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The single path normalisation of the gateway. Its output is what routes match, what policies
 * see and what the upstream receives, so the three can never disagree.
 *
 * <p>It decodes percent-encoded unreserved characters (RFC 3986 §2.3), upper-cases the remaining
 * percent-encodings, and removes dot-segments (§5.2.4). Anything two servers could read
 * differently is rejected instead of guessed: encoded {@code /} or {@code \}, raw backslashes,
 * NUL and control characters, {@code ;} path parameters, double encoding ({@code %25} followed
 * by two hex digits), segments ending in a dot (Windows servers strip them), dot-segments that
 * climb above the root, invalid percent-encoding and bytes that are not UTF-8.
 */
public final class PathNormalizer {

    private PathNormalizer() {
    }

    public static NormalizedPath normalize(String raw) throws AmbiguousPathException {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            throw new AmbiguousPathException("path must start with '/'");
        }
        if (isAlreadyNormal(raw)) {
            // The common case: nothing to decode, no dots, no empty segments.
            return new NormalizedPath(raw, raw);
        }
        String decoded = decodeUnreserved(raw);
        String resolved = removeDotSegments(decoded);
        return new NormalizedPath(resolved, mergeSlashes(resolved));
    }

    /** True when the path has no character that normalisation would touch or reject. */
    private static boolean isAlreadyNormal(String raw) {
        char previous = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean dotAtSegmentEdge = c == '.'
                    && (previous == '/' || i + 1 == raw.length() || raw.charAt(i + 1) == '/');
            if (c == '%' || c == ';' || c == '\\' || c <= 0x20 || c >= 0x7f || dotAtSegmentEdge
                    || (c == '/' && previous == '/') || isUnsafeRaw(c)) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    private static String decodeUnreserved(String raw) throws AmbiguousPathException {
        StringBuilder out = new StringBuilder(raw.length());
        // Every percent-decoded byte sequence must be valid UTF-8, so collect the bytes of each run.
        byte[] run = new byte[raw.length() / 3 + 1];
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%') {
                int runLength = 0;
                int runStart = out.length();
                while (i < raw.length() && raw.charAt(i) == '%') {
                    if (i + 2 >= raw.length()) {
                        throw new AmbiguousPathException("invalid percent-encoding");
                    }
                    int hi = Character.digit(raw.charAt(i + 1), 16);
                    int lo = Character.digit(raw.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) {
                        throw new AmbiguousPathException("invalid percent-encoding");
                    }
                    int b = (hi << 4) | lo;
                    checkEncodedByte(b, raw, i);
                    run[runLength++] = (byte) b;
                    if (isUnreserved(b)) {
                        out.append((char) b);
                    } else {
                        out.append('%').append(HEX[hi]).append(HEX[lo]);
                    }
                    i += 3;
                }
                requireUtf8(run, runLength);
                if (runStart == out.length()) {
                    throw new AmbiguousPathException("invalid percent-encoding");
                }
                continue;
            }
            checkRawChar(c);
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static void checkEncodedByte(int b, String raw, int at) throws AmbiguousPathException {
        if (b == '/' || b == '\\') {
            throw new AmbiguousPathException("encoded '/' or '\\' in path");
        }
        if (b < 0x20 || b == 0x7f) {
            throw new AmbiguousPathException("encoded control character in path");
        }
        if (b == ';') {
            throw new AmbiguousPathException("path parameters (';') are not allowed");
        }
        if (b == '%' && at + 4 < raw.length()
                && Character.digit(raw.charAt(at + 3), 16) >= 0
                && Character.digit(raw.charAt(at + 4), 16) >= 0) {
            throw new AmbiguousPathException("double percent-encoding in path");
        }
    }

    private static void checkRawChar(char c) throws AmbiguousPathException {
        if (c < 0x20 || c == 0x7f) {
            throw new AmbiguousPathException("control character in path");
        }
        if (c == '\\') {
            throw new AmbiguousPathException("'\\' in path");
        }
        if (c == ';') {
            throw new AmbiguousPathException("path parameters (';') are not allowed");
        }
        if (isUnsafeRaw(c)) {
            throw new AmbiguousPathException("character not allowed in path without percent-encoding");
        }
    }

    private static boolean isUnsafeRaw(char c) {
        return c == ' ' || c == '#' || c == '"' || c == '<' || c == '>' || c == '`' || c == '{'
                || c == '}' || c == '|' || c == '^' || c >= 0x80;
    }

    private static void requireUtf8(byte[] bytes, int length) throws AmbiguousPathException {
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
        } catch (CharacterCodingException e) {
            throw new AmbiguousPathException("percent-encoded bytes are not UTF-8");
        }
    }

    /** RFC 3986 §5.2.4, stricter: climbing above the root and dot-suffixed segments are errors. */
    private static String removeDotSegments(String path) throws AmbiguousPathException {
        // Segments between slashes; path starts with '/', so the first split element is empty.
        String[] segments = path.substring(1).split("/", -1);
        String[] kept = new String[segments.length];
        int depth = 0;
        boolean trailingSlash = false;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                trailingSlash = last;
                continue;
            }
            if (segment.equals("..")) {
                if (depth == 0) {
                    throw new AmbiguousPathException("'..' climbs above the root");
                }
                depth--;
                trailingSlash = last;
                continue;
            }
            if (segment.endsWith(".")) {
                throw new AmbiguousPathException("path segment ends with '.'");
            }
            kept[depth++] = segment;
            trailingSlash = false;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < depth; i++) {
            out.append('/').append(kept[i]);
        }
        if (trailingSlash || depth == 0) {
            out.append('/');
        }
        return out.toString();
    }

    private static String mergeSlashes(String path) {
        if (!path.contains("//")) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        char previous = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '/' || previous != '/') {
                out.append(c);
            }
            previous = c;
        }
        return out.toString();
    }

    private static boolean isUnreserved(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '-' || b == '.' || b == '_' || b == '~';
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
