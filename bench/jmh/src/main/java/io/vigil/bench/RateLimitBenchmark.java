package io.vigil.bench;

import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vigil.auth.NoneAuthenticator;
import io.vigil.authz.Access;
import io.vigil.limit.LimitKey;
import io.vigil.limit.LimitRule;
import io.vigil.limit.LocalBuckets;
import io.vigil.limit.Plans;
import io.vigil.limit.RateLimitStage;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.route.HostPattern;
import io.vigil.route.PathTemplate;
import io.vigil.route.Route;
import io.vigil.route.RouteMatch;
import io.vigil.server.PathNormalizer;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process rate limit cost. Target (issue 4): a check ≤ 1 µs. {@code bucketOnly} is the
 * Bucket4j take from a cached bucket; {@code stage} is what a request pays: key, bucket,
 * {@code RateLimit} header text ({@code exchangeOnly} is the part of it that is the benchmark's own).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RateLimitBenchmark {

    LocalBuckets buckets;
    LimitRule rule;
    String key;
    RateLimitStage stage;
    Route route;

    @Setup
    public void setUp() throws Exception {
        buckets = new LocalBuckets();
        // Never runs dry during the run, so every call takes the admit path.
        rule = LimitRule.rate("route:orders", "per-ip", LimitKey.parse("ip"), 500_000_000, Duration.ofSeconds(1),
                1_000_000_000_000L, io.vigil.pipeline.Mode.ENFORCE);
        key = rule.id() + '\u0000' + "ip:10.1.2.3";
        stage = new RateLimitStage(buckets, Plans.NONE, ZoneOffset.UTC, false);
        route = new Route("orders", HostPattern.ANY, Set.of(), PathTemplate.parse("/orders"), null,
                List.of(NoneAuthenticator.INSTANCE), Access.NONE, null, 1 << 20, false, false, false, io.vigil.limit.Limits.of(List.of(rule)),
                io.vigil.pipeline.Mode.ENFORCE);
    }

    @Benchmark
    public ConsumptionProbe bucketOnly() {
        return buckets.consumeNow(key, rule);
    }

    @Benchmark
    @Threads(2)
    public ConsumptionProbe bucketOnlyTwoThreads() {
        return buckets.consumeNow(key, rule);
    }

    @Benchmark
    public Future<Decision> stage() {
        return stage.apply(exchange());
    }

    /** What {@link #stage} spends building the exchange, to subtract. */
    @Benchmark
    public Exchange exchangeOnly() {
        return exchange();
    }

    private Exchange exchange() {
        Exchange exchange = Exchange.builder().requestId("r").method("GET").rawTarget("/orders")
                .clientAddress("10.1.2.3").headers(MultiMap.caseInsensitiveMultiMap()).build();
        exchange.matched(new RouteMatch.Found(route, List.of(), "/orders"));
        return exchange;
    }
}
