package io.vigil.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.auth.NoneAuthenticator;
import io.vigil.server.PathNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    static Route route(String id, String host, String path, String... methods) {
        return route(id, host, path, false, false, methods);
    }

    static Route route(String id, String host, String path, boolean merge, boolean caseInsensitive, String... methods) {
        return new Route(id, HostPattern.parse(host), Set.of(methods), PathTemplate.parse(path), null,
                List.of(NoneAuthenticator.INSTANCE), io.vigil.authz.Access.NONE, null, 1024, false, merge, caseInsensitive, io.vigil.limit.Limits.NONE, io.vigil.pipeline.Mode.ENFORCE);
    }

    static RouteMatch match(RouteTable table, String host, String method, String path) throws Exception {
        return table.match(host, method, PathNormalizer.normalize(path));
    }

    static String id(RouteMatch match) {
        return match instanceof RouteMatch.Found f ? f.route().id() : match.getClass().getSimpleName();
    }

    final RouteTable table = RouteTable.build(List.of(
            route("orders-list", null, "/orders", "GET", "POST"),
            route("order", null, "/orders/{id}", "GET"),
            route("order-new", null, "/orders/new", "GET"),
            route("order-items", null, "/orders/{id}/items/{item}", "GET"),
            route("files", null, "/files/{rest*}"),
            route("root", null, "/{rest*}", "GET"),
            route("api-host", "api.example.com", "/orders/{id}", "GET"),
            route("wild-host", "*.example.com", "/orders/{id}", "GET"),
            route("case", null, "/Admin/Panel", false, true, "GET"),
            route("merge", null, "/merge/{x}", true, false, "GET"),
            route("delete-any", null, "/things/{id}", "DELETE")));

    @Test
    void an_endpoint_template_found_in_code_is_tied_to_the_route_that_would_serve_it() {
        assertThat(table.routeServing("GET", "/orders/{orderId}")).isEqualTo("order");
        assertThat(table.routeServing("GET", "/orders/{id}/items/{itemId}")).isEqualTo("order-items");
        assertThat(table.routeServing("PUT", "/files/{path*}")).isEqualTo("files");
        assertThat(table.routeServing("GET", "/reports/{year}/summary")).as("the catch-all").isEqualTo("root");
        assertThat(table.routeServing("POST", "/orders/{id}")).as("the owning route refuses the method").isNull();
        RouteTable hostOnly = RouteTable.build(List.of(route("shop", "*.shop.example", "/carts/{id}", "GET")));
        assertThat(hostOnly.routeServing("GET", "/carts/{cartId}")).isEqualTo("shop");
        assertThat(hostOnly.routeServing("GET", "/elsewhere")).isNull();
    }

    @Test
    void the_most_specific_route_wins() throws Exception {
        assertThat(id(match(table, null, "GET", "/orders"))).isEqualTo("orders-list");
        assertThat(id(match(table, null, "GET", "/orders/42"))).isEqualTo("order");
        assertThat(id(match(table, null, "GET", "/orders/new"))).isEqualTo("order-new");
        assertThat(id(match(table, null, "GET", "/orders/42/items/7"))).isEqualTo("order-items");
        assertThat(id(match(table, null, "GET", "/orders/42/other"))).isEqualTo("root");
        assertThat(id(match(table, null, "GET", "/"))).isEqualTo("root");
    }

    @Test
    void parameters_are_bound_by_name() throws Exception {
        RouteMatch.Found found = (RouteMatch.Found) match(table, null, "GET", "/orders/42/items/a%20b");
        assertThat(found.param("id")).isEqualTo("42");
        assertThat(found.param("item")).isEqualTo("a%20b");
        RouteMatch.Found files = (RouteMatch.Found) match(table, null, "PUT", "/files/a/b/c.txt");
        assertThat(files.route().id()).isEqualTo("files");
        assertThat(files.param("rest")).isEqualTo("a/b/c.txt");
        RouteMatch.Found empty = (RouteMatch.Found) match(table, null, "PUT", "/files/");
        assertThat(empty.param("rest")).isEmpty();
    }

    @Test
    void the_most_specific_path_owns_the_request_whatever_the_method() throws Exception {
        // POST /orders/42: 'order' owns the path and is GET only: 405, never 'root'.
        RouteMatch m = match(table, null, "POST", "/orders/42");
        assertThat(m).isInstanceOf(RouteMatch.MethodNotAllowed.class);
        assertThat(((RouteMatch.MethodNotAllowed) m).allowed()).containsExactly("GET");
        assertThat(id(match(table, null, "DELETE", "/things/1"))).isEqualTo("delete-any");
        // GET /things/1 is owned by the DELETE-only route: no fall-through to the GET catch-all.
        assertThat(match(table, null, "GET", "/things/1")).isInstanceOf(RouteMatch.MethodNotAllowed.class);
        // A protected GET-only route in front of a public catch-all that takes any method.
        RouteTable guarded = RouteTable.build(List.of(route("admin", null, "/admin/{rest*}", "GET"),
                route("public", null, "/{rest*}")));
        assertThat(match(guarded, null, "POST", "/admin/users")).isInstanceOf(RouteMatch.MethodNotAllowed.class);
        assertThat(id(match(guarded, null, "POST", "/other"))).isEqualTo("public");
        // Routes on the same path with different methods share it.
        RouteTable shared = RouteTable.build(List.of(route("read", null, "/x/{id}", "GET"),
                route("write", null, "/x/{id}", "PUT")));
        assertThat(id(match(shared, null, "PUT", "/x/1"))).isEqualTo("write");
    }

    @Test
    void hosts_exact_then_wildcard_then_any() throws Exception {
        assertThat(id(match(table, "api.example.com", "GET", "/orders/1"))).isEqualTo("api-host");
        assertThat(id(match(table, "shop.example.com", "GET", "/orders/1"))).isEqualTo("wild-host");
        assertThat(id(match(table, "example.com", "GET", "/orders/1"))).isEqualTo("order");
        assertThat(id(match(table, "other.org", "GET", "/orders/1"))).isEqualTo("order");
    }

    @Test
    void case_folding_only_where_asked() throws Exception {
        assertThat(id(match(table, null, "GET", "/admin/panel"))).isEqualTo("case");
        assertThat(id(match(table, null, "GET", "/ADMIN/PANEL"))).isEqualTo("case");
        assertThat(id(match(table, null, "GET", "/ORDERS/1"))).isEqualTo("root");
    }

    @Test
    void empty_segments_only_on_routes_that_merge() throws Exception {
        RouteMatch merged = match(table, null, "GET", "/merge//a");
        assertThat(id(merged)).isEqualTo("merge");
        assertThat(((RouteMatch.Found) merged).path()).isEqualTo("/merge/a");
        assertThat(match(table, null, "GET", "//orders/1")).isInstanceOf(RouteMatch.AmbiguousSlashes.class);
    }

    @Test
    void no_route_is_not_found() throws Exception {
        RouteTable only = RouteTable.build(List.of(route("a", null, "/a", "GET")));
        assertThat(match(only, null, "GET", "/b")).isEqualTo(RouteMatch.NOT_FOUND);
        assertThat(match(only, null, "GET", "/a/")).isEqualTo(RouteMatch.NOT_FOUND);
        assertThat(match(only, "x.org", "GET", "/a")).isInstanceOf(RouteMatch.Found.class);
    }

    @Test
    void overlapping_routes_are_rejected() {
        assertThatThrownBy(() -> RouteTable.build(List.of(route("a", null, "/x/{id}", "GET"),
                route("b", null, "/x/{other}", "GET", "PUT"))))
                .hasMessageContaining("routes 'a' and 'b' match the same requests");
        assertThatThrownBy(() -> RouteTable.build(List.of(route("a", null, "/x"), route("b", null, "/x", "GET"))))
                .hasMessageContaining("routes 'a' and 'b'");
        // Different methods or hosts do not overlap.
        RouteTable.build(List.of(route("a", null, "/x/{id}", "GET"), route("b", null, "/x/{id}", "POST"),
                route("c", "h.example", "/x/{id}", "GET")));
    }

    @Test
    void templates_are_validated() {
        for (String bad : new String[] {"orders", "/a/{id", "/a/{1x}", "/{rest*}/x", "/a//b", "/a/{id}{x}",
                "/a/{id}/{id}", "/a/../b"}) {
            assertThatThrownBy(() -> PathTemplate.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(PathTemplate.parse("/a/{id}/{rest*}").paramNames()).containsExactly("id", "rest");
    }

    @Test
    void a_large_table_still_matches_exactly() throws Exception {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            routes.add(route("r" + i, null, "/svc" + i + "/items/{id}", "GET"));
        }
        RouteTable big = RouteTable.build(routes);
        assertThat(id(match(big, null, "GET", "/svc377/items/9"))).isEqualTo("r377");
    }
}
