package io.vigil.discovery.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Each fixture project's endpoints found exactly: its expected.txt lists "METHOD /template" per line. */
class CodeScanTest {

    static Path fixture(String name) throws Exception {
        return Path.of(CodeScanTest.class.getResource("/discovery/code/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java-spring", "java-jaxrs", "express", "fastify", "nestjs", "flask", "fastapi", "django", "go-nethttp",
            "gin", "echo", "chi"})
    void findsExactlyTheDeclaredEndpoints(String project) throws Exception {
        Path root = fixture(project);
        List<String> expected = Files.readAllLines(root.resolve("expected.txt")).stream().filter(l -> !l.isBlank()).toList();
        CodeScan.Result result = CodeScan.scan(List.of(root));
        assertThat(result.endpoints()).extracting(e -> e.method() + " " + e.template()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void endpointsCarryFileLineLanguageAndFramework() throws Exception {
        CodeScan.Result result = CodeScan.scan(List.of(fixture("java-spring")));
        CodeEndpoint get = result.endpoints().stream().filter(e -> e.template().equals("/api/v1/orders/{orderId}")
                && e.method().equals("GET")).findFirst().orElseThrow();
        assertThat(get.file()).endsWith("OrderController.java");
        assertThat(get.line()).isEqualTo(14);
        assertThat(get.language()).isEqualTo("java");
        assertThat(get.framework()).isEqualTo("spring");
        CodeEndpoint chi = CodeScan.scan(List.of(fixture("chi"))).endpoints().stream()
                .filter(e -> e.template().equals("/admin/accounts")).findFirst().orElseThrow();
        assertThat(chi.line()).isEqualTo(28);
        assertThat(chi.framework()).isEqualTo("chi");
    }

    @Test
    void anUnparseableFileIsReportedAndSkipped() throws Exception {
        CodeScan.Result result = CodeScan.scan(List.of(fixture("java-jaxrs")));
        assertThat(result.skipped()).singleElement().satisfies(s -> assertThat(s).contains("Broken.java: does not parse"));
        assertThat(result.endpoints()).hasSize(4);
    }

    @Test
    void pathSyntaxesOfEveryFrameworkBecomeOneForm() {
        assertThat(Templates.normalize("/users/:id")).isEqualTo("/users/{id}");
        assertThat(Templates.normalize("/users/:id(\\d+)")).isEqualTo("/users/{id}");
        assertThat(Templates.normalize("users/<int:pk>/")).isEqualTo("/users/{pk}");
        assertThat(Templates.normalize("^legacy/(?P<year>[0-9]{4})/$")).isEqualTo("/legacy/{year}");
        assertThat(Templates.normalize("/orders/{orderId:[0-9]+}")).isEqualTo("/orders/{orderId}");
        assertThat(Templates.normalize("/pay/{paymentId: [A-Z]{3}-\\d+}/refund")).isEqualTo("/pay/{paymentId}/refund");
        assertThat(Templates.normalize("/files/<path:name>")).isEqualTo("/files/{name*}");
        assertThat(Templates.normalize("/exports/{file_path:path}")).isEqualTo("/exports/{file_path*}");
        assertThat(Templates.normalize("api/v1/^posts/(?P<pk>[0-9]+)/$")).isEqualTo("/api/v1/posts/{pk}");
        assertThat(Templates.normalize("^drafts/(?P<rest>.*)$")).isEqualTo("/drafts/{rest*}");
        assertThat(Templates.normalize("^a/(?P<code>(?:x|y){2})/$")).isEqualTo("/a/{code}");
        assertThat(Templates.normalize("/{$}")).isEqualTo("/");
        assertThat(Templates.normalize("/static/{path...}")).isEqualTo("/static/{path*}");
        assertThat(Templates.normalize("/files/{path...}")).isEqualTo("/files/{path*}");
        assertThat(Templates.normalize("/proxy/*path")).isEqualTo("/proxy/{path*}");
        assertThat(Templates.normalize("/static/*")).isEqualTo("/static/{rest*}");
    }

    /** Scans a project made of the given files: path, source, path, source … */
    private static List<String> scanSources(String... pathsAndSources) throws Exception {
        Path root = Files.createTempDirectory("vigil-scan");
        try {
            for (int i = 0; i < pathsAndSources.length; i += 2) {
                Path file = root.resolve(pathsAndSources[i]);
                Files.createDirectories(file.getParent());
                Files.writeString(file, pathsAndSources[i + 1]);
            }
            return CodeScan.scan(List.of(root)).endpoints().stream().map(e -> e.method() + " " + e.template()).toList();
        } finally {
            try (var walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void jaxRsResourcesLiveUnderTheApplicationPath() throws Exception {
        assertThat(scanSources("src/org/shop/ShopApp.java", """
                package org.shop;
                @ApplicationPath("/api/*")
                public class ShopApp extends Application { }
                """, "src/org/shop/rs/Items.java", """
                package org.shop.rs;
                @Path("items")
                public class Items {
                    @GET public String all() { return ""; }
                    @DELETE @Path("{id}") public void remove(@PathParam("id") long id) { }
                }
                """)).containsExactlyInAnyOrder("GET /api/items", "DELETE /api/items/{id}");
    }

    @Test
    void withSeveralJaxRsApplicationsEachResourceTakesTheOneOfItsPackage() throws Exception {
        assertThat(scanSources("a/PublicApp.java", """
                package com.x.pub;
                @ApplicationPath("/public")
                class PublicApp extends Application { }
                """, "b/AdminApp.java", """
                package com.x.admin;
                @ApplicationPath("/admin")
                class AdminApp extends Application { }
                """, "c/Users.java", """
                package com.x.admin.users;
                @Path("/users")
                class Users { @GET String all() { return ""; } }
                """)).containsExactly("GET /admin/users");
    }

    @Test
    void subResourceLocatorsServeTheReturnedClassUnderTheirPath() throws Exception {
        assertThat(scanSources("Orders.java", """
                @Path("/orders")
                public class Orders {
                    @GET public String all() { return ""; }
                    @Path("{orderId}/lines") public Lines lines(@PathParam("orderId") long id) { return new Lines(); }
                    @Path("{orderId}/notes") public Class<Notes> notes() { return Notes.class; }
                }
                """, "Lines.java", """
                public class Lines {
                    @GET public String all() { return ""; }
                    @DELETE @Path("{lineNo}") public void remove(@PathParam("lineNo") int n) { }
                    @Path("{lineNo}/tax") public Tax tax() { return new Tax(); }
                }
                """, "Tax.java", """
                public class Tax { @PUT public void set(String t) { } }
                """, "Notes.java", """
                public class Notes { @POST public void add(String n) { } }
                """, "Orphan.java", """
                public class Orphan { @GET public String never() { return ""; } }
                """)).containsExactlyInAnyOrder("GET /orders", "GET /orders/{orderId}/lines", "DELETE /orders/{orderId}/lines/{lineNo}",
                "PUT /orders/{orderId}/lines/{lineNo}/tax", "POST /orders/{orderId}/notes");
    }

    @Test
    void declarativeHttpClientsAreCallsNotEndpoints() throws Exception {
        assertThat(scanSources("PricingClient.java", """
                @FeignClient(name = "pricing", path = "/pricing")
                public interface PricingClient {
                    @GetMapping("/quotes/{sku}") String quote(@PathVariable String sku);
                }
                """, "RatesClient.java", """
                @RegisterRestClient(configKey = "rates")
                @Path("/rates")
                public interface RatesClient { @GET String latest(); }
                """, "GitHub.java", """
                public interface GitHub {
                    @GET("users/{user}/repos") Call<List<Repo>> repos(@Path("user") String user);
                }
                """, "Quotes.java", """
                @RestController
                public class Quotes { @GetMapping("/quotes") String all() { return ""; } }
                """)).containsExactly("GET /quotes");
    }

    @Test
    void goGroupsPassedToFunctionsInOtherFilesGiveThemTheirPrefix() throws Exception {
        assertThat(scanSources("main.go", """
                package main
                import "github.com/gin-gonic/gin"
                func main() {
                    r := gin.Default()
                    v1 := r.Group("/v1")
                    {
                        routes.RegisterItems(v1)
                    }
                    routes.RegisterItems(r.Group("/beta"))
                    r.Run()
                }
                """, "routes/items.go", """
                package routes
                import "github.com/gin-gonic/gin"
                func RegisterItems(rg *gin.RouterGroup) {
                    items := rg.Group("/items")
                    items.GET("", list)
                    register(items)
                }
                func register(g *gin.RouterGroup) {
                    g.DELETE("/:id", remove)
                }
                """)).containsExactlyInAnyOrder("GET /v1/items", "GET /beta/items", "DELETE /v1/items/{id}", "DELETE /beta/items/{id}");
    }

    @Test
    void goRoutesOfFunctionsNothingCallsAreNotServed() throws Exception {
        String legacy = """
                package routes
                import "github.com/gin-gonic/gin"
                func RegisterLegacy(r *gin.Engine) {
                    v0 := r.Group("/v0")
                    v0.GET("/order/:id", old)
                    helper(v0)
                }
                func helper(g *gin.RouterGroup) { g.POST("/order", old) }
                """;
        assertThat(scanSources("main.go", """
                package main
                import "github.com/gin-gonic/gin"
                func main() {
                    r := gin.Default()
                    r.GET("/ping", ping)
                    // routes.RegisterLegacy(r) -- retired
                    r.Run()
                }
                """, "routes/legacy.go", legacy)).containsExactly("GET /ping");
        assertThat(scanSources("routes/legacy.go", legacy))
                .as("without a main package the callers may be outside the scan")
                .containsExactlyInAnyOrder("GET /v0/order/{id}", "POST /v0/order");
    }

    @Test
    void goPathsConcatenatePackageConstants() throws Exception {
        assertThat(scanSources("api/routes.go", """
                package api
                import "net/http"
                const apiPrefix = "/api/v1"
                func Register(mux *http.ServeMux) {
                    mux.HandleFunc("GET "+apiPrefix+"/series", series)
                    mux.HandleFunc(paths.Health, health)
                    mux.HandleFunc("POST " + byName, ingest)
                    mux.HandleFunc(c.base+"/x", nope)
                }
                """, "api/names.go", """
                package api
                const (
                    metrics = "/metrics"
                    byName  = metrics + "/{name}"
                )
                """, "paths/paths.go", """
                package paths
                const Health string = "/healthz"
                """)).containsExactlyInAnyOrder("GET /api/v1/series", "* /healthz", "POST /metrics/{name}");
    }

    @Test
    void goRegistrationsThatNameTheMethodFirst() throws Exception {
        assertThat(scanSources("gin.go", """
                package main
                import "github.com/gin-gonic/gin"
                func main() {
                    r := gin.New()
                    r.Handle(http.MethodHead, "/ping", h)
                    r.Handle("PROPFIND", "/dav", h)
                    r.Match([]string{http.MethodGet, "POST"}, "/both", h)
                    serve(echo.New())
                }
                """, "echo.go", """
                package main
                import "github.com/labstack/echo/v4"
                func serve(e *echo.Echo) {
                    e.Add(http.MethodPut, "/put", h)
                    wg.Add(1)
                }
                """)).containsExactlyInAnyOrder("HEAD /ping", "PROPFIND /dav", "GET /both", "POST /both", "PUT /put");
    }

    @Test
    void goRoutersDerivedInline() throws Exception {
        assertThat(scanSources("main.go", """
                package main
                import "github.com/go-chi/chi/v5"
                func main() {
                    r := chi.NewRouter()
                    r.Route("/products", func(r chi.Router) {
                        r.With(adminOnly).Post("/import", importProducts)
                        r.Group(func(in chi.Router) {
                            in.Use(auth)
                            in.Get("/drafts", drafts)
                        })
                    })
                    r.Route("/accounts", accountRoutes)
                    admin := chi.NewRouter()
                    admin.Get("/stats", stats)
                    r.Mount("/admin", admin)
                    http.ListenAndServe(":1", r)
                }
                func accountRoutes(r chi.Router) {
                    r.Get("/{id}", account)
                }
                """, "gorilla/server.go", """
                package gorilla
                import "github.com/gorilla/mux"
                type server struct{ router *mux.Router; api *mux.Router }
                func (s *server) init() {
                    s.api = s.router.PathPrefix("/api").Subrouter()
                }
                func (s *server) routes() {
                    s.api.HandleFunc("/things/{id}", thing).
                        Methods(http.MethodGet, "PUT")
                }
                """)).containsExactlyInAnyOrder("POST /products/import", "GET /products/drafts", "GET /accounts/{id}",
                "GET /admin/stats", "GET /api/things/{id}", "PUT /api/things/{id}");
    }
}
