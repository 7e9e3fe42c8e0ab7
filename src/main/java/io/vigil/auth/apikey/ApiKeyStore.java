package io.vigil.auth.apikey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** API key rows. Every call blocks: callers run it off the event loop. */
final class ApiKeyStore {

    private static final String COLUMNS = "id, hash, prefix, name, owner, scopes, plan, created_at, expires_at,"
            + " revoked_at, replaced_by, last_used_at";

    private final DataSource dataSource;

    ApiKeyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(ApiKey key) throws SQLException {
        inTransaction(c -> insert(c, key));
    }

    private static void insert(Connection c, ApiKey key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO api_keys (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, key.id());
            s.setString(2, key.hash());
            s.setString(3, key.prefix());
            s.setString(4, key.name());
            s.setString(5, key.owner());
            s.setString(6, String.join(" ", key.scopes()));
            s.setString(7, key.plan());
            s.setLong(8, key.createdAtMillis());
            setMillis(s, 9, key.expiresAtMillis());
            setMillis(s, 10, key.revokedAtMillis());
            s.setString(11, key.replacedBy());
            setMillis(s, 12, key.lastUsedAtMillis());
            s.executeUpdate();
        }
    }

    /** Rotation in one transaction: the new key exists exactly when the old one is set to stop. */
    void rotate(ApiKey replacement, String oldId, long oldStopsAtMillis) throws SQLException {
        inTransaction(c -> {
            insert(c, replacement);
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE api_keys SET revoked_at = ?, replaced_by = ? WHERE id = ?")) {
                s.setLong(1, oldStopsAtMillis);
                s.setString(2, replacement.id());
                s.setString(3, oldId);
                s.executeUpdate();
            }
        });
    }

    boolean revoke(String id, long atMillis) throws SQLException {
        boolean[] changed = {false};
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND (revoked_at IS NULL OR revoked_at > ?)")) {
                s.setLong(1, atMillis);
                s.setString(2, id);
                s.setLong(3, atMillis);
                changed[0] = s.executeUpdate() > 0;
            }
        });
        return changed[0];
    }

    /** Last-use times are advisory: written in batches, without bumping the version. */
    void touch(Map<String, Long> lastUsed) throws SQLException {
        if (lastUsed.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE api_keys SET last_used_at = ? WHERE id = ?"
                        + " AND (last_used_at IS NULL OR last_used_at < ?)")) {
            for (Map.Entry<String, Long> e : lastUsed.entrySet()) {
                s.setLong(1, e.getValue());
                s.setString(2, e.getKey());
                s.setLong(3, e.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    long version() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT version FROM api_key_version WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    List<ApiKey> all() throws SQLException {
        List<ApiKey> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String scopes = rs.getString(6);
                out.add(new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        scopes.isBlank() ? java.util.Set.of() : new LinkedHashSet<>(Arrays.asList(scopes.split(" "))),
                        rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11), rs.getLong(12)));
            }
        }
        return out;
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    /** Runs the work and bumps the version in one transaction, so other nodes see the change. */
    private void inTransaction(Work work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                try (PreparedStatement s = c.prepareStatement("UPDATE api_key_version SET version = version + 1 WHERE id = 1")) {
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static void setMillis(PreparedStatement s, int index, long millis) throws SQLException {
        if (millis == 0) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, millis);
        }
    }
}
