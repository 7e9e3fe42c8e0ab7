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
