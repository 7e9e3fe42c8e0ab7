package io.vigil.discovery;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The gateway's endpoint inventory: an {@link EndpointTree} fed from live traffic, restored
 * from the store at start (what every node has seen) and written back every minute and at
 * shutdown (what this node has seen since).
 */
public final class Inventory {

    private final EndpointTree tree;
    private volatile InventoryStore store;

    public Inventory(EndpointTree tree) {
        this.tree = tree;
    }

    public EndpointTree tree() {
        return tree;
    }

    /** Blocking: at start. @return how many endpoints were restored */
    public int open(DataSource dataSource, boolean postgres) throws SQLException {
        InventoryStore opened = new InventoryStore(dataSource, postgres);
        List<EndpointTree.Endpoint> stored = opened.load();
        for (EndpointTree.Endpoint e : stored) {
            tree.restore(e.host(), e.method(), e.template(), e.stats());
        }
        this.store = opened;
        return stored.size();
    }

    /** Writes what was observed since the last call. Blocking: a worker thread. @return endpoints written */
    public int flush() throws SQLException {
        InventoryStore target = store;
        if (target == null) {
            return 0;
        }
        List<EndpointTree.Endpoint> pending = tree.takePending();
        try {
            target.add(pending);
        } catch (SQLException e) {
            tree.unTake(pending);
            throw e;
        }
        return pending.size();
    }

    /** Everything in the store, for reports: a fresh tree, so templates from every node merge. */
    public static EndpointTree load(DataSource dataSource, boolean postgres, int paramThreshold) throws SQLException {
        EndpointTree tree = new EndpointTree(paramThreshold, Integer.MAX_VALUE);
        for (EndpointTree.Endpoint e : new InventoryStore(dataSource, postgres).load()) {
            tree.restore(e.host(), e.method(), e.template(), e.stats());
        }
        return tree;
    }
}
