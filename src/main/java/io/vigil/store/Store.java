package io.vigil.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vigil.config.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Durable state: an SQLite file by default, PostgreSQL when configured. The schema is migrated
 * by Flyway at start. JDBC blocks, so callers on an event loop go through {@link #run}, which
 * runs the work on a worker thread.
 */
public final class Store implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final boolean postgres;

    private Store(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    public static Store open(StoreConfig config) throws Exception {
        if (!config.isPostgres()) {
            String file = config.url().substring("jdbc:sqlite:".length());
            Path parent = Path.of(file).toAbsolutePath().getParent();
            if (parent != null && !file.startsWith(":memory:")) {
                Files.createDirectories(parent);
            }
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.username());
        hikari.setPassword(config.password());
        hikari.setPoolName("vigil-store");
        if (!config.isPostgres()) {
            // WAL lets readers (admin queries) run beside the decision-log writer, and NORMAL
            // syncs at checkpoints instead of on every commit.
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("busy_timeout", "5000");
        }
        // SQLite allows one writer at a time; more connections only queue on its file lock.
        hikari.setMaximumPoolSize(config.isPostgres() ? config.poolSize() : 1);
        hikari.setConnectionTimeout(5_000);
        hikari.setInitializationFailTimeout(5_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot open the store at " + config.url() + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + (config.isPostgres() ? "postgresql" : "sqlite"))
                    .table("vigil_schema_history")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Store(dataSource, config.isPostgres());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** The store could not be reached or prepared at start. */
    public static final class StoreUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean postgres() {
        return postgres;
    }

    /** Runs blocking JDBC work on a worker thread, never on the caller's event loop. */
    public <T> Future<T> run(Vertx vertx, Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    /** True when a connection can be had and answers a trivial query. */
    public boolean healthy() {
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
