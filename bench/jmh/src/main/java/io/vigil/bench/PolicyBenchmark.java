package io.vigil.bench;

import io.vertx.core.MultiMap;
import io.vigil.auth.NoneAuthenticator;
import io.vigil.auth.Principal;
import io.vigil.authz.Access;
import io.vigil.authz.NetworkTags;
import io.vigil.authz.PolicyLanguage;
import io.vigil.authz.PolicyVariables;
import io.vigil.pipeline.Exchange;
import io.vigil.route.HostPattern;
import io.vigil.route.PathTemplate;
import io.vigil.route.Route;
import io.vigil.route.RouteMatch;
import io.vigil.server.CidrSet;
import io.vigil.server.PathNormalizer;
import java.time.ZoneId;
import java.util.ArrayList;
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
 * One CEL policy evaluation per request, as the authorization stage does it: fresh variables over
 * the exchange, then the compiled program. Target (issue 4): a typical 3-clause policy ≤ 2 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyBenchmark {

    Exchange exchange;
    NetworkTags networks;
    ZoneId zone = ZoneId.of("Europe/Berlin");
    /** Tenant isolation, a scope and a method: the "typical 3-clause policy". */
    PolicyLanguage.Compiled threeClauses;
    /** Admins only from the corporate network, in business hours. */
    PolicyLanguage.Compiled networkAndTime;
    PolicyLanguage.Compiled single;

    @Setup
    public void setUp() throws Exception {
        Route route = new Route("orders", HostPattern.ANY, Set.of(), PathTemplate.parse("/tenants/{tenant}/orders/{id}"),
                null, List.of(NoneAuthenticator.INSTANCE), Access.NONE, null, 1 << 20, false, false, false,
                io.vigil.limit.Limits.NONE, io.vigil.pipeline.Mode.ENFORCE);
        exchange = Exchange.builder().requestId("r").method("GET").rawTarget("/tenants/acme/orders/42")
                .clientAddress("10.1.2.3").headers(MultiMap.caseInsensitiveMultiMap().add("x-tenant", "acme")).build();
        exchange.normalized(PathNormalizer.normalize("/tenants/acme/orders/42"), null);
        exchange.matched(new RouteMatch.Found(route, List.of("acme", "42"), "/tenants/acme/orders/42"));
        exchange.principal(new Principal(Principal.Type.USER, "alice", "https://idp", "jwt:corp",
                Set.of("orders:read", "profile"), Set.of("admin"), "acme", null, List.of(), 0, null, null, null, 0,
                Map.of(), Map.of("sub", "alice", "tenant", "acme"), 0));
        networks = new NetworkTags(Map.of("corporate", CidrSet.parse(List.of("10.0.0.0/8"))));
        threeClauses = compile("request.params.tenant == principal.tenant && 'orders:read' in principal.scopes"
                + " && request.method in ['GET', 'HEAD']");
        networkAndTime = compile("!('admin' in principal.roles) || ('corporate' in network.tags"
                + " && time.between('00:00', '24:00'))");
        single = compile("request.params.tenant == principal.tenant");
    }

    static PolicyLanguage.Compiled compile(String source) {
        List<PolicyLanguage.Problem> problems = new ArrayList<>();
        PolicyLanguage.Compiled compiled = PolicyLanguage.compile(source, problems);
        if (compiled == null) {
            throw new IllegalStateException(problems.toString());
        }
        return compiled;
    }

    @Benchmark
    public boolean threeClausePolicy() throws Exception {
        return threeClauses.test(new PolicyVariables(exchange, networks, zone));
    }

    @Benchmark
    public boolean networkAndTimePolicy() throws Exception {
        return networkAndTime.test(new PolicyVariables(exchange, networks, zone));
    }

    @Benchmark
    public boolean oneComparison() throws Exception {
        return single.test(new PolicyVariables(exchange, networks, zone));
    }
}
