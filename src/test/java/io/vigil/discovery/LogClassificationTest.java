package io.vigil.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.discovery.logs.LogIngest;
import io.vigil.discovery.spec.SpecIndex;
import io.vigil.discovery.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A recorded access log with known shadow, zombie, unused and drift endpoints (labels.txt), judged against its spec. */
class LogClassificationTest {

    static Path fixture(String name) throws Exception {
        return Path.of(LogClassificationTest.class.getResource("/discovery/traffic/" + name).toURI());
    }

    @Test
    void theClassifierFindsExactlyTheLabelledEndpoints() throws Exception {
        EndpointTree tree = new EndpointTree(50, 100_000);
        LogIngest.Result read = LogIngest.ingest(List.of(fixture("access.log")), "nginx", tree);
        assertThat(read.malformed()).isPositive();
        List<InventoryEntry> entries = new Classifier(Map.of(), SpecIndex.of(SpecReader.read(fixture("shop-api.yaml"))),
                Duration.ofDays(30)).classify(tree.endpoints(), Instant.parse("2026-11-28T00:00:00Z"));
        List<String> found = new ArrayList<>();
        for (InventoryEntry e : entries) {
            for (Finding f : e.findings()) {
                found.add(f.classification() + " " + e.method() + " " + e.template());
            }
        }
        List<String> labels = Files.readAllLines(fixture("labels.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(found).containsExactlyInAnyOrderElementsOf(labels);
    }
}
