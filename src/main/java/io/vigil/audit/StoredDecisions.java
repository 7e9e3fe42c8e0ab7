package io.vigil.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads the store's {@code decisions} table (written by {@link StoreDecisionSink}): the newest
 * first, narrowed by time, route, status, reason or request id. Blocking: call it off the event loop.
 */
public final class StoredDecisions {

    /** What to look for; null fields do not narrow. */
    public record Query(Long sinceMillis, Long untilMillis, String route, Integer status, String reason, String requestId,
            int limit) {
    }

    private final DataSource dataSource;
    private final boolean postgres;

    public StoredDecisions(DataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    /** The decision-log JSON lines of the matching rows, newest first, at most {@code query.limit()}. */
    public List<String> find(Query query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(postgres ? "record::text" : "record")
                .append(" FROM decisions WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.sinceMillis() != null) {
            sql.append(" AND time >= ?");
            args.add(time(query.sinceMillis()));
        }
        if (query.untilMillis() != null) {
            sql.append(" AND time < ?");
            args.add(time(query.untilMillis()));
        }
        if (query.route() != null) {
            sql.append(" AND route = ?");
            args.add(query.route());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            args.add(query.status());
        }
        if (query.reason() != null) {
            sql.append(" AND reason = ?");
            args.add(query.reason());
        }
        if (query.requestId() != null) {
            sql.append(" AND request_id = ?");
            args.add(query.requestId());
        }
        sql.append(" ORDER BY time DESC, id DESC LIMIT ?");
        args.add(query.limit());
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    out.add(rows.getString(1));
                }
            }
            return out;
        }
    }

    /** SQLite keeps epoch milliseconds, PostgreSQL a TIMESTAMPTZ. */
    private Object time(long millis) {
        return postgres ? new Timestamp(millis) : millis;
    }
}
