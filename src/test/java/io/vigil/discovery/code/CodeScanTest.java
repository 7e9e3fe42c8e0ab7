package io.vigil.discovery.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void expressRoutersKeepEveryMountPrefixAcrossFilesAndUnmountedRoutersServeNothing(@TempDir Path dir) throws Exception {
        write(dir, "src/app.js", """
                const express = require('express');
                import shopRouter from './shop/router';
                const { authenticate } = require('./auth');
                const app = express();
                app.use('/api/v2/shop', authenticate, shopRouter);
                app.get('/orders/:day?', listOrders);
                app.route('/status').get(status).head(status);
                """);
        write(dir, "src/auth.js", "module.exports = { authenticate: (req, res, next) => next() };\n");
        write(dir, "src/shop/router.js", """
                import { Router } from 'express';
                const carts = Router();
                carts.get('/carts/:cartId', show);
                carts.use('/carts/:cartId/lines', require('./lines'));
                export default carts;
                """);
        write(dir, "src/shop/lines.js", """
                const router = require('express').Router({ mergeParams: true });
                router.delete('/:lineNo', removeLine);
                module.exports = router;
                """);
        write(dir, "src/shop/retired.js", """
                const router = require('express').Router();
                router.get('/old-carts', oldCarts);
                module.exports = router;
                """);
        assertThat(endpoints(dir)).containsExactlyInAnyOrder("GET /api/v2/shop/carts/{cartId}",
                "DELETE /api/v2/shop/carts/{cartId}/lines/{lineNo}", "GET /orders", "GET /orders/{day}", "GET /status", "HEAD /status");
    }

    @Test
    void outboundHttpCallsInJavaScriptAreNotEndpoints(@TempDir Path dir) throws Exception {
        write(dir, "api.js", """
                import axios from 'axios';
                export default axios.create({ baseURL: process.env.UPSTREAM });
                """);
        write(dir, "client.js", """
                import api from './api';
                const axios = require('axios');
                const upstream = axios.create({ baseURL: 'http://upstream' });
                export const save = (payload) => upstream.post('/records', payload);
                export const find = (id) => api.get(`/records/${id}`, { params: { full: true } });
                export const drop = (id, done) => api.delete('/records/' + id, done);
                """);
        write(dir, "stock.service.ts", """
                export class StockService {
                  constructor(private readonly http: HttpClient) {}
                  sync(sku: string, body: object) { return this.http.put('/stock/levels', body); }
                }
                """);
        write(dir, "server.js", """
                const app = require('express')();
                app.put('/records/:id', (req, res) => res.end());
                """);
        assertThat(endpoints(dir)).containsExactly("PUT /records/{id}");
    }

    @Test
    void fastifyPluginsTakeTheirRegistrationPrefixFromConstantsAndTemplates(@TempDir Path dir) throws Exception {
        write(dir, "config.js", "const API = '/api';\nmodule.exports = { API };\n");
        write(dir, "server.js", """
                const fastify = require('fastify')();
                const { API } = require('./config');
                const VERSION = 'v3';
                fastify.get('/ping', async () => 'pong');
                fastify.register(require('./users'), { prefix: `${API}/${VERSION}/users` });
                fastify.register(async (fastify) => {
                  fastify.get('/stats', async () => ({}));
                }, { prefix: API + '/internal' });
                """);
        write(dir, "users.js", """
                async function users(app, opts) {
                  app.get('/:id', async () => ({}));
                  app.route({ method: ['PUT', 'DELETE'], url: '/:id', handler: async () => ({}) });
                  app.register(require('./avatars'), { prefix: '/:id/avatar' });
                }
                module.exports = users;
                """);
        write(dir, "avatars.js", "export default async function (f) { f.post('/', async () => ({})); }\n");
        assertThat(endpoints(dir)).containsExactlyInAnyOrder("GET /ping", "GET /api/internal/stats", "GET /api/v3/users/{id}",
                "PUT /api/v3/users/{id}", "DELETE /api/v3/users/{id}", "POST /api/v3/users/{id}/avatar");
    }

    @Test
    void nestServesOnlyControllersAModuleListsAndEveryPathOfAnArray(@TempDir Path dir) throws Exception {
        write(dir, "src/app.module.ts", """
                @Module({ imports: [], controllers: [ReportsController] })
                export class AppModule {}
                """);
        write(dir, "src/reports.controller.ts", """
                @Controller(['reports', 'r'])
                export class ReportsController {
                  @Get(['daily', 'weekly'])
                  report() {}
                }
                """);
        write(dir, "src/old.controller.ts", """
                @Controller('old')
                export class OldController {
                  @Get(':id')
                  find() {}
                }
                """);
        assertThat(endpoints(dir)).containsExactlyInAnyOrder("GET /reports/daily", "GET /reports/weekly", "GET /r/daily", "GET /r/weekly");
    }

    @Test
    void flaskBlueprintsFollowImportsRegistrationPrefixesAndNesting(@TempDir Path dir) throws Exception {
        write(dir, "shop/__init__.py", """
                from flask import Flask
                from .config import API_PREFIX
                from .catalog import bp as catalog_bp
                from . import reports


                def create_app():
                    app = Flask(__name__)
                    catalog_bp.register_blueprint(reports.bp, url_prefix="/reports")
                    app.register_blueprint(catalog_bp, url_prefix=f"{API_PREFIX}/catalog")
                    app.add_url_rule("/import", view_func=run_import, methods=["POST"])
                    return app
                """);
        write(dir, "shop/config.py", "API_PREFIX = \"/api\"\n");
        write(dir, "shop/catalog/__init__.py", """
                from flask import Blueprint

                bp = Blueprint("catalog", __name__, url_prefix="/ignored-when-registered-with-one")

                from . import views
                """);
        write(dir, "shop/catalog/views.py", """
                from . import bp


                @bp.route(
                    "/<int:item_id>",
                    methods=["GET", "PATCH"],
                )
                def item(item_id):
                    return ""
                """);
        write(dir, "shop/reports.py", """
                from flask import Blueprint

                bp = Blueprint("reports", __name__)


                @bp.get("/<name>")
                def report(name):
                    return ""
                """);
        write(dir, "shop/attic.py", """
                from flask import Blueprint

                attic = Blueprint("attic", __name__, url_prefix="/attic")


                @attic.get("/")
                def everything():
                    return ""
                """);
        assertThat(endpoints(dir)).containsExactlyInAnyOrder("GET /api/catalog/{item_id}", "PATCH /api/catalog/{item_id}",
                "GET /api/catalog/reports/{name}", "POST /import");
    }

    @Test
    void fastApiPrefixesComeFromSettingsObjectsAndNestedRouters(@TempDir Path dir) throws Exception {
        write(dir, "svc/core/config.py", """
                from functools import lru_cache
                from pydantic import BaseSettings, Field


                class Settings(BaseSettings):
                    api_prefix: str = Field("/api")
                    title = "svc"

                    def url(self):
                        api_prefix = "/not-this"
                        return api_prefix


                @lru_cache
                def get_settings():
                    return Settings()
                """);
        write(dir, "svc/main.py", """
                import os
                from fastapi import FastAPI
                from svc.core.config import get_settings
                from svc.api import api_router

                settings = get_settings()
                VERSION = os.getenv("API_VERSION", "/v1")
                app = FastAPI()
                app.include_router(api_router, prefix=settings.api_prefix + VERSION)
                app.add_api_route("/health", health)
                """);
        write(dir, "svc/api.py", """
                from fastapi import APIRouter
                from svc.routes import items

                api_router = APIRouter()
                api_router.include_router(items.router, prefix="/items")
                """);
        write(dir, "svc/routes/items.py", """
                from fastapi import APIRouter

                router = APIRouter(prefix="/catalog")


                @router.api_route("/{item_id}", methods=["GET", "PUT"])
                async def item(item_id: int):
                    return {}
                """);
        write(dir, "svc/routes/drafts.py", """
                from fastapi import APIRouter

                router = APIRouter()


                @router.get("/drafts")
                async def drafts():
                    return []
                """);
        assertThat(endpoints(dir)).containsExactlyInAnyOrder("GET /health", "GET /api/v1/items/catalog/{item_id}",
                "PUT /api/v1/items/catalog/{item_id}");
    }

    @Test
    void djangoServesWhatRootUrlconfReaches(@TempDir Path dir) throws Exception {
        write(dir, "site/settings.py", "ROOT_URLCONF = \"site.urls\"\n");
        write(dir, "site/urls.py", """
                from django.urls import include, path
                from billing import urls as billing_urls

                urlpatterns = [
                    path("billing/", include(billing_urls)),
                    path("people/", include(("people.urls", "people"), namespace="people")),
                ]
                """);
        write(dir, "billing/urls.py", "from django.urls import path\nurlpatterns = [path(\"invoices/<int:pk>/\", invoice)]\n");
        write(dir, "people/urls.py", "from django.urls import path\nurlpatterns = [path(\"\", people)]\n");
        write(dir, "people/old_urls.py", "from django.urls import path\nurlpatterns = [path(\"persons/\", people)]\n");
        assertThat(endpoints(dir)).containsExactlyInAnyOrder("* /billing/invoices/{pk}", "* /people");
    }

    @Test
    void expressRouterFactoriesAndRoutersLoadedWithoutANameAreServed(@TempDir Path dir) throws Exception {
        write(dir, "app.js", """
                const express = require('express');
                const cors = require('cors');
                const makeOrders = require('./orders');
                const app = express();
                const admin = express.Router();
                admin.get('/audit', audit);
                app.use('/admin', admin);
                app.use(cors());
                app.use('/orders', makeOrders(db));
                app.use('/pay', require('./payments')(db));
                [require('./health')].forEach((router) => app.use(router));
                """);
        write(dir, "orders.js", """
                const express = require('express');
                module.exports = (db) => {
                  const router = express.Router();
                  router.get('/:id', (req, res) => res.json(db.find(req.params.id)));
                  return router;
                };
                """);
        write(dir, "payments.js", """
                const { Router } = require('express');
                module.exports = function payments(db) {
                  const r = Router();
                  r.post('/', (req, res) => res.end());
                  return r;
                };
                """);
        write(dir, "health.js", """
                const router = require('express').Router();
                router.get('/healthz', (req, res) => res.end());
                module.exports = router;
                """);
        assertThat(endpoints(dir)).containsExactlyInAnyOrder("GET /admin/audit", "GET /orders/{id}", "POST /pay", "GET /healthz");
    }

    @Test
    void nestTrustsEveryControllerWhenAModuleListsThemIndirectly(@TempDir Path dir) throws Exception {
        write(dir, "app.module.ts", """
                import { CONTROLLERS } from './controllers';
                @Module({ controllers: [...CONTROLLERS] })
                export class AppModule {}
                """);
        write(dir, "a.controller.ts", "@Controller('a')\nexport class AController {\n  @Get()\n  list() {}\n}\n");
        assertThat(endpoints(dir)).containsExactly("GET /a");
    }

    @Test
    void fastApiRoutersIncludedInALoopAreStillServed(@TempDir Path dir) throws Exception {
        write(dir, "app/main.py", """
                from fastapi import FastAPI
                from app.routers import orders, stale

                app = FastAPI()
                for router in (orders.router,):
                    app.include_router(router)
                """);
        write(dir, "app/routers/orders.py", """
                from fastapi import APIRouter

                router = APIRouter(prefix="/orders")


                @router.get("/{order_id}")
                def order(order_id: int):
                    return {}
                """);
        write(dir, "app/routers/stale.py", """
                from fastapi import APIRouter

                router = APIRouter(prefix="/stale")


                @router.get("/")
                def stale():
                    return {}
                """);
        assertThat(endpoints(dir)).containsExactly("GET /orders/{order_id}");
    }

    private static void write(Path root, String file, String content) throws Exception {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    private static List<String> endpoints(Path root) throws Exception {
        return CodeScan.scan(List.of(root)).endpoints().stream().map(e -> e.method() + " " + e.template()).toList();
    }
}
