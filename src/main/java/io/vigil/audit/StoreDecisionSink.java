package io.vigil.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import javax.sql.DataSource;

/** Decision records in the store's {@code decisions} table, one batch per transaction. */
public final class StoreDecisionSink implements DecisionSink {

    private static final String INSERT = "INSERT INTO decisions (time, request_id, route, method, host, path, "
            + "status, decision, reason, client, principal, auth_method, upstream, gateway_us, upstream_us) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

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
    public void write(List<DecisionRecord> batch) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(INSERT)) {
                for (DecisionRecord r : batch) {
                    if (postgres) {
                        s.setTimestamp(1, new Timestamp(r.time()));
                    } else {
                        // Calendar arithmetic for a Timestamp costs more than the insert itself.
                        s.setLong(1, r.time());
                    }
                    s.setString(2, r.requestId());
                    s.setString(3, r.route());
                    s.setString(4, r.method());
                    s.setString(5, r.host());
                    s.setString(6, r.path());
                    s.setInt(7, r.status());
                    s.setString(8, r.decision());
                    s.setString(9, r.reason());
                    s.setString(10, r.client());
                    s.setString(11, r.principal());
                    s.setString(12, r.authMethod());
                    s.setString(13, r.upstream());
                    s.setLong(14, r.gatewayMicros());
                    if (r.upstreamMicros() < 0) {
                        s.setNull(15, Types.BIGINT);
                    } else {
                        s.setLong(15, r.upstreamMicros());
                    }
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
