package io.vigil.auth.revocation;

import io.vigil.auth.Principal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The deny-list of tokens, subjects and sessions. The store holds it; every node keeps the whole
 * active list in memory and checks each request against it with no I/O. A change made through
 * this node is visible on its very next request; a change made elsewhere (another node sharing
 * the PostgreSQL store) is picked up by {@link #poll()}, which the gateway runs every second:
 * one single-row read when nothing changed.
 */
public final class Revocations {

    /** How long an entry is kept when the caller does not say: longer than any access token lives. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    private volatile RevocationList list = RevocationList.EMPTY;
    private RevocationStore store;
    private long seenVersion = Long.MIN_VALUE;

    /** Loads the list from the store. Blocking: at start, or off the event loop. */
    public synchronized void open(DataSource dataSource) throws SQLException {
        this.store = new RevocationStore(dataSource);
        reload();
    }

    /** The entry revoking this principal's credential, or null. The request path's only call. */
    public Revocation find(Principal principal, long nowMillis) {
        return list.find(principal, nowMillis);
    }

    public List<Revocation> list() {
        return list.all();
    }

    /**
     * Adds an entry and applies it before returning. Blocking.
     *
     * @param expiresAtMillis when the covered tokens have all expired; 0 for {@link #DEFAULT_TTL}
     */
    public synchronized Revocation add(Revocation.Kind kind, String value, String issuer, Long issuedBefore,
            long expiresAtMillis, String reason) throws SQLException {
        long now = System.currentTimeMillis();
        Revocation entry = new Revocation(UUID.randomUUID().toString(), kind, value, issuer, issuedBefore,
                expiresAtMillis > 0 ? expiresAtMillis : now + DEFAULT_TTL.toMillis(), now, reason);
        store().insert(entry);
        reload();
        return entry;
    }

    /** Removes an entry; false when there was none with this id. Blocking. */
    public synchronized boolean remove(String id) throws SQLException {
        boolean existed = store().delete(id);
        if (existed) {
            reload();
        }
        return existed;
    }

    /** Picks up changes other nodes made, and forgets expired entries. Blocking. */
    public synchronized void poll() throws SQLException {
        if (store().version() != seenVersion) {
            reload();
        }
    }

    /** Deletes entries whose tokens have all expired. Blocking. */
    public synchronized int sweep() throws SQLException {
        int removed = store().sweep(System.currentTimeMillis());
        if (removed > 0) {
            reload();
        }
        return removed;
    }

    private void reload() throws SQLException {
        long version = store().version();
        list = new RevocationList(store().active(System.currentTimeMillis()));
        seenVersion = version;
    }

    private RevocationStore store() {
        if (store == null) {
            throw new IllegalStateException("revocations are not open");
        }
        return store;
    }
}
