package io.vigil.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A byte count written as {@code 512}, {@code 64KiB}, {@code 10MiB}, {@code 1GiB}, {@code 1MB}. */
public record DataSize(long bytes) {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*([KMG]i?B|B)?");

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("size: " + bytes + " (expected: >= 0)");
        }
    }

    public static DataSize parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (expected: e.g. 512, 64KiB, 10MiB, 1GiB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long multiplier = switch (unit) {
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            default -> 1L;
        };
        return new DataSize(Math.multiplyExact(n, multiplier));
    }

    public int intBytes() {
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
