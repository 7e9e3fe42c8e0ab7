package io.vigil.bench;

import io.vigil.auth.NoneAuthenticator;
import io.vigil.route.HostPattern;
import io.vigil.route.PathTemplate;
import io.vigil.route.Route;
import io.vigil.route.RouteMatch;
import io.vigil.route.RouteTable;
import io.vigil.server.NormalizedPath;
import io.vigil.server.PathNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Route lookup in tables of growing size: it should not grow with the number of routes. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteTableBenchmark {

    @Param({"10", "1000"})
    public int routes;

    RouteTable table;
    NormalizedPath literalHit;
    NormalizedPath templateHit;
    NormalizedPath miss;

    @Setup
    public void build() throws Exception {
        List<Route> list = new ArrayList<>();
        for (int i = 0; i < routes; i++) {
            list.add(route("list" + i, "/svc" + i + "/orders", "GET", "POST"));
            list.add(route("item" + i, "/svc" + i + "/orders/{id}", "GET"));
            list.add(route("sub" + i, "/svc" + i + "/orders/{id}/items/{item}", "GET"));
        }
        list.add(route("fallback", "/static/{rest*}", "GET"));
        table = RouteTable.build(list);
        int middle = routes / 2;
        literalHit = PathNormalizer.normalize("/svc" + middle + "/orders");
        templateHit = PathNormalizer.normalize("/svc" + middle + "/orders/12345/items/9");
        miss = PathNormalizer.normalize("/nothing/here/at/all");
    }

    private static Route route(String id, String path, String... methods) {
        return new Route(id, HostPattern.ANY, Set.of(methods), PathTemplate.parse(path), null,
                List.of(NoneAuthenticator.INSTANCE), io.vigil.authz.Access.NONE, null, 1 << 20, false, false, false, io.vigil.limit.Limits.NONE, io.vigil.pipeline.Mode.ENFORCE);
    }

    @Benchmark
    public RouteMatch literal() {
        return table.match("api.example.com", "GET", literalHit);
    }

    @Benchmark
    public RouteMatch template() {
        return table.match("api.example.com", "GET", templateHit);
    }

    @Benchmark
    public RouteMatch noRoute() {
        return table.match("api.example.com", "GET", miss);
    }
}
