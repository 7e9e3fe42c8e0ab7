package io.vigil.discovery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The inventory's annotations in the store ({@code inventory_annotations}). Blocking: call off the event loop. */
public final class AnnotationStore {

    private final DataSource dataSource;

    public AnnotationStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Sets the annotation of its endpoint, replacing any earlier one whole. */
    public void put(Annotation a) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO inventory_annotations"
                        + " (host, method, template, owner, lifecycle, review, note, updated_by, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (host, method, template) DO UPDATE SET"
                        + " owner = excluded.owner, lifecycle = excluded.lifecycle, review = excluded.review,"
                        + " note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at")) {
            s.setString(1, a.host());
            s.setString(2, a.method());
            s.setString(3, a.template());
            s.setString(4, a.owner());
            s.setString(5, a.lifecycle());
            s.setString(6, a.review());
            s.setString(7, a.note());
            s.setString(8, a.updatedBy());
            s.setLong(9, a.updatedAt());
            s.executeUpdate();
        }
    }

    /** @return whether there was one to delete */
    public boolean delete(String host, String method, String template) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "DELETE FROM inventory_annotations WHERE host = ? AND method = ? AND template = ?")) {
            s.setString(1, host == null ? "" : host);
            s.setString(2, method);
            s.setString(3, template);
            return s.executeUpdate() > 0;
        }
    }

    /** Every annotation, in key order. A row the store holds but that no longer validates is skipped and reported. */
    public List<Annotation> all(List<String> problems) throws SQLException {
        List<Annotation> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT host, method, template, owner, lifecycle, review, note,"
                        + " updated_by, updated_at FROM inventory_annotations ORDER BY host, template, method");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                try {
                    out.add(new Annotation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9)));
                } catch (IllegalArgumentException e) {
                    problems.add("annotation of " + rs.getString(2) + " " + rs.getString(3) + " skipped: " + e.getMessage());
                }
            }
        }
        return out;
    }
}
