package io.vigil.auth.revocation;

import io.vigil.auth.Principal;
import java.sql.SQLException;
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

    /**
     * An entry without a given expiry stays until it is removed: nothing bounds how long the
     * credentials it covers live (a token's exp, an API key, a certificate), so guessing one
     * would let a revoked credential work again. Year 9999, in epoch millis.
     */
    public static final long UNTIL_REMOVED = 253_402_300_799_000L;

    private volatile RevocationList list = RevocationList.EMPTY;
    /**
     * Entries made on the request path (a session terminated for its risk) that the store does not
     * hold yet: in force at once, written by {@link #writer}, dropped from here once reloaded.
     */
    private final java.util.Set<Revocation> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Object pendingLock = new Object();
    private volatile RevocationList pendingList = RevocationList.EMPTY;
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-revocation-writer");
        t.setDaemon(true);
        return t;
    });
    private RevocationStore store;
    private long seenVersion = Long.MIN_VALUE;

    /** Loads the list from the store. Blocking: at start, or off the event loop. */
    public synchronized void open(DataSource dataSource) throws SQLException {
        this.store = new RevocationStore(dataSource);
        reload();
    }

    /** The entry revoking this principal's credential, or null. The request path's only call. */
    public Revocation find(Principal principal, long nowMillis) {
        Revocation found = list.find(principal, nowMillis);
        if (found == null && !pending.isEmpty()) {
            found = pendingList.find(principal, nowMillis);
        }
        return found;
    }

    /**
     * Revokes from the request path without blocking it: in force on this node before this
     * returns, written to the store (and so to other nodes) on a writer thread.
     *
     * @param expiresAtMillis when the covered tokens have all expired; 0 for {@link #UNTIL_REMOVED}
     */
    public Revocation revokeNow(Revocation.Kind kind, String value, String issuer, Long issuedBefore, long expiresAtMillis,
            String reason) {
        long now = System.currentTimeMillis();
        Revocation entry = new Revocation(UUID.randomUUID().toString(), kind, value, issuer, issuedBefore,
                expiresAtMillis > 0 ? expiresAtMillis : UNTIL_REMOVED, now, reason);
        synchronized (pendingLock) {
            pending.add(entry);
            pendingList = new RevocationList(pending);
        }
        writer.execute(() -> {
            try {
                synchronized (this) {
                    store().insert(entry);
                    reload();
                }
            } catch (SQLException | RuntimeException e) {
                // Still in force on this node (it stays pending); other nodes will not see it.
                org.slf4j.LoggerFactory.getLogger(Revocations.class).error(
                        "revocation {} could not be stored; it holds on this node only: {}", entry.id(), e.toString());
                return;
            }
            synchronized (pendingLock) {
                pending.remove(entry);
                pendingList = new RevocationList(pending);
            }
        });
        return entry;
    }

    public List<Revocation> list() {
        if (pending.isEmpty()) {
            return list.all();
        }
        List<Revocation> all = new java.util.ArrayList<>(list.all());
        pending.stream().filter(p -> !all.contains(p)).forEach(all::add);
        return all;
    }

    /**
     * Adds an entry and applies it before returning. Blocking.
     *
     * @param expiresAtMillis when the covered tokens have all expired; 0 for {@link #UNTIL_REMOVED}
     */
    public synchronized Revocation add(Revocation.Kind kind, String value, String issuer, Long issuedBefore,
            long expiresAtMillis, String reason) throws SQLException {
        long now = System.currentTimeMillis();
        Revocation entry = new Revocation(UUID.randomUUID().toString(), kind, value, issuer, issuedBefore,
                expiresAtMillis > 0 ? expiresAtMillis : UNTIL_REMOVED, now, reason);
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
        long version = store().version();
        if (version != seenVersion) {
            reload(version);
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
        reload(store().version());
    }

    /** @param version read before the rows, so a change racing this read is picked up by the next poll */
    private void reload(long version) throws SQLException {
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
