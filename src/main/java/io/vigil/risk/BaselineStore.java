package io.vigil.risk;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Baseline snapshots in the store ({@code risk_baselines}). Blocking: worker threads only. */
final class BaselineStore {

    private static final String UPSERT = "INSERT INTO risk_baselines (identity, snapshot, updated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (identity) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at";

    private final DataSource dataSource;

    BaselineStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void save(Map<String, String> snapshots, long now) throws SQLException {
        if (snapshots.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(UPSERT)) {
                for (Map.Entry<String, String> e : snapshots.entrySet()) {
                    s.setString(1, e.getKey());
                    s.setString(2, e.getValue());
                    s.setLong(3, now);
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The most recently updated snapshots, at most {@code limit}, newest first. */
    Map<String, String> load(long limit) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT identity, snapshot FROM risk_baselines ORDER BY updated_at DESC LIMIT ?")) {
            s.setLong(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Forgets identities not seen since {@code before} (the same 30 days as in memory). */
    int sweep(long before) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM risk_baselines WHERE updated_at < ?")) {
            s.setLong(1, before);
            return s.executeUpdate();
        }
    }
}
