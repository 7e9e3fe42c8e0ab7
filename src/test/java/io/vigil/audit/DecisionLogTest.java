package io.vigil.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.metrics.GatewayMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogTest {

    @TempDir
    Path dir;

    static final io.vigil.auth.Principal ALICE = new io.vigil.auth.Principal(io.vigil.auth.Principal.Type.USER, "alice",
            "https://idp", "jwt:corp", java.util.Set.of("orders:read"), java.util.Set.of(), "acme", null, java.util.List.of(), 0,
            null, null, null, 0, java.util.Map.of(), java.util.Map.of("sub", "alice", "email", "alice@example.com", "dept", "eng"), 0);

    static DecisionRecord record(int i) {
        return new DecisionRecord(1_700_000_000_000L + i, "req-" + i, "r", "GET", "http", "h", "/p/" + i, 200, "allow",
                "allowed", null, null, java.util.List.of(), "127.0.0.1", java.util.List.of(), ALICE, null, "http://u", 120, 900, 0, null, null);
    }

    @Test
    void writes_every_record_as_one_json_line_and_rotates_by_size() throws Exception {
        Path file = dir.resolve("decisions.jsonl");
        GatewayMetrics metrics = new GatewayMetrics();
        try (DecisionLog log = new DecisionLog(1024, List.of(new JsonLinesFileSink(file, 4_000, 3)), metrics,
                java.util.Set.of("email"))) {
            for (int i = 0; i < 100; i++) {
                log.record(record(i));
            }
        }
        List<String> lines = new ArrayList<>();
        for (String name : new String[] {"decisions.jsonl.2", "decisions.jsonl.1", "decisions.jsonl"}) {
            Path p = dir.resolve(name);
            if (Files.exists(p)) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        assertThat(Files.exists(dir.resolve("decisions.jsonl.1"))).isTrue();
        assertThat(Files.exists(dir.resolve("decisions.jsonl.3"))).isFalse();
        // Only the newest files are kept, and every kept line is whole JSON.
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"time\":\"").endsWith("}}"));
        assertThat(lines.get(lines.size() - 1)).contains("\"requestId\":\"req-99\"");
        // The principal as replay needs it, without the claims configured as sensitive.
        assertThat(lines.get(0)).contains("\"principal\":{\"sub\":\"alice\",\"method\":\"jwt:corp\",\"type\":\"user\","
                + "\"issuer\":\"https://idp\",\"scopes\":[\"orders:read\"],\"tenant\":\"acme\",\"claims\":{\"dept\":\"eng\"}}")
                .doesNotContain("alice@example.com");
        assertThat(metrics.scrape()).contains("vigil_requests_total{reason=\"allowed\",route=\"r\",status=\"200\"} 100.0");
    }

    @Test
    void a_full_queue_drops_and_counts_but_never_blocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<EncodedDecision> written = Collections.synchronizedList(new ArrayList<>());
        DecisionSink slow = new DecisionSink() {
            @Override
            public void write(List<EncodedDecision> batch) throws Exception {
                release.await();
                written.addAll(batch);
            }

            @Override
            public void close() {
            }
        };
        GatewayMetrics metrics = new GatewayMetrics();
        DecisionLog log = new DecisionLog(16, List.of(slow), metrics);
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            log.record(record(i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        release.countDown();
        log.close();
        double dropped = metrics.registry().get("vigil_decision_log_dropped").counter().count();
        assertThat(dropped).isGreaterThan(0);
        assertThat(written.size() + (int) dropped).isEqualTo(1000);
    }

    @Test
    void a_failing_sink_does_not_stop_the_others() throws Exception {
        Path file = dir.resolve("d.jsonl");
        DecisionSink broken = new DecisionSink() {
            @Override
            public void write(List<EncodedDecision> batch) {
                throw new IllegalStateException("store down");
            }

            @Override
            public void close() {
            }
        };
        GatewayMetrics metrics = new GatewayMetrics();
        try (DecisionLog log = new DecisionLog(64, List.of(broken, new JsonLinesFileSink(file, 1 << 20, 2)), metrics)) {
            log.record(record(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file) && Files.readString(file).contains("req-1"));
        }
        assertThat(metrics.scrape()).contains("vigil_decision_sink_failures_total");
    }
}
