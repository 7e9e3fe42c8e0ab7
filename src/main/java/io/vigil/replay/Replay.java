package io.vigil.replay;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.config.Runtime;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a decision log and replays every line through a {@link Replayer}, one line at a time. */
public final class Replay {

    /** Integers as longs, as token claims are: CEL compares ints, not Java Integers. */
    static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.USE_LONG_FOR_INTS, true);

    private Replay() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ReplayReport run(Path traffic, Runtime candidate) throws IOException {
        Replayer replayer = new Replayer(candidate);
        ReplayReport report = new ReplayReport();
        try (BufferedReader reader = Files.newBufferedReader(traffic, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                RecordedRequest recorded;
                try {
                    JsonNode node = MAPPER.readTree(text);
                    if (node == null || !node.isObject()) {
                        throw new IllegalArgumentException("not a JSON object");
                    }
                    recorded = RecordedRequest.parse(node, line, MAPPER);
                } catch (IOException | IllegalArgumentException e) {
                    report.unreadable(line, e.getMessage() == null ? e.getClass().getSimpleName()
                            : e.getMessage().lines().findFirst().orElse(""));
                    continue;
                }
                if (report.replayable(recorded)) {
                    report.add(recorded, replayer.decide(recorded));
                }
            }
        }
        return report;
    }
}
