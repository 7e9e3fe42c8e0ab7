package io.vigil.discovery.spec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Specs imported into the inventory ({@code inventory_specs}). Blocking: worker threads and the CLI. */
public final class SpecStore {

    /** An imported spec as stored. */
    public record Imported(String name, String content, String owner) {
    }

    private final DataSource dataSource;

    public SpecStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds or replaces the spec imported under {@code name}. */
    public void save(String name, String content, String owner, long now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM inventory_specs WHERE name = ?");
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO inventory_specs (name, content, owner, imported_at) VALUES (?, ?, ?, ?)")) {
                delete.setString(1, name);
                delete.executeUpdate();
                insert.setString(1, name);
                insert.setString(2, content);
                insert.setString(3, owner);
                insert.setLong(4, now);
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public List<Imported> all() throws SQLException {
        List<Imported> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT name, content, owner FROM inventory_specs ORDER BY name");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new Imported(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    /**
     * Every imported spec's operations in one index. A stored spec that no longer reads (the
     * reader became stricter) is skipped, and named in {@code problems}.
     */
    public SpecIndex index(List<String> problems) throws SQLException {
        List<DeclaredEndpoint> declared = new ArrayList<>();
        for (Imported spec : all()) {
            try {
                declared.addAll(SpecReader.read(spec.name(), spec.content(), spec.owner()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return SpecIndex.of(declared);
    }
}
