package io.vigil.audit;

import io.vigil.auth.Principal;
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

/** What one decision-log line costs the writer thread to encode (it shares the cores with the event loops). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionJsonBenchmark {

    DecisionJson json;
    /** Has once encoded a line with a character outside Latin-1, as a live log sooner or later does. */
    DecisionJson inflated;
    DecisionRecord anonymous;
    DecisionRecord user;

    @Setup
    public void setUp() {
        json = new DecisionJson(Set.of("email"));
        inflated = new DecisionJson(Set.of("email"));
        inflated.encode(new DecisionRecord(0, "r", "x", "GET", "http", "h", "/caf\u00e9/\u2192", 404, "deny", "no_route",
                "No route \u2192", null, List.of(), "127.0.0.1", List.of(), null, null, null, 0, -1, 0, null, null));
        anonymous = record(Principal.ANONYMOUS);
        user = record(new Principal(Principal.Type.USER, "user-0", "https://bench.vigil.test", "jwt:bench",
                Set.of("bench:read"), Set.of(), null, null, List.of(), 0, null, null, "8eec005d-5fa4-47cc-8e24-00cb15e36b8f",
                1795890957, Map.of(), Map.of("aud", "bench", "sub", "user-0", "scope", "bench:read",
                        "iss", "https://bench.vigil.test", "exp", 1795912557L, "iat", 1795890957L), 1795912557));
    }

    static DecisionRecord record(Principal principal) {
        return new DecisionRecord(System.currentTimeMillis(), "6ab62ec729e89651a5aae538224622a3", "public", "GET", "http",
                "127.0.0.1", "/public/bench", 200, "allow", "allowed", null, null, List.of(), "127.0.0.1", List.of(),
                principal, null, "http://127.0.0.1:18081", 60, 3608, 3, null, null);
    }

    @Benchmark
    public int anonymousLine() {
        return json.encode(anonymous).length();
    }

    @Benchmark
    public int userLineAfterUnicode() {
        return inflated.encode(user).length();
    }

    @Benchmark
    public int userLine() {
        return json.encode(user).length();
    }
}
