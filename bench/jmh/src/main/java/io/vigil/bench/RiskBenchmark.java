package io.vigil.bench;

import io.vertx.core.MultiMap;
import io.vigil.auth.Principal;
import io.vigil.authz.NetworkTags;
import io.vigil.config.RiskConfig;
import io.vigil.pipeline.Exchange;
import io.vigil.risk.RiskAssessment;
import io.vigil.risk.RiskEngine;
import io.vigil.server.CidrSet;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring one request with every contextual signal firing. Sample-time mode, so the result has
 * percentiles: issue 5's target is ≤ 20 µs at p99 for the whole scoring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RiskBenchmark {

    RiskEngine engine;
    /** The same with behaviour baselines, warmed with an hour of the caller's traffic. */
    RiskEngine withBaselines;
    Exchange exchange;

    @Setup
    public void setUp() {
        NetworkTags networks = new NetworkTags(Map.of("tor", CidrSet.parse(List.of("198.51.100.0/24")),
                "office", CidrSet.parse(List.of("10.0.0.0/8"))));
        engine = RiskEngine.of(new RiskConfig(60, 85, 100, List.of("mfa"), java.time.Duration.ofMinutes(5), List.of("tor"), List.of("office"),
                new RiskConfig.BusinessHours(List.of("mon", "tue", "wed", "thu", "fri"), "08:00", "18:00"), Map.of(),
                100_000, 2_000, null, io.vigil.pipeline.Mode.ENFORCE, null, null, List.of()), networks, ZoneId.of("Europe/Berlin"));
        io.vigil.risk.Baselines baselines = new io.vigil.risk.Baselines(100_000);
        withBaselines = RiskEngine.of(new RiskConfig(60, 85, 100, List.of("mfa"), java.time.Duration.ofMinutes(5), List.of("tor"), List.of("office"),
                new RiskConfig.BusinessHours(List.of("mon", "tue", "wed", "thu", "fri"), "08:00", "18:00"), Map.of(),
                100_000, 2_000, null, io.vigil.pipeline.Mode.ENFORCE, null, null, List.of()), networks, ZoneId.of("Europe/Berlin"), baselines);
        exchange = Exchange.builder().requestId("r").method("GET").rawTarget("/orders").clientAddress("192.0.2.7")
                .startEpochMillis(System.currentTimeMillis()).headers(MultiMap.caseInsensitiveMultiMap()).build();
        exchange.principal(new Principal(Principal.Type.USER, "alice", "https://idp", "jwt:corp", Set.of(), Set.of(), null,
                null, List.of("pwd"), System.currentTimeMillis() / 1000 - 3 * 86_400, null, null, null, 0, Map.of(),
                Map.of("device_compliant", false), 0));
        long start = System.currentTimeMillis() - 3_600_000;
        for (int i = 0; i < 3_600; i++) {
            baselines.accept(new io.vigil.audit.DecisionRecord(start + i * 1_000L, "r", "orders", "GET", "http", "api",
                    "/orders/" + (i % 50), 200, "allow", "allowed", null, null, List.of(), "192.0.2.7", List.of(),
                    exchange.principal(), null, null, 10, 10, 2_048, null, null));
        }
    }

    @Benchmark
    public RiskAssessment scoreWithBaselines() {
        return withBaselines.assess(exchange);
    }

    @Benchmark
    public RiskAssessment score() {
        return engine.assess(exchange);
    }
}
