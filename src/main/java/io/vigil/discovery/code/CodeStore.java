package io.vigil.discovery.code;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Endpoints found in source code, in the store ({@code inventory_code}): each import replaces the last. Blocking. */
public final class CodeStore {

    private final DataSource dataSource;

    public CodeStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void replace(List<CodeEndpoint> endpoints, long now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM inventory_code");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO inventory_code"
                            + " (method, template, file, line, language, framework, scanned_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                delete.executeUpdate();
                for (CodeEndpoint e : endpoints) {
                    insert.setString(1, e.method());
                    insert.setString(2, e.template());
                    insert.setString(3, e.file());
                    insert.setInt(4, e.line());
                    insert.setString(5, e.language());
                    insert.setString(6, e.framework());
                    insert.setLong(7, now);
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public List<CodeEndpoint> all() throws SQLException {
        List<CodeEndpoint> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT language, framework, method, template, file, line FROM inventory_code"
                        + " ORDER BY file, line, method");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new CodeEndpoint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6)));
            }
        }
        return out;
    }
}
