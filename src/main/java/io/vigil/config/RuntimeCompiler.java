package io.vigil.config;

import io.vigil.auth.AuthenticateStage;
import io.vigil.auth.Authenticator;
import io.vigil.auth.NoneAuthenticator;
import io.vigil.auth.StepUpStage;
import io.vigil.auth.apikey.ApiKeyAuthenticator;
import io.vigil.auth.apikey.ApiKeys;
import io.vigil.auth.mtls.MtlsAuthenticator;
import io.vigil.auth.jwt.IdentityProviders;
import io.vigil.auth.jwt.JwtAuthenticator;
import io.vigil.authz.Access;
import io.vigil.authz.AuthorizationStage;
import io.vigil.authz.ClaimRule;
import io.vigil.authz.NetworkTags;
import io.vigil.authz.Policy;
import io.vigil.authz.PolicyLanguage;
import io.vigil.authz.WorkloadPattern;
import io.vigil.pipeline.Mode;
import io.vigil.limit.LimitKey;
import io.vigil.limit.LimitRule;
import io.vigil.limit.LocalBuckets;
import io.vigil.limit.Plans;
import io.vigil.limit.PreAuthLimitStage;
import io.vigil.limit.RedisBuckets;
import io.vigil.limit.RateLimitStage;
import io.vigil.pipeline.Pipeline;
import io.vigil.pipeline.Stage;
import io.vigil.proxy.UpstreamPool;
import io.vigil.route.HostPattern;
import io.vigil.route.PathTemplate;
import io.vigil.route.Route;
import io.vigil.route.RouteStage;
import io.vigil.route.RouteTable;
import io.vigil.server.CidrSet;
import io.vigil.server.NormaliseStage;
import io.vigil.server.RequestLimitsStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * Compiles a bound {@link VigilConfig} into a {@link Runtime}, checking everything the binder
 * cannot: references between sections, route templates and overlaps, addresses, files. Every
 * error is collected with its YAML location. Upstream pools whose config is unchanged are taken
 * over from the previous runtime, so a reload keeps their connections and health state.
 */
public final class RuntimeCompiler {

    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,20}");
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\[\\]]+):(\\d{1,5})");

    /** The {@code realm} of every challenge this gateway sends. */
    public static final String REALM = "vigil";

    private final String file;
    private final Map<String, Mark> locations;
    private VigilConfig config;
    private final List<ConfigError> errors = new ArrayList<>();

    private final GatewayServices services;
    /** Top-level policies, compiled once however many routes use them; null when they failed. */
    private final Map<String, PolicyLanguage.Compiled> namedPolicies = new LinkedHashMap<>();

    private RuntimeCompiler(String file, Map<String, Mark> locations, GatewayServices services) {
        this.file = file;
        this.locations = locations;
        this.services = services;
    }

    /**
     * @param previous the runtime being replaced, or null at start
     * @throws ConfigException with every problem found
     */
    public static Runtime compile(String file, YamlBinder.Bound<VigilConfig> bound, Runtime previous)
            throws ConfigException {
        return compile(file, bound, previous, List.of());
    }

    /**
     * @param extraStages stages added to the pipeline beside the built-in ones (an embedding
     *     application's own checks); their phases place them
     */
    public static Runtime compile(String file, YamlBinder.Bound<VigilConfig> bound, Runtime previous,
            List<Stage> extraStages) throws ConfigException {
        return compile(file, bound, previous, extraStages, GatewayServices.detached());
    }

    /** @param services the gateway's API keys (for {@code auth: [apikey]}), revocations and alerts */
    public static Runtime compile(String file, YamlBinder.Bound<VigilConfig> bound, Runtime previous,
            List<Stage> extraStages, GatewayServices services) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>(bound.errors());
        if (bound.value() != null) {
            try {
                Runtime runtime = new RuntimeCompiler(file, bound.locations(), services)
                        .build(bound.value(), previous, extraStages);
                if (errors.isEmpty()) {
                    return runtime;
                }
            } catch (ConfigException e) {
                errors.addAll(e.errors());
            } catch (RuntimeException e) {
                // A partially bound config: the binding errors already say what is missing.
                if (errors.isEmpty()) {
                    throw e;
                }
            }
        }
        errors.sort(java.util.Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
        throw new ConfigException(errors);
    }

    private Runtime build(VigilConfig config, Runtime previous, List<Stage> extraStages) throws ConfigException {
        this.config = config;
        checkListen(config.server().listen(), "server.listen");
        checkListen(config.admin().listen(), "admin.listen");
        if (config.server().listen().equals(config.admin().listen()) && !config.server().listen().endsWith(":0")) {
            error("admin.listen", "must differ from server.listen: the admin API never shares the data port");
        }
        checkAdminExposure(config.admin());
        if (config.apiKeys() != null
                && config.decisionLog().headers().contains(config.apiKeys().header().toLowerCase(Locale.ROOT))) {
            error("decisionLog.headers", "'" + config.apiKeys().header().toLowerCase(Locale.ROOT)
                    + "' carries API keys (apiKeys.header) and is never recorded");
        }
        if (config.server().tls() != null) {
            checkReadable(config.server().tls().cert(), "server.tls.cert");
            checkReadable(config.server().tls().key(), "server.tls.key");
            ServerConfig.TlsConfig tls = config.server().tls();
            if (tls.clientAuth() != ServerConfig.ClientAuth.NONE) {
                if (tls.clientCa() == null) {
                    error("server.tls.clientCa", "is required with clientAuth " + YamlBinder.yamlName(tls.clientAuth())
                            + ": the CAs whose client certificates are accepted");
                } else {
                    checkReadable(tls.clientCa(), "server.tls.clientCa");
                }
                if (tls.crl() != null) {
                    checkReadable(tls.crl(), "server.tls.crl");
                }
            } else if (tls.clientCa() != null) {
                error("server.tls.clientAuth", "is none, so clientCa is never used; set optional or required");
            }
        }
        CidrSet trusted = CidrSet.EMPTY;
        try {
            trusted = CidrSet.parse(config.server().trustedProxies());
        } catch (IllegalArgumentException e) {
            error("server.trustedProxies", e.getMessage());
        }
        if (config.server().proxyProtocol() && config.server().trustedProxies().isEmpty()) {
            error("server.proxyProtocol", "needs server.trustedProxies: PROXY headers are only believed from them");
        }

        Map<String, UpstreamPool> pools = new LinkedHashMap<>();
        for (Map.Entry<String, UpstreamConfig> entry : config.upstreams().entrySet()) {
            String name = entry.getKey();
            UpstreamPool old = previous == null ? null : previous.upstreams().get(name);
            if (old != null && old.config().equals(entry.getValue())) {
                pools.put(name, old);
                continue;
            }
            try {
                pools.put(name, new UpstreamPool(name, entry.getValue()));
            } catch (IllegalArgumentException e) {
                error("upstreams." + name + ".targets", e.getMessage());
            }
        }

        if (config.devIssuer() != null) {
            String issuer = config.devIssuer().issuer();
            java.net.URI uri = null;
            try {
                uri = java.net.URI.create(issuer);
            } catch (IllegalArgumentException e) {
                error("devIssuer.issuer", "'" + issuer + "' is not a URL");
            }
            if (uri != null && (uri.getPath() == null || uri.getPath().length() < 2 || uri.getHost() == null)) {
                error("devIssuer.issuer", "must be a URL on the admin listener with a path, e.g. http://"
                        + config.admin().listen() + "/dev-issuer");
            }
        }
        Map<String, JwtAuthenticator> providers = new LinkedHashMap<>();
        for (Map.Entry<String, IdentityProviderConfig> entry : config.identityProviders().entrySet()) {
            String name = entry.getKey();
            String at = "identityProviders." + name;
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                error(at, "provider names are letters, digits, '_' and '-' (routes write jwt:" + name + ")");
                continue;
            }
            JwtAuthenticator old = previous == null ? null : previous.identityProviders().get(name);
            IdentityProviderConfig given = entry.getValue();
            // Files the config only names (a JWKS, a client key) may have changed under the same name.
            boolean readsFiles = given.jwksFile() != null
                    || (given.introspection() != null && given.introspection().clientAssertionKey() != null);
            if (old != null && old.config().equals(given) && !readsFiles) {
                // Unchanged: keep its keys and verified-token cache.
                providers.put(name, old);
                continue;
            }
            JwtAuthenticator compiled = IdentityProviders.compile(name, entry.getValue(), REALM,
                    (field, message) -> error(at + "." + field, message));
            if (compiled != null) {
                providers.put(name, compiled);
            }
        }

        java.time.ZoneId zone = java.time.ZoneOffset.UTC;
        try {
            zone = java.time.ZoneId.of(config.timeZone());
        } catch (java.time.DateTimeException e) {
            error("timeZone", "'" + config.timeZone() + "' is not a time zone (e.g. UTC, Europe/Berlin, America/New_York)");
        }
        NetworkTags networks = networks(config.networks());
        for (Map.Entry<String, PolicyConfig> entry : config.policies().entrySet()) {
            String name = entry.getKey();
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                error("policies." + name, "policy names are letters, digits, '_', '.' and '-'");
            }
            namedPolicies.put(name, expression(entry.getValue().expression(), "policies." + name + ".expression",
                    "policy '" + name + "'"));
        }

        Plans plans = plans(config);
        LocalBuckets buckets = previous == null ? new LocalBuckets() : previous.buckets();
        RedisBuckets redis = redis(config, previous, buckets);

        List<Route> routes = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        long defaultMaxBody = config.server().limits().maxBodySize().bytes();
        for (int i = 0; i < config.routes().size(); i++) {
            RouteConfig rc = config.routes().get(i);
            String at = "routes[" + i + "]";
            if (!ids.add(rc.id())) {
                error(at + ".id", "route id '" + rc.id() + "' is used twice");
            }
            Route route = compileRoute(rc, at, pools, providers, defaultMaxBody);
            if (route != null) {
                routes.add(route);
            }
        }
        RouteTable table = null;
        try {
            table = RouteTable.build(routes);
        } catch (IllegalArgumentException e) {
            error("routes", e.getMessage());
        }
        Map<String, io.vigil.discovery.spec.SpecIndex> specs = new LinkedHashMap<>();
        Map<String, io.vigil.discovery.UndocumentedStage.Check> undocumented = new LinkedHashMap<>();
        for (int i = 0; i < config.routes().size(); i++) {
            spec(config, config.routes().get(i), "routes[" + i + "]", specs, undocumented);
        }
        io.vigil.server.Geo geo = geoTable(config.risk());
        Stage risk = riskStage(config, networks, zone, geo);
        checkAlerts(config.alerts());
        Stage preAuth = config.limits().preAuth() != null || config.limits().failedAuth() != null
                ? preAuthStage(config, buckets) : null;
        // Every check that can fail is above this line.
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        ServerConfig.LimitsConfig limits = config.server().limits();
        List<Stage> stages = new ArrayList<>(List.of(
                new NormaliseStage(limits.maxUriLength(), limits.maxHeaderCount(), config.server().allowH2cUpgrade()),
                new RouteStage(table),
                new io.vigil.discovery.UndocumentedStage(undocumented),
                new RequestLimitsStage(),
                new RateLimitStage(redis != null ? redis : buckets, plans, zone, false),
                new RateLimitStage(redis != null ? redis : buckets, plans, zone, true),
                new AuthenticateStage(),
                new StepUpStage(),
                new AuthorizationStage(networks, geo, zone)));
        if (risk != null) {
            // First in the authorization phase: policies read the score.
            stages.add(stages.size() - 1, risk);
        }
        if (preAuth != null) {
            stages.add(preAuth);
        }
        stages.addAll(extraStages);
        return new Runtime(config, file, table, new Pipeline(stages), Map.copyOf(pools),
                java.util.Collections.unmodifiableMap(providers), trusted, buckets, redis, geo, Map.copyOf(specs));
    }

    /** Reads a route's spec (at every load) and what it says about undocumented operations. */
    private void spec(VigilConfig config, RouteConfig rc, String at, Map<String, io.vigil.discovery.spec.SpecIndex> specs,
            Map<String, io.vigil.discovery.UndocumentedStage.Check> undocumented) {
        if (rc.spec() == null) {
            if (rc.undocumented() != null) {
                error(at + ".undocumented", "needs the route's spec: (the API's OpenAPI file) to know what is documented");
            }
            return;
        }
        io.vigil.discovery.spec.SpecIndex index;
        try {
            index = io.vigil.discovery.spec.SpecIndex.of(io.vigil.discovery.spec.SpecReader.read(Path.of(rc.spec())));
        } catch (java.io.IOException e) {
            error(at + ".spec", "cannot read '" + rc.spec() + "': " + e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            error(at + ".spec", e.getMessage());
            return;
        }
        if (index.isEmpty()) {
            error(at + ".spec", "'" + rc.spec() + "' declares no operations");
            return;
        }
        specs.put(rc.id(), index);
        if (rc.undocumented() != null) {
            Mode mode = config.dryRun() || rc.undocumented() == RouteConfig.Undocumented.LOG ? Mode.DRY_RUN : rc.mode();
            undocumented.put(rc.id(), new io.vigil.discovery.UndocumentedStage.Check(index, mode));
        }
    }

    private Route compileRoute(RouteConfig rc, String at, Map<String, UpstreamPool> pools,
            Map<String, JwtAuthenticator> providers, long defaultMaxBody) {
        int before = errors.size();
        PathTemplate template = null;
        try {
            template = PathTemplate.parse(rc.path());
        } catch (IllegalArgumentException e) {
            error(at + ".path", e.getMessage());
        }
        HostPattern host = HostPattern.ANY;
        try {
            host = HostPattern.parse(rc.host());
        } catch (IllegalArgumentException e) {
            error(at + ".host", e.getMessage());
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String method : rc.methods()) {
            String upper = method.toUpperCase(Locale.ROOT);
            if (!METHOD.matcher(upper).matches()) {
                error(at + ".methods", "'" + method + "' is not an HTTP method");
            }
            methods.add(upper);
        }
        UpstreamPool pool = pools.get(rc.upstream());
        if (pool == null) {
            error(at + ".upstream", "unknown upstream '" + rc.upstream() + "' (defined: "
                    + String.join(", ", pools.keySet()) + ")");
        }
        List<Authenticator> authenticators = authenticators(rc, at, providers);
        if (rc.apiKeyInQuery() && !rc.auth().contains(ApiKeyAuthenticator.ID)) {
            error(at + ".apiKeyInQuery", "only means something on a route with auth: [apikey]");
        }
        Mode mode = config.dryRun() ? Mode.DRY_RUN : rc.mode();
        Access access = access(rc, at, mode);
        List<LimitRule> limits = limitRules("route:" + rc.id(), rc.rateLimits(), rc.quotas(), at, mode);
        long maxBody = rc.maxBodySize() == null ? defaultMaxBody : rc.maxBodySize().bytes();
        if (errors.size() > before || authenticators.isEmpty()) {
            // An empty list means its provider failed to compile, which is reported already.
            return null;
        }
        return new Route(rc.id(), host, methods, template, pool, authenticators, access, stepUp(rc, at), maxBody,
                rc.websocket(), rc.mergeSlashes(), rc.caseInsensitive(), io.vigil.limit.Limits.of(limits), mode);
    }

    private Access access(RouteConfig rc, String at, Mode mode) {
        boolean isPublic = rc.auth().contains(NoneAuthenticator.ID);
        for (String field : List.of("scopes", "anyScopes")) {
            List<String> scopes = field.equals("scopes") ? rc.scopes() : rc.anyScopes();
            for (String scope : scopes) {
                if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                    error(at + "." + field, "'" + scope + "' is not a valid scope token (RFC 6749 §3.3)");
                }
            }
            if (!scopes.isEmpty() && isPublic) {
                error(at + "." + field, "a public route (auth: [none]) has no caller whose scopes could be checked");
            }
        }
        if (isPublic && (!rc.roles().isEmpty() || !rc.claims().isEmpty() || !rc.allowWorkloads().isEmpty())) {
            error(at + (rc.roles().isEmpty() ? rc.claims().isEmpty() ? ".allowWorkloads" : ".claims" : ".roles"),
                    "a public route (auth: [none]) has no caller whose identity could be checked");
        }
        List<ClaimRule> claims = new ArrayList<>();
        rc.claims().forEach((path, accepted) -> {
            if (accepted.isEmpty()) {
                error(at + ".claims." + path, "list the accepted values, e.g. " + path + ": [value]");
            } else if (!path.matches("[A-Za-z0-9_:/-]+(\\.[A-Za-z0-9_:/-]+)*")) {
                error(at + ".claims." + path, "'" + path + "' is not a claim path (names joined by '.')");
            } else {
                claims.add(ClaimRule.of(path, accepted));
            }
        });
        List<WorkloadPattern> workloads = new ArrayList<>();
        for (int i = 0; i < rc.allowWorkloads().size(); i++) {
            try {
                workloads.add(WorkloadPattern.parse(rc.allowWorkloads().get(i)));
            } catch (IllegalArgumentException e) {
                error(at + ".allowWorkloads[" + i + "]", e.getMessage());
            }
        }
        List<Policy> policies = new ArrayList<>();
        for (int i = 0; i < rc.policy().size(); i++) {
            PolicyLanguage.Compiled compiled = expression(rc.policy().get(i), at + ".policy[" + i + "]",
                    "route '" + rc.id() + "' policy[" + i + "]");
            if (compiled != null) {
                policies.add(new Policy(rc.id() + "/policy[" + i + "]", compiled, mode));
            }
        }
        for (int i = 0; i < rc.policies().size(); i++) {
            String name = rc.policies().get(i);
            PolicyConfig named = config.policies().get(name);
            if (named == null) {
                error(at + ".policies[" + i + "]", "unknown policy '" + name + "' (defined: "
                        + String.join(", ", config.policies().keySet()) + ")");
                continue;
            }
            PolicyLanguage.Compiled compiled = namedPolicies.get(name);
            if (compiled != null) {
                Mode own = config.dryRun() ? Mode.DRY_RUN : named.mode() != null ? named.mode() : mode;
                policies.add(new Policy(name, compiled, own));
            }
        }
        return new Access(rc.scopes(), rc.anyScopes(), rc.roles(), claims, workloads, policies, mode);
    }

    private io.vigil.server.Geo geoTable(RiskConfig risk) {
        if (risk == null || (risk.geoCsv() == null && risk.geoDb() == null && risk.asnDb() == null)) {
            return io.vigil.server.Geo.NONE;
        }
        if (risk.geoDb() != null || risk.asnDb() != null) {
            if (risk.geoCsv() != null) {
                error("risk.geoCsv", "name geoCsv or MaxMind databases (geoDb, asnDb), not both");
                return io.vigil.server.Geo.NONE;
            }
            try {
                return io.vigil.server.MaxMindGeo.open(risk.geoDb(), risk.asnDb());
            } catch (java.io.IOException e) {
                error(risk.geoDb() != null ? "risk.geoDb" : "risk.asnDb", "cannot read: " + e.getMessage());
                return io.vigil.server.Geo.NONE;
            }
        }
        try {
            return io.vigil.server.GeoTable.load(Path.of(risk.geoCsv()));
        } catch (java.io.IOException e) {
            error("risk.geoCsv", "cannot read '" + risk.geoCsv() + "': " + e.getMessage());
        } catch (IllegalArgumentException e) {
            error("risk.geoCsv", e.getMessage());
        }
        return io.vigil.server.Geo.NONE;
    }

    private Stage riskStage(VigilConfig config, NetworkTags networks, java.time.ZoneId zone, io.vigil.server.Geo geo) {
        RiskConfig risk = config.risk();
        Map<String, io.vigil.risk.RiskStage.Thresholds> byRoute = new LinkedHashMap<>();
        for (int i = 0; i < config.routes().size(); i++) {
            RouteConfig rc = config.routes().get(i);
            if (rc.risk() == null) {
                continue;
            }
            if (risk == null) {
                error("routes[" + i + "].risk", "needs the top-level risk: section (it defines the factors)");
                continue;
            }
            int stepUp = rc.risk().stepUpAbove() != null ? rc.risk().stepUpAbove() : risk.stepUpAbove();
            int deny = rc.risk().denyAbove() != null ? rc.risk().denyAbove() : risk.denyAbove();
            int terminate = rc.risk().terminateAbove() != null ? rc.risk().terminateAbove() : risk.terminateAbove();
            checkScore("routes[" + i + "].risk.stepUpAbove", stepUp);
            checkScore("routes[" + i + "].risk.denyAbove", deny);
            checkScore("routes[" + i + "].risk.terminateAbove", terminate);
            byRoute.put(rc.id(), new io.vigil.risk.RiskStage.Thresholds(stepUp, deny, terminate));
        }
        if (risk == null) {
            return null;
        }
        checkScore("risk.stepUpAbove", risk.stepUpAbove());
        checkScore("risk.denyAbove", risk.denyAbove());
        checkScore("risk.terminateAbove", risk.terminateAbove());
        for (String field : List.of("knownBadNetworks", "trustedNetworks")) {
            for (String name : field.equals("knownBadNetworks") ? risk.knownBadNetworks() : risk.trustedNetworks()) {
                if (!config.networks().containsKey(name)) {
                    error("risk." + field, "unknown network '" + name + "' (defined in networks: "
                            + String.join(", ", config.networks().keySet()) + ")");
                }
            }
        }
        risk.weights().forEach((name, weight) -> {
            if (!io.vigil.risk.Weights.names().contains(name)) {
                error("risk.weights." + name, "unknown factor (known: " + String.join(", ", io.vigil.risk.Weights.names()) + ")");
            } else if (weight == null || weight < 0 || weight > 100) {
                error("risk.weights." + name, "must be 0 to 100");
            }
        });
        if (risk.businessHours() != null) {
            try {
                risk.businessHours().days().forEach(io.vigil.risk.RiskEngine::day);
                io.vigil.authz.PolicyFunctions.minuteOfDay(risk.businessHours().from());
                io.vigil.authz.PolicyFunctions.minuteOfDay(risk.businessHours().to());
            } catch (IllegalArgumentException e) {
                error("risk.businessHours", e.getMessage());
            }
        }
        for (String acr : risk.stepUpAcr()) {
            if (!acr.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                error("risk.stepUpAcr", "'" + acr + "' cannot be sent in a challenge");
            }
        }
        if (!errors.isEmpty()) {
            return null;
        }
        Mode mode = config.dryRun() ? Mode.DRY_RUN : risk.mode();
        if (risk.anomalyBudget() < 0) {
            error("risk.anomalyBudget", "must not be negative (0 turns the anomaly model off)");
            return null;
        }
        if (risk.maxIdentities() < 1) {
            error("risk.maxIdentities", "must be at least 1");
            return null;
        }
        return new io.vigil.risk.RiskStage(io.vigil.risk.RiskEngine.of(risk, networks, zone, services.baselines(), geo),
                new io.vigil.risk.RiskStage.Thresholds(risk.stepUpAbove(), risk.denyAbove(), risk.terminateAbove()), byRoute,
                java.util.Set.copyOf(risk.stepUpAcr()), risk.stepUpMaxAge().toSeconds(), mode, services.revocations(),
                services.alerts());
    }

    private void checkAlerts(AlertsConfig alerts) {
        for (int i = 0; i < alerts.webhooks().size(); i++) {
            AlertsConfig.Webhook hook = alerts.webhooks().get(i);
            String at = "alerts.webhooks[" + i + "]";
            String problem;
            try {
                problem = io.vigil.auth.jwt.RemoteLocations.problem(java.net.URI.create(hook.url()));
            } catch (IllegalArgumentException e) {
                problem = "is not a URL";
            }
            if (problem != null) {
                // Not echoed: a webhook URL may carry a token in its path.
                error(at + ".url", problem);
            }
            if (hook.secret().length() < 32) {
                error(at + ".secret", "is too short (expected: at least 32 characters, from the environment)");
            }
            if (hook.maxAttempts() < 1 || hook.maxAttempts() > 20) {
                error(at + ".maxAttempts", "must be 1 to 20");
            }
        }
    }

    private void checkScore(String field, int score) {
        if (score < 0 || score > 100) {
            error(field, "must be 0 to 100 (100: never)");
        }
    }

    /** The shared bucket store, taken over from the previous runtime when its settings are unchanged. */
    private RedisBuckets redis(VigilConfig config, Runtime previous, LocalBuckets buckets) {
        ClusterConfig cluster = config.cluster();
        if (cluster == null) {
            return null;
        }
        try {
            java.net.URI uri = java.net.URI.create(cluster.redis());
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not a redis URL");
            }
        } catch (IllegalArgumentException e) {
            // The value may hold a password: never echo it.
            error("cluster.redis", "is not a Redis URL (redis://host:6379, rediss://host:6380, redis://:password@host:6379/0)");
            return null;
        }
        if (cluster.timeout().isZero() || cluster.timeout().isNegative()) {
            error("cluster.timeout", "must be positive");
            return null;
        }
        RedisBuckets old = previous == null ? null : previous.redis();
        if (old != null && old.config().equals(cluster) && old.onFailure() == config.limits().onStoreFailure()) {
            return old;
        }
        return new RedisBuckets(cluster, config.limits().onStoreFailure(), buckets);
    }

    private Plans plans(VigilConfig config) {
        LimitsConfig limits = config.limits();
        if (limits.defaultPlan() != null && !config.plans().containsKey(limits.defaultPlan())) {
            error("limits.defaultPlan", "unknown plan '" + limits.defaultPlan() + "' (defined: "
                    + String.join(", ", config.plans().keySet()) + ")");
        }
        if (config.plans().isEmpty()) {
            return Plans.NONE;
        }
        Mode mode = config.dryRun() ? Mode.DRY_RUN : Mode.ENFORCE;
        Map<String, Plans.Plan> compiled = new LinkedHashMap<>();
        config.plans().forEach((name, plan) -> {
            List<LimitRule> rules = limitRules("plan:" + name, plan.rateLimits(), plan.quotas(), "plans." + name, mode);
            compiled.put(name, new Plans.Plan(name, io.vigil.limit.Limits.of(rules)));
        });
        return new Plans(limits.planClaim(), limits.defaultPlan(), compiled);
    }

    private Stage preAuthStage(VigilConfig config, LocalBuckets buckets) {
        LimitsConfig limits = config.limits();
        LimitRule preAuth = ipLimit("preAuth", limits.preAuth());
        LimitRule failedAuth = ipLimit("failedAuth", limits.failedAuth());
        return new PreAuthLimitStage(buckets, preAuth, failedAuth, config.dryRun() ? Mode.DRY_RUN : Mode.ENFORCE);
    }

    private LimitRule ipLimit(String name, LimitsConfig.IpLimit limit) {
        if (limit == null) {
            return null;
        }
        if (limit.limit() < 1 || limit.period().isZero() || limit.period().isNegative() || limit.burst() < 0
                || limit.period().compareTo(java.time.Duration.ofDays(3650)) > 0 || limit.limit() > limit.period().toNanos()) {
            error("limits." + name, "needs limit >= 1 and a positive period");
            return null;
        }
        return LimitRule.rate("gateway", name, LimitKey.parse("ip"), limit.limit(), limit.period(), limit.burst(),
                Mode.ENFORCE);
    }

    /** Rate limits and quotas of a route or plan; names must be unique within it. */
    private List<LimitRule> limitRules(String scope, List<RateLimitConfig> rates, List<QuotaConfig> quotas, String at,
            Mode inherited) {
        List<LimitRule> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < rates.size(); i++) {
            RateLimitConfig rate = rates.get(i);
            String field = at + ".rateLimits[" + i + "]";
            String name = rate.name() != null ? rate.name() : rate.key();
            LimitKey key = limitKey(rate.key(), field, name, names);
            if (rate.limit() < 1) {
                error(field + ".limit", "must be at least 1");
            } else if (rate.period().isZero() || rate.period().isNegative()) {
                error(field + ".period", "must be positive");
            } else if (rate.burst() < 0) {
                error(field + ".burst", "must not be negative");
            } else if (rate.period().compareTo(java.time.Duration.ofDays(3650)) > 0) {
                error(field + ".period", "must be at most ten years");
            } else if (rate.limit() > rate.period().toNanos()) {
                error(field + ".limit", "more than one per nanosecond is not a limit; raise the period");
            } else if (key != null) {
                Mode mode = config.dryRun() ? Mode.DRY_RUN : rate.mode() != null ? rate.mode() : inherited;
                out.add(LimitRule.rate(scope, name, key, rate.limit(), rate.period(), rate.burst(), mode));
            }
        }
        for (int i = 0; i < quotas.size(); i++) {
            QuotaConfig quota = quotas.get(i);
            String field = at + ".quotas[" + i + "]";
            String name = quota.name() != null ? quota.name() : YamlBinder.yamlName(quota.period());
            LimitKey key = limitKey(quota.key(), field, name, names);
            if (quota.limit() < 1) {
                error(field + ".limit", "must be at least 1");
            } else if (key != null) {
                Mode mode = config.dryRun() ? Mode.DRY_RUN : quota.mode() != null ? quota.mode() : inherited;
                out.add(LimitRule.quota(scope, name, key, quota.limit(), quota.period(), mode));
            }
        }
        return out;
    }

    private LimitKey limitKey(String text, String field, String name, Set<String> names) {
        if (!name.matches("[A-Za-z0-9_.:-]{1,64}")) {
            error(field + ".name", "'" + name + "' is not a limit name (letters, digits, '_', '.', ':', '-')");
            return null;
        }
        if (!names.add(name)) {
            error(field + ".name", "two limits are named '" + name + "'; give each its own name");
            return null;
        }
        try {
            return LimitKey.parse(text);
        } catch (IllegalArgumentException e) {
            error(field + ".key", e.getMessage());
            return null;
        }
    }

    /** Compiles one CEL expression; a problem is reported at the field with the expression's column. */
    private PolicyLanguage.Compiled expression(String source, String field, String what) {
        List<PolicyLanguage.Problem> problems = new ArrayList<>();
        PolicyLanguage.Compiled compiled = PolicyLanguage.compile(source, problems);
        for (PolicyLanguage.Problem problem : problems) {
            error(field, what + ", column " + problem.column() + ": " + problem.message());
        }
        if (compiled != null && compiled.readsRisk() && config.risk() == null) {
            // Without a risk stage the score is always 0: a policy like risk.score < 60 would pass everyone.
            error(field, what + " reads risk, but there is no risk: section to score requests");
        }
        return compiled;
    }

    private NetworkTags networks(Map<String, List<String>> lists) {
        Map<String, CidrSet> sets = new LinkedHashMap<>();
        lists.forEach((name, cidrs) -> {
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                error("networks." + name, "network names are letters, digits, '_' and '-'");
            }
            try {
                sets.put(name, CidrSet.parse(expandFiles(cidrs)));
            } catch (IllegalArgumentException e) {
                error("networks." + name, e.getMessage());
            } catch (java.io.IOException e) {
                error("networks." + name, "cannot read " + e.getMessage());
            }
        });
        return sets.isEmpty() ? NetworkTags.NONE : new NetworkTags(sets);
    }

    /**
     * A list entry {@code file:PATH} stands for the addresses and CIDR blocks in that file, one per
     * line ({@code #} starts a comment): how Tor exit lists and abuse feeds are published. Read at
     * each config load.
     */
    private static List<String> expandFiles(List<String> entries) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        for (String entry : entries) {
            if (!entry.startsWith("file:")) {
                out.add(entry);
                continue;
            }
            Path file = Path.of(entry.substring("file:".length()));
            int lineNumber = 0;
            for (String line : java.nio.file.Files.readAllLines(file)) {
                lineNumber++;
                int hash = line.indexOf('#');
                String value = (hash < 0 ? line : line.substring(0, hash)).trim();
                if (value.isEmpty()) {
                    continue;
                }
                if (value.indexOf(' ') >= 0 || value.indexOf('\t') >= 0) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + ": one address or CIDR block per line");
                }
                out.add(value);
            }
        }
        return out;
    }

    private Route.StepUp stepUp(RouteConfig rc, String at) {
        RouteConfig.StepUpConfig config = rc.stepUp();
        if (config == null) {
            return null;
        }
        if (config.acrValues().isEmpty() && config.maxAge() == null) {
            error(at + ".stepUp", "name acrValues, maxAge or both");
            return null;
        }
        if (rc.auth().contains(NoneAuthenticator.ID)) {
            error(at + ".stepUp", "a public route (auth: [none]) has no login to step up");
        }
        StringBuilder challenge = new StringBuilder();
        for (String acr : config.acrValues()) {
            if (!acr.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                error(at + ".stepUp.acrValues", "'" + acr + "' cannot be sent in a challenge");
            }
        }
        if (!config.acrValues().isEmpty()) {
            challenge.append("acr_values=\"").append(String.join(" ", config.acrValues())).append('"');
        }
        long maxAge = config.maxAge() == null ? 0 : config.maxAge().toSeconds();
        if (maxAge > 0) {
            challenge.append(challenge.length() == 0 ? "" : ", ").append("max_age=").append(maxAge);
        }
        return new Route.StepUp(config.acrValues(), maxAge, challenge.toString());
    }

    private List<Authenticator> authenticators(RouteConfig rc, String at, Map<String, JwtAuthenticator> providers) {
        List<Authenticator> out = new ArrayList<>();
        if (rc.auth().isEmpty()) {
            error(at + ".auth", "must name at least one method; write [none] to make the route public");
            return out;
        }
        for (String method : rc.auth()) {
            if (method.equals(NoneAuthenticator.ID)) {
                if (rc.auth().size() > 1) {
                    error(at + ".auth", "'none' cannot be combined with other methods: a route is public or it is not");
                }
                out.add(NoneAuthenticator.INSTANCE);
            } else if (method.equals(MtlsAuthenticator.ID)) {
                ServerConfig.TlsConfig tls = config.server().tls();
                if (tls == null || tls.clientAuth() == ServerConfig.ClientAuth.NONE) {
                    error(at + ".auth", "'mtls' needs server.tls with clientAuth optional or required, and clientCa");
                } else {
                    out.add(MtlsAuthenticator.INSTANCE);
                }
            } else if (method.equals(ApiKeyAuthenticator.ID)) {
                if (config.apiKeys() == null) {
                    error(at + ".auth", "'apikey' needs the apiKeys section (at least apiKeys.pepper)");
                } else {
                    out.add(new ApiKeyAuthenticator(services.apiKeys(), config.apiKeys(), rc.apiKeyInQuery(), REALM));
                }
            } else if (method.startsWith("jwt:") && providers.containsKey(method.substring(4))) {
                out.add(providers.get(method.substring(4)));
            } else if (method.startsWith("jwt:") && config.identityProviders().containsKey(method.substring(4))) {
                // The provider itself failed to compile; its errors say why.
                continue;
            } else {
                List<String> available = new ArrayList<>(List.of("none", "apikey", "mtls"));
                config.identityProviders().keySet().forEach(name -> available.add("jwt:" + name));
                error(at + ".auth", "unknown authentication method '" + method + "' (available: "
                        + String.join(", ", available) + ")");
            }
        }
        return out;
    }

    private void checkListen(String listen, String field) {
        var m = LISTEN.matcher(listen);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            error(field, "'" + listen + "' is not host:port (e.g. 127.0.0.1:8080 or [::1]:8080)");
        }
    }

    private void checkAdminExposure(AdminConfig admin) {
        String host = admin.listen().substring(0, Math.max(0, admin.listen().lastIndexOf(':')));
        boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]")
                || host.startsWith("127.");
        if (!loopback && (admin.token() == null || admin.token().isBlank()) && !admin.mutualTls()) {
            error("admin.token", "is required when admin.listen is not a loopback address ("
                    + admin.listen() + ") and admin.tls.clientCa (mTLS) is not set; set it from an environment"
                    + " variable: token: ${VIGIL_ADMIN_TOKEN}");
        }
        if (admin.tls() != null) {
            checkReadable(admin.tls().cert(), "admin.tls.cert");
            checkReadable(admin.tls().key(), "admin.tls.key");
            if (admin.mutualTls()) {
                checkReadable(admin.tls().clientCa(), "admin.tls.clientCa");
            }
        }
        if (admin.token() != null && !admin.token().isBlank() && admin.token().length() < 16) {
            error("admin.token", "is too short (expected: at least 16 characters)");
        }
    }

    private void checkReadable(String path, String field) {
        if (!Files.isReadable(Path.of(path))) {
            error(field, "cannot read file '" + path + "'");
        }
    }

    private void error(String field, String message) {
        Mark mark = locate(field);
        errors.add(new ConfigError(file, mark == null ? 0 : mark.getLine() + 1,
                mark == null ? 0 : mark.getColumn() + 1, field, message));
    }

    /** The YAML position of a field, or of its nearest parent that was written. */
    private Mark locate(String field) {
        String path = field;
        while (!path.isEmpty()) {
            Mark mark = locations.get(path);
            if (mark != null) {
                return mark;
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = cut < 0 ? "" : path.substring(0, cut);
        }
        return locations.get("");
    }

}
