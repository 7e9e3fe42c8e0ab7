package io.vigil.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.config.IdentityProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's JWKS fetched over HTTP, found through OIDC discovery unless a {@code jwksUri} is
 * configured. Requests never wait for a refresh: the last good keys keep serving while a new
 * set is fetched in the background, and for up to {@code maxStale} while the provider is down.
 * Only a token naming a key we do not have (at most one fetch per cool-down) or having no usable
 * keys at all makes a request wait for a fetch.
 */
final class RemoteKeySource implements KeySource {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteKeySource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * After a failed fetch, how soon another may start. Short, because while there are no usable
     * keys every request gets 503; one probe a second is no burden on a provider.
     */
    private static final long FAILURE_RETRY_MILLIS = 1_000;

    private final String provider;
    private final String issuer;
    private final URI configuredJwksUri;
    private final IdentityProviderConfig.KeysConfig config;
    private final LongSupplier clock;

    private volatile KeySet keys;
    private volatile URI discoveredJwksUri;
    // Written under this; volatile so the request path can skip the lock when nothing is due.
    private volatile CompletableFuture<KeySet> inFlight;
    private volatile long lastAttemptMillis = Long.MIN_VALUE / 2;
    private volatile long lastFailureMillis = Long.MIN_VALUE / 2;

    RemoteKeySource(String provider, String issuer, URI jwksUri, IdentityProviderConfig.KeysConfig config,
            LongSupplier clock) {
        this.provider = provider;
        this.issuer = issuer;
        this.configuredJwksUri = jwksUri;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (keys == null) {
            refetch(clock.getAsLong(), false);
        }
    }

    @Override
    public KeySet current(long nowMillis) {
        KeySet k = keys;
        if (k == null) {
            return null;
        }
        if (nowMillis >= k.refreshAtMillis() && inFlight == null
                && nowMillis - lastFailureMillis >= FAILURE_RETRY_MILLIS) {
            refreshInBackground(nowMillis);
        }
        return nowMillis - k.fetchedAtMillis() <= config.maxStale().toMillis() ? k : null;
    }

    private synchronized void refreshInBackground(long nowMillis) {
        if (inFlight == null && nowMillis - lastFailureMillis >= FAILURE_RETRY_MILLIS) {
            fetch(nowMillis);
        }
    }

    @Override
    public synchronized CompletableFuture<KeySet> refetch(long nowMillis, boolean unknownKid) {
        if (inFlight != null) {
            return inFlight;
        }
        long gap = unknownKid ? config.unknownKidCooldown().toMillis()
                : Math.min(FAILURE_RETRY_MILLIS, config.unknownKidCooldown().toMillis());
        long since = unknownKid ? lastAttemptMillis : lastFailureMillis;
        if (nowMillis - since < gap) {
            KeySet usable = current(nowMillis);
            return usable != null ? CompletableFuture.completedFuture(usable)
                    : CompletableFuture.failedFuture(unavailable("the last attempt to fetch keys failed"));
        }
        return fetch(nowMillis);
    }

    /** Starts one fetch; its future completes with the keys to use after it, or fails. */
    private CompletableFuture<KeySet> fetch(long nowMillis) {
        lastAttemptMillis = nowMillis;
        Duration timeout = config.fetchTimeout();
        CompletableFuture<KeySet> result = jwksUri(timeout)
                .thenCompose(uri -> HttpDocuments.get(uri, timeout))
                .thenApply(document -> load(document))
                .handle((loaded, error) -> settle(loaded, error));
        inFlight = result;
        if (result.isDone()) {
            inFlight = null;
        }
        return result;
    }

    private KeySet load(HttpDocuments.Document document) {
        try {
            KeySet parsed = KeySetLoader.parse(document.body(),
                    warning -> LOG.warn("identity provider '{}': {}", provider, warning));
            long now = clock.getAsLong();
            long ttl = document.maxAgeSeconds() < 0 ? config.maxRefresh().toMillis() : document.maxAgeSeconds() * 1000;
            ttl = Math.max(config.minRefresh().toMillis(), Math.min(config.maxRefresh().toMillis(), ttl));
            // Refresh ahead of expiry, so a rotation is seen before the old keys' lifetime ends.
            return parsed.withTimes(now, now + ttl * 4 / 5);
        } catch (KeySetLoader.KeySetException e) {
            throw new CompletionException(new HttpDocuments.FetchException("JWKS refused: " + e.getMessage()));
        }
    }

    private KeySet settle(KeySet loaded, Throwable error) {
        long now = clock.getAsLong();
        synchronized (this) {
            inFlight = null;
            if (error == null) {
                KeySet previous = keys;
                keys = loaded;
                if (previous == null || !previous.byKid().keySet().equals(loaded.byKid().keySet())) {
                    LOG.info("identity provider '{}': {} signing keys loaded {}", provider, loaded.size(),
                            loaded.byKid().keySet());
                }
                return loaded;
            }
            lastFailureMillis = now;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        KeySet usable = current(now);
        if (usable != null) {
            LOG.warn("identity provider '{}': key fetch failed ({}); serving the keys fetched {} s ago", provider, why,
                    (now - usable.fetchedAtMillis()) / 1000);
            return usable;
        }
        LOG.error("identity provider '{}': key fetch failed ({}) and no usable keys remain; its tokens get 503",
                provider, why);
        throw unavailable("keys could not be fetched");
    }

    /** The JWKS location: configured, or read once from the issuer's discovery document. */
    private CompletableFuture<URI> jwksUri(Duration timeout) {
        if (configuredJwksUri != null) {
            return CompletableFuture.completedFuture(configuredJwksUri);
        }
        URI known = discoveredJwksUri;
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        URI discovery = URI.create(stripSlash(issuer) + "/.well-known/openid-configuration");
        return HttpDocuments.get(discovery, timeout).thenApply(document -> {
            URI uri = parseDiscovery(document.body());
            discoveredJwksUri = uri;
            return uri;
        });
    }

    private URI parseDiscovery(String body) {
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new HttpDocuments.FetchException("discovery document is not JSON");
        }
        // OIDC Discovery §4.3: the document must name exactly the issuer we asked about.
        String named = doc.path("issuer").asText(null);
        if (!issuer.equals(named)) {
            throw new HttpDocuments.FetchException("discovery document names issuer '" + named
                    + "', expected '" + issuer + "'");
        }
        String jwks = doc.path("jwks_uri").asText(null);
        if (jwks == null) {
            throw new HttpDocuments.FetchException("discovery document has no jwks_uri");
        }
        URI uri;
        try {
            uri = URI.create(jwks);
        } catch (IllegalArgumentException e) {
            throw new HttpDocuments.FetchException("discovery jwks_uri is not a URI");
        }
        String problem = RemoteLocations.problem(uri);
        if (problem != null) {
            throw new HttpDocuments.FetchException("discovery jwks_uri " + problem);
        }
        return uri;
    }

    private KeysUnavailableException unavailable(String why) {
        return new KeysUnavailableException("Identity provider '" + provider + "' is unavailable: " + why + ".");
    }

    static String stripSlash(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
