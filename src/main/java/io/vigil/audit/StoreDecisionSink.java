package io.vigil.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;

/**
 * Decision records in the store's {@code decisions} table, one batch per transaction: the
 * columns people filter on, and the whole JSON line as {@code record}. Fifteen JDBC binds per
 * row cost more than the rest of the decision log together; six do not.
 */
public final class StoreDecisionSink implements DecisionSink {

    private static final String INSERT_SQLITE =
            "INSERT INTO decisions (time, request_id, route, status, reason, record) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String INSERT_POSTGRES =
            "INSERT INTO decisions (time, request_id, route, status, reason, record) VALUES (?, ?, ?, ?, ?, ?::jsonb)";

    /** How often old rows are swept: rarely enough that the delete costs nothing per request. */
    private static final long SWEEP_EVERY_MILLIS = 60_000;

    private final DataSource dataSource;
    private final boolean postgres;
    private final long retentionMillis;
    private long lastSweep;

    /**
     * @param postgres time is a TIMESTAMPTZ there; SQLite keeps epoch milliseconds
     * @param retentionMillis rows older than this are deleted
     */
    public StoreDecisionSink(DataSource dataSource, boolean postgres, long retentionMillis) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.retentionMillis = retentionMillis;
    }

    @Override
    public void write(List<EncodedDecision> batch) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(postgres ? INSERT_POSTGRES : INSERT_SQLITE)) {
                for (EncodedDecision decision : batch) {
                    DecisionRecord r = decision.record();
                    if (postgres) {
                        s.setTimestamp(1, new Timestamp(r.time()));
                    } else {
                        // Calendar arithmetic for a Timestamp costs more than the insert itself.
                        s.setLong(1, r.time());
                    }
                    s.setString(2, r.requestId());
                    s.setString(3, r.route());
                    s.setInt(4, r.status());
                    s.setString(5, r.reason());
                    s.setString(6, decision.json());
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
                sweep(c, System.currentTimeMillis());
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Deletes rows past the retention, at most once a minute, in its own transaction. */
    void sweep(Connection c, long now) throws java.sql.SQLException {
        if (now - lastSweep < SWEEP_EVERY_MILLIS) {
            return;
        }
        lastSweep = now;
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM decisions WHERE time < ?")) {
            if (postgres) {
                delete.setTimestamp(1, new Timestamp(now - retentionMillis));
            } else {
                delete.setLong(1, now - retentionMillis);
            }
            delete.executeUpdate();
            c.commit();
        }
    }

    @Override
    public void close() {
        // The data source belongs to the store.
    }
}
