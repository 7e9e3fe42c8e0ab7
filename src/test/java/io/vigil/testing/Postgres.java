package io.vigil.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL on 127.0.0.1:5432 (database {@code test}, user {@code postgres}). Each
 * caller gets its own schema. Locally, without a server, the tests that need it are skipped; in
 * CI ({@code CI=true}) a missing server fails them.
 */
public final class Postgres {

    public static final String URL = System.getenv().getOrDefault("VIGIL_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getenv().getOrDefault("VIGIL_TEST_PG_USER", "postgres");

    private Postgres() {
    }

    /** Creates a fresh schema and returns a JDBC URL whose default schema it is. */
    public static String freshSchemaUrl() throws Exception {
        String schema = "vigil_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (Exception e) {
            Assumptions.assumeTrue("true".equals(System.getenv("CI")) ? rethrow(e) : false,
                    "PostgreSQL not reachable at " + URL + " (" + e.getMessage() + "); skipped outside CI");
        }
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static boolean rethrow(Exception e) {
        throw new IllegalStateException("CI=true but PostgreSQL is not reachable at " + URL, e);
    }
}
