package io.vigil.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The inventory in the store ({@code inventory_endpoints}), summed over every node: each adds
 * what it observed since its last write, reading, merging and writing each row in one
 * transaction (the row locked on PostgreSQL, the database on SQLite). Blocking: worker threads only.
 */
final class InventoryStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final boolean postgres;

    InventoryStore(DataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    void add(List<EndpointTree.Endpoint> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO inventory_endpoints"
                            + " (host, method, template, count, first_seen, last_seen, detail) VALUES (?, ?, ?, 0, 0, 0, '{}')"
                            + " ON CONFLICT (host, method, template) DO NOTHING");
                    PreparedStatement select = c.prepareStatement("SELECT count, first_seen, last_seen, detail"
                            + " FROM inventory_endpoints WHERE host = ? AND method = ? AND template = ?"
                            + (postgres ? " FOR UPDATE" : ""));
                    PreparedStatement update = c.prepareStatement("UPDATE inventory_endpoints SET count = ?, first_seen = ?,"
                            + " last_seen = ?, detail = ? WHERE host = ? AND method = ? AND template = ?")) {
                for (EndpointTree.Endpoint delta : deltas) {
                    key(insert, 1, delta);
                    insert.executeUpdate();
                    key(select, 1, delta);
                    EndpointStats merged;
                    try (ResultSet rs = select.executeQuery()) {
                        rs.next();
                        merged = EndpointStats.restore(rs.getLong(1), rs.getLong(2), rs.getLong(3), detail(rs.getString(4)));
                    }
                    merged.merge(delta.stats());
                    update.setLong(1, merged.count());
                    update.setLong(2, merged.firstSeen());
                    update.setLong(3, merged.lastSeen());
                    update.setString(4, merged.detail(JSON).toString());
                    key(update, 5, delta);
                    update.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e instanceof SQLException sql ? sql : new SQLException("inventory write failed", e);
            }
        }
    }

    List<EndpointTree.Endpoint> load() throws SQLException {
        List<EndpointTree.Endpoint> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT host, method, template, count, first_seen, last_seen, detail"
                        + " FROM inventory_endpoints ORDER BY host, template, method");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                try {
                    out.add(new EndpointTree.Endpoint(rs.getString(1), rs.getString(2), rs.getString(3),
                            EndpointStats.restore(rs.getLong(4), rs.getLong(5), rs.getLong(6), JSON.readTree(rs.getString(7)))));
                } catch (IOException e) {
                    // An unreadable detail column: the endpoint without its detail is still worth listing.
                    out.add(new EndpointTree.Endpoint(rs.getString(1), rs.getString(2), rs.getString(3),
                            EndpointStats.restore(rs.getLong(4), rs.getLong(5), rs.getLong(6), JSON.createObjectNode())));
                }
            }
        }
        return out;
    }

    /** A row's detail; an unreadable one (hand-edited, another version) counts as empty rather than blocking every write. */
    private static com.fasterxml.jackson.databind.JsonNode detail(String text) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = text == null ? null : JSON.readTree(text);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static void key(PreparedStatement s, int from, EndpointTree.Endpoint e) throws SQLException {
        s.setString(from, e.host());
        s.setString(from + 1, e.method());
        s.setString(from + 2, e.template());
    }
}
