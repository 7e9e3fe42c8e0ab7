package io.vigil.config;

/**
 * Where durable state lives: an SQLite file by default, PostgreSQL when the URL says so.
 *
 * @param url {@code jdbc:sqlite:./data/vigil.db} or {@code jdbc:postgresql://host/db}
 */
public record StoreConfig(
        @Default("jdbc:sqlite:./data/vigil.db") String url,
        String username,
        String password,
        @Default("4") int poolSize) {

    public StoreConfig {
        if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("url: " + url + " (expected: jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB)");
        }
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    @Override
    public String toString() {
        // Never print the password.
        return "StoreConfig[url=" + url + ", username=" + username + ", poolSize=" + poolSize + "]";
    }
}
