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

    private final DataSource dataSource;
    private final boolean postgres;

    /** @param postgres time is a TIMESTAMPTZ there; SQLite keeps epoch milliseconds */
    public StoreDecisionSink(DataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
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
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        // The data source belongs to the store.
    }
}
