package io.vigil.auth.apikey;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * API keys: created, rotated and revoked through the admin API, stored only as
 * HMAC-SHA-256(pepper, key). Every node keeps all keys' records in memory, indexed by that hash,
 * so checking a key is one HMAC and one lookup; a change made through this node applies before
 * the call returns, and {@link #poll()} (every second) picks up changes made by other nodes.
 */
public final class ApiKeys {

    /** A new key: the secret (shown once, never stored) and its record. */
    public record Created(String key, ApiKey record) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private volatile Map<String, ApiKey> byHash = Map.of();
    private volatile Map<String, ApiKey> byId = Map.of();
    private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();
    /** A thread's HMAC, with the pepper it was keyed with (a reload may change the pepper). */
    private record Hmac(byte[] pepper, Mac mac) {
    }

    private final ThreadLocal<Hmac> macs = new ThreadLocal<>();
    private volatile byte[] pepper;
    private ApiKeyStore store;
    private long seenVersion = Long.MIN_VALUE;

    /** Loads every key's record. Blocking: at start, or off the event loop. */
    public synchronized void open(DataSource dataSource) throws SQLException {
        this.store = new ApiKeyStore(dataSource);
        reload();
    }

    /** The server-side secret that keys are hashed under (config {@code apiKeys.pepper}); null to disable keys. */
    public void pepper(String pepper) {
        byte[] next = pepper == null ? null : pepper.getBytes(StandardCharsets.UTF_8);
        if (this.pepper == null || next == null || !MessageDigest.isEqual(this.pepper, next)) {
            this.pepper = next;
        }
    }

    public boolean enabled() {
        return pepper != null;
    }

    /**
     * The record of a usable key, or null: unknown, malformed, revoked and expired keys are all the
     * same null, so a caller cannot tell which (no enumeration).
     */
    public ApiKey find(String presented, long nowMillis) {
        if (pepper == null || !ApiKeyFormat.wellFormed(presented)) {
            return null;
        }
        // Looked up by its HMAC under the server's pepper: what the lookup's timing could reveal is
        // about a keyed hash, never the key, so no separate constant-time compare is needed.
        ApiKey key = byHash.get(hash(presented));
        if (key == null || !key.usableAt(nowMillis)) {
            return null;
        }
        lastUsed.merge(key.id(), nowMillis, Math::max);
        return key;
    }

    public List<ApiKey> list() {
        return List.copyOf(byId.values()).stream()
                .sorted(java.util.Comparator.comparingLong(ApiKey::createdAtMillis)).toList();
    }

    public ApiKey get(String id) {
        return byId.get(id);
    }

    /** Blocking. */
    public synchronized Created create(String environment, String name, String owner, Set<String> scopes, String plan,
            Duration expiresIn) throws SQLException {
        requireEnabled();
        String secret = ApiKeyFormat.generate(environment);
        long now = System.currentTimeMillis();
        ApiKey record = new ApiKey(ApiKeyFormat.randomId("key_", 16), hash(secret), ApiKeyFormat.displayPrefix(secret),
                name, owner, scopes, plan, now, expiresIn == null ? 0 : now + expiresIn.toMillis(), 0, null, 0);
        store.insert(record);
        reload();
        return new Created(secret, record);
    }

    /**
     * A new key with the old one's name, owner, scopes and plan; the old one keeps working for
     * {@code grace}, then stops. Blocking.
     *
     * @return null when there is no usable key with this id
     */
    public synchronized Created rotate(String id, String environment, Duration grace) throws SQLException {
        requireEnabled();
        long now = System.currentTimeMillis();
        ApiKey old = byId.get(id);
        if (old == null || !old.usableAt(now) || old.replacedBy() != null) {
            return null;
        }
        String secret = ApiKeyFormat.generate(environment);
        ApiKey record = new ApiKey(ApiKeyFormat.randomId("key_", 16), hash(secret), ApiKeyFormat.displayPrefix(secret),
                old.name(), old.owner(), old.scopes(), old.plan(), now, old.expiresAtMillis(), 0, null, 0);
        long stops = now + grace.toMillis();
        if (old.revokedAtMillis() != 0) {
            stops = Math.min(stops, old.revokedAtMillis());
        }
        store.rotate(record, id, stops);
        reload();
        return new Created(secret, record);
    }

    /** Stops a key at once. Blocking. @return false when there was no such key still working */
    public synchronized boolean revoke(String id) throws SQLException {
        boolean changed = store().revoke(id, System.currentTimeMillis());
        if (changed) {
            reload();
        }
        return changed;
    }

    /** Picks up other nodes' changes and writes last-use times. Blocking. */
    public synchronized void poll() throws SQLException {
        if (!lastUsed.isEmpty()) {
            Map<String, Long> batch = new HashMap<>(lastUsed);
            batch.forEach((k, v) -> lastUsed.remove(k, v));
            store().touch(batch);
        }
        long version = store().version();
        if (version != seenVersion) {
            reload(version);
        }
    }

    private void reload() throws SQLException {
        reload(store().version());
    }

    /** @param version read before the rows, so a change racing this read is picked up by the next poll */
    private void reload(long version) throws SQLException {
        Map<String, ApiKey> hashes = new HashMap<>();
        Map<String, ApiKey> ids = new HashMap<>();
        for (ApiKey key : store().all()) {
            hashes.put(key.hash(), key);
            ids.put(key.id(), key);
        }
        byHash = Map.copyOf(hashes);
        byId = Map.copyOf(ids);
        seenVersion = version;
    }

    private String hash(String key) {
        byte[] current = pepper;
        Hmac hmac = macs.get();
        if (hmac == null || hmac.pepper() != current) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(current, "HmacSHA256"));
                hmac = new Hmac(current, mac);
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HMAC-SHA-256 is required", e);
            }
            macs.set(hmac);
        }
        return HEX.formatHex(hmac.mac().doFinal(key.getBytes(StandardCharsets.US_ASCII)));
    }

    private void requireEnabled() {
        if (pepper == null) {
            throw new IllegalStateException("API keys are not configured (apiKeys.pepper)");
        }
        store();
    }

    private ApiKeyStore store() {
        if (store == null) {
            throw new IllegalStateException("API keys are not open");
        }
        return store;
    }
}
