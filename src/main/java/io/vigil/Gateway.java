package io.vigil;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vigil.admin.AdminServer;
import io.vigil.audit.DecisionLog;
import io.vigil.auth.apikey.ApiKeys;
import io.vigil.auth.revocation.RevocationStage;
import io.vigil.auth.revocation.Revocations;
import io.vigil.audit.DecisionSink;
import io.vigil.audit.JsonLinesFileSink;
import io.vigil.audit.StoreDecisionSink;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.DecisionLogConfig;
import io.vigil.config.Runtime;
import io.vigil.config.VigilConfig;
import io.vigil.metrics.GatewayMetrics;
import io.vigil.problem.ProblemRenderer;
import io.vigil.proxy.ProxyHandler;
import io.vigil.proxy.UpstreamPool;
import io.vigil.server.FrontDoor;
import io.vigil.server.GatewayHandler;
import io.vigil.server.GatewayServer;
import io.vigil.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: the data-plane listener, the admin listener, the store, the decision log,
 * and the current {@link Runtime}. {@link #reload()} compiles a new config completely before it
 * replaces the old one; an invalid config is rejected and the old one stays.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Path configFile;
    private final List<io.vigil.pipeline.Stage> extraStages;
    private final AtomicReference<Runtime> runtime;
    private final Vertx vertx;
    private final GatewayMetrics metrics = new GatewayMetrics();
    /** Redis stores replaced by a reload, closed once in-flight requests are done (or at shutdown). */
    private final Set<io.vigil.limit.RedisBuckets> retiring = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Store store;
    private final DecisionLog decisions;
    private final GatewayServer server;
    private final AdminServer admin;
    private int port;
    private int adminPort;

    private final Revocations revocations;
    private final ApiKeys apiKeys;
    private final io.vigil.config.GatewayServices services;
    private final io.vigil.audit.ObserverThread baselineFeed;
    /** Endpoints observed in live traffic (discovery), and the thread that feeds them (null when off). */
    private final io.vigil.discovery.Inventory inventory;
    private final io.vigil.audit.ObserverThread discoveryFeed;
    private final io.vigil.discovery.BodySamples bodySamples;
    /** Webhook sinks of the current config's {@code alerts:}, replaced on reload. */
    private final List<io.vigil.alert.WebhookSink> webhooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Gateway(Path configFile, Runtime initial, List<io.vigil.pipeline.Stage> extraStages,
            io.vigil.config.GatewayServices services, java.time.Clock clock) throws Exception {
        Revocations revocations = services.revocations();
        ApiKeys apiKeys = services.apiKeys();
        this.services = services;
        this.configFile = configFile;
        this.extraStages = List.copyOf(extraStages);
        this.runtime = new AtomicReference<>(initial);
        VigilConfig config = initial.config();
        int loops = Math.max(1, java.lang.Runtime.getRuntime().availableProcessors());
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        this.store = Store.open(config.store());
        this.revocations = revocations;
        revocations.open(store.dataSource());
        this.apiKeys = apiKeys;
        apiKeys.open(store.dataSource());
        apiKeys.pepper(config.apiKeys() == null ? null : config.apiKeys().pepper());
        this.decisions = new DecisionLog(config.decisionLog().queueSize(), sinks(config.decisionLog(), store), metrics,
                java.util.Set.copyOf(config.decisionLog().sensitiveClaims()));
        initial.upstreams().values().forEach(pool -> pool.start(vertx));
        webhooks(config);
        baselines(initial);
        int restored = services.baselines().open(store.dataSource(), config.risk() == null
                ? io.vigil.config.RiskConfig.DEFAULT_MAX_IDENTITIES : config.risk().maxIdentities());
        if (restored > 0) {
            LOG.info("restored {} behaviour baselines from the store", restored);
        }
        // Baselines learn from finished requests on a thread of their own, off the event loops.
        io.vigil.risk.Baselines baselines = services.baselines();
        this.baselineFeed = new io.vigil.audit.ObserverThread("vigil-baselines",
                r -> r.principal() != null && baselines.enabled(), baselines);
        decisions.addObserver(baselineFeed);
        io.vigil.config.DiscoveryConfig discovery = config.discovery();
        this.inventory = new io.vigil.discovery.Inventory(
                new io.vigil.discovery.EndpointTree(discovery.paramThreshold(), discovery.maxNodes()));
        this.discoveryFeed = discovery.enabled() ? new io.vigil.audit.ObserverThread("vigil-discovery",
                io.vigil.discovery.TrafficObserver::proxied, new io.vigil.discovery.TrafficObserver(inventory.tree())) : null;
        if (discoveryFeed != null) {
            int known = inventory.open(store.dataSource(), store.postgres());
            if (known > 0) {
                LOG.info("restored {} inventory endpoints from the store", known);
            }
            decisions.addObserver(discoveryFeed);
        }
        if (initial.redis() != null) {
            initial.redis().start();
        }
        // With cluster.redis, baselines are shared live: published every 5 s, fetched on a miss.
        services.baselines().share(new io.vigil.risk.BaselineShare(() -> runtime.get().redis()));
        FrontDoor door = new FrontDoor(runtime::get, new ProblemRenderer("vigil"), decisions, config.server().via(), clock);
        ProxyHandler proxy = new ProxyHandler(vertx, config.server().via());
        if (discoveryFeed != null && discovery.sampleEvery() > 0) {
            // Response bodies are sampled for field names and sensitive data (discovery), never kept.
            this.bodySamples = new io.vigil.discovery.BodySamples(inventory.tree(), discovery.sampleEvery(),
                    (int) discovery.sampleBytes().bytes());
            door.sampler(bodySamples);
            proxy.sampler(bodySamples);
        } else {
            this.bodySamples = null;
        }
        GatewayHandler handler = new GatewayHandler(door, proxy);
        this.server = new GatewayServer(vertx, config.server(), handler, door);
        // The development issuer is opened once: its key and paths change only with a restart.
        io.vigil.auth.dev.DevIssuer devIssuer = config.devIssuer() == null ? null
                : io.vigil.auth.dev.DevIssuer.open(config.devIssuer());
        if (devIssuer != null) {
            LOG.warn("development token issuer enabled at {}: for demos and local testing only", config.devIssuer().issuer());
        }
        this.admin = new AdminServer(vertx, config.admin(), this, devIssuer);
    }

    /** Loads the config, opens the store and starts both listeners. */
    public static Gateway start(Path configFile) throws Exception {
        return start(configFile, List.of());
    }

    /**
     * @param extraStages the embedding application's own stages, added to every runtime this
     *     gateway compiles (including on reload)
     */
    public static Gateway start(Path configFile, List<io.vigil.pipeline.Stage> extraStages) throws Exception {
        return start(configFile, extraStages, java.time.Clock.systemUTC());
    }

    /**
     * @param clock the wall clock requests are stamped with: the system's, except in a simulation
     *     (bench/risk) that plays days of traffic in minutes
     */
    public static Gateway start(Path configFile, List<io.vigil.pipeline.Stage> extraStages, java.time.Clock clock)
            throws Exception {
        // Stages over state that outlives a config (the deny-list) are the gateway's, not the config's.
        Revocations revocations = new Revocations();
        List<io.vigil.pipeline.Stage> stages = new ArrayList<>();
        stages.add(new RevocationStage(revocations));
        stages.addAll(extraStages);
        ApiKeys apiKeys = new ApiKeys();
        io.vigil.alert.Alerts alerts = new io.vigil.alert.Alerts();
        io.vigil.config.GatewayServices services = new io.vigil.config.GatewayServices(apiKeys, revocations, alerts,
                new io.vigil.risk.Baselines(io.vigil.config.RiskConfig.DEFAULT_MAX_IDENTITIES));
        Runtime initial = ConfigLoader.load(configFile, null, System::getenv, stages, services);
        Gateway gateway = new Gateway(configFile, initial, stages, services, clock);
        try {
            int loops = Math.max(1, java.lang.Runtime.getRuntime().availableProcessors());
            gateway.port = gateway.server.start(loops).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            gateway.adminPort = gateway.admin.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            // Keys are fetched once both listeners are up: the development issuer is served by the admin one.
            initial.identityProviders().values().forEach(io.vigil.auth.jwt.JwtAuthenticator::start);
            gateway.pollRevocations();
            gateway.shareBaselines();
        } catch (Exception e) {
            gateway.close();
            throw e;
        }
        LOG.info("vigil listening on {} (admin on {}), {} routes", initial.config().server().listen(),
                initial.config().admin().listen(), initial.routes().routes().size());
        return gateway;
    }

    private static List<DecisionSink> sinks(DecisionLogConfig config, Store store) throws Exception {
        List<DecisionSink> sinks = new ArrayList<>();
        if (!config.file().isBlank()) {
            sinks.add(new JsonLinesFileSink(Path.of(config.file()), config.maxFileSize().bytes(), config.maxFiles()));
        }
        if (config.store()) {
            sinks.add(new StoreDecisionSink(store.dataSource(), store.postgres(), config.storeRetention().toMillis()));
        }
        return sinks;
    }

    /**
     * Compiles the config file again and swaps it in. Listener, store and decision-log settings
     * are read at start only; a change to them is logged as needing a restart.
     *
     * @throws ConfigException when the new config is invalid; the running one is kept
     */
    public synchronized Runtime reload() throws ConfigException {
        Runtime old = runtime.get();
        Runtime next;
        try {
            next = ConfigLoader.load(configFile, old, System::getenv, extraStages, services);
        } catch (ConfigException e) {
            metrics.reloaded(false);
            LOG.error("config reload rejected, keeping the running config:\n{}", e.getMessage());
            throw e;
        }
        VigilConfig a = old.config();
        VigilConfig b = next.config();
        if (!a.server().equals(b.server()) || !a.admin().equals(b.admin()) || !a.store().equals(b.store())
                || !a.decisionLog().equals(b.decisionLog()) || !java.util.Objects.equals(a.devIssuer(), b.devIssuer())) {
            LOG.warn("server, admin, store, decisionLog and devIssuer changes take effect after a restart");
        }
        next.upstreams().values().forEach(pool -> pool.start(vertx));
        next.identityProviders().values().forEach(io.vigil.auth.jwt.JwtAuthenticator::start);
        if (next.redis() != null) {
            next.redis().start();
        }
        if (!java.util.Objects.equals(old.config().alerts(), b.alerts())) {
            webhooks(b);
        }
        baselines(next);
        apiKeys.pepper(b.apiKeys() == null ? null : b.apiKeys().pepper());
        runtime.set(next);
        Set<UpstreamPool> kept = new HashSet<>(next.upstreams().values());
        // In-flight requests finish on the pools they started with; give them a moment.
        if (old.redis() != null && old.redis() != next.redis()) {
            retiring.add(old.redis());
        }
        vertx.setTimer(30_000, id -> {
            old.upstreams().values().stream().filter(p -> !kept.contains(p)).forEach(UpstreamPool::close);
            if (old.redis() != null && old.redis() != next.redis()) {
                old.redis().close();
                retiring.remove(old.redis());
            }
        });
        metrics.reloaded(true);
        LOG.info("config reloaded: {} routes", next.routes().routes().size());
        return next;
    }

    private void baselines(Runtime runtime) {
        baselines(runtime.config());
        services.baselines().geo(runtime.geo());
    }

    private void baselines(VigilConfig config) {
        services.baselines().enabled(config.risk() != null);
        services.baselines().zone(java.time.ZoneId.of(config.timeZone()));
        services.baselines().maxIdentities(config.risk() == null ? io.vigil.config.RiskConfig.DEFAULT_MAX_IDENTITIES
                : config.risk().maxIdentities());
        services.baselines().anomalyBudget(config.risk() == null ? 2_000 : config.risk().anomalyBudget());
    }

    /** Replaces the alert webhooks with those the config names. */
    private void webhooks(VigilConfig config) {
        for (io.vigil.alert.WebhookSink sink : webhooks) {
            services.alerts().removeSink(sink);
            sink.close();
        }
        webhooks.clear();
        for (io.vigil.config.AlertsConfig.Webhook hook : config.alerts().webhooks()) {
            io.vigil.alert.WebhookSink sink = new io.vigil.alert.WebhookSink(java.net.URI.create(hook.url()), hook.secret(),
                    hook.maxAttempts());
            webhooks.add(sink);
            services.alerts().addSink(sink);
        }
    }

    /** Per-identity behaviour baselines and recent sessions. */
    /** The body sampler (null when discovery or sampling is off). */
    public io.vigil.discovery.BodySamples bodySamples() {
        return bodySamples;
    }

    /** The endpoints discovery has observed in live traffic. */
    public io.vigil.discovery.EndpointTree endpoints() {
        return inventory.tree();
    }

    public io.vigil.risk.Baselines baselines() {
        return services.baselines();
    }

    /** Alerts raised on this node (session terminations, ...). */
    public io.vigil.alert.Alerts alerts() {
        return services.alerts();
    }

    public Runtime runtime() {
        return runtime.get();
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public Revocations revocations() {
        return revocations;
    }

    /**
     * Every second, picks up deny-list changes made through other nodes sharing the store (one
     * single-row read when nothing changed); every ten minutes, forgets expired entries.
     */
    private void shareBaselines() {
        java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
        vertx.setPeriodic(5_000, id -> {
            if (runtime.get().redis() == null || !busy.compareAndSet(false, true)) {
                return;
            }
            vertx.executeBlocking(() -> services.baselines().publish(), false).onComplete(ar -> {
                busy.set(false);
                if (ar.failed()) {
                    LOG.debug("could not share behaviour baselines through Redis: {}", ar.cause().toString());
                }
            });
        });
    }

    private void pollRevocations() {
        java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
        long[] ticks = {0};
        vertx.setPeriodic(1000, id -> {
            if (!busy.compareAndSet(false, true)) {
                return;
            }
            boolean sweep = ++ticks[0] % 600 == 0;
            boolean snapshot = ticks[0] % 60 == 0;
            vertx.executeBlocking(() -> {
                if (sweep) {
                    revocations.sweep();
                }
                if (snapshot) {
                    services.baselines().snapshot();
                    inventory.flush();
                }
                revocations.poll();
                apiKeys.poll();
                return null;
            }, false).onComplete(ar -> {
                busy.set(false);
                if (ar.failed()) {
                    LOG.warn("revocation and API key refresh failed; keeping the last ones: {}", ar.cause().toString());
                }
            });
        });
    }

    public Store store() {
        return store;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Path configFile() {
        return configFile;
    }

    /** The data-plane port actually bound (useful when the config says port 0). */
    public int port() {
        return port;
    }

    public int adminPort() {
        return adminPort;
    }

    @Override
    public void close() {
        try {
            server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            admin.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping listeners: {}", e.toString());
        }
        runtime.get().upstreams().values().forEach(UpstreamPool::close);
        if (runtime.get().redis() != null) {
            runtime.get().redis().close();
        }
        // Replaced by a reload but still in their grace period: close them now.
        retiring.forEach(io.vigil.limit.RedisBuckets::close);
        webhooks.forEach(io.vigil.alert.WebhookSink::close);
        decisions.close();
        baselineFeed.close();
        if (discoveryFeed != null) {
            discoveryFeed.close();
        }
        if (bodySamples != null) {
            bodySamples.close();
        }
        try {
            // After the feed has drained: everything learned so far is kept.
            services.baselines().snapshot();
        } catch (Exception e) {
            LOG.warn("could not snapshot behaviour baselines: {}", e.toString());
        }
        try {
            inventory.flush();
        } catch (Exception e) {
            LOG.warn("could not write the endpoint inventory: {}", e.toString());
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping vert.x: {}", e.toString());
        }
        store.close();
    }
}
