package io.vigil.discovery.logs;

import io.vigil.discovery.EndpointTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code vigil discover logs}: feeds access logs of other gateways (nginx, Envoy) and HAR files
 * into the same endpoint tree live traffic fills, so shadow APIs behind gateways that are not
 * Vigil are found too. A line that is not understood is counted and reported with its number,
 * never fatal.
 */
public final class LogIngest {

    /** Malformed lines listed at most; the rest are only counted. */
    static final int MAX_LISTED = 20;

    /**
     * @param records log lines (or HAR entries) read
     * @param malformed how many were not understood
     * @param examples the first {@value #MAX_LISTED} of them as {@code file:line: reason}
     */
    public record Result(long records, long malformed, List<String> examples) {
    }

    private LogIngest() {
    }

    /** @throws IllegalArgumentException for a format other than nginx, envoy or har */
    public static Result ingest(List<Path> files, String format, EndpointTree tree) throws IOException {
        String f = format.toLowerCase(Locale.ROOT);
        LogFormat lines = switch (f) {
            case "nginx" -> new NginxLog();
            case "envoy" -> new EnvoyLog();
            case "har" -> null;
            default -> throw new IllegalArgumentException("--format must be nginx, envoy or har, not '" + format + "'");
        };
        long records = 0;
        long[] malformed = {0};
        List<String> examples = new ArrayList<>();
        for (Path file : files) {
            if (lines == null) {
                records += HarLog.read(file, tree, (entry, why) -> note(malformed, examples, file + ": entry " + entry + ": " + why));
                continue;
            }
            // Logs hold whatever clients sent: undecodable bytes become U+FFFD instead of ending the read.
            try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)))) {
                String line;
                long number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    records++;
                    try {
                        tree.observe(lines.parse(line));
                    } catch (LogFormat.MalformedLineException e) {
                        note(malformed, examples, file + ":" + number + ": " + e.getMessage());
                    }
                }
            }
        }
        return new Result(records, malformed[0], List.copyOf(examples));
    }

    private static void note(long[] malformed, List<String> examples, String what) {
        malformed[0]++;
        if (examples.size() < MAX_LISTED) {
            examples.add(what);
        }
    }
}
