package io.vigil.auth.revocation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The deny-list's rows in the store. Every call blocks: callers run it off the event loop. */
final class RevocationStore {

    private final DataSource dataSource;

    RevocationStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(Revocation r) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO revocations (id, kind, value, issuer,"
                    + " issued_before, expires_at, created_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, r.id());
                s.setString(2, r.kind().name().toLowerCase(java.util.Locale.ROOT));
                s.setString(3, r.value());
                s.setString(4, r.issuer());
                if (r.issuedBefore() == null) {
                    s.setNull(5, Types.BIGINT);
                } else {
                    s.setLong(5, r.issuedBefore());
                }
                s.setLong(6, r.expiresAtMillis());
                s.setLong(7, r.createdAtMillis());
                s.setString(8, r.reason());
                s.executeUpdate();
                bump(c);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** @return whether an entry with this id existed */
    boolean delete(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM revocations WHERE id = ?")) {
                s.setString(1, id);
                boolean existed = s.executeUpdate() > 0;
                if (existed) {
                    bump(c);
                }
                c.commit();
                return existed;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Forgets entries whose tokens have all expired. */
    int sweep(long nowMillis) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM revocations WHERE expires_at <= ?")) {
            s.setLong(1, nowMillis);
            return s.executeUpdate();
        }
    }

    long version() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT version FROM revocation_version WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    List<Revocation> active(long nowMillis) throws SQLException {
        List<Revocation> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, kind, value, issuer, issued_before, expires_at,"
                        + " created_at, reason FROM revocations WHERE expires_at > ? ORDER BY created_at")) {
            s.setLong(1, nowMillis);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long before = rs.getLong(5);
                    Long issuedBefore = rs.wasNull() ? null : before;
                    out.add(new Revocation(rs.getString(1), Revocation.Kind.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                            rs.getString(3), rs.getString(4), issuedBefore, rs.getLong(6), rs.getLong(7), rs.getString(8)));
                }
            }
        }
        return out;
    }

    private static void bump(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE revocation_version SET version = version + 1 WHERE id = 1")) {
            s.executeUpdate();
        }
    }
}
