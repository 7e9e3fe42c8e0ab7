package io.vigil.config;

/**
 * The decision log: one JSON line per request, written off the event loop.
 *
 * @param file JSON-lines file, rotated at {@code maxFileSize}; empty to disable the file
 * @param queueSize records waiting to be written; beyond it records are dropped and counted
 * @param store also write records to the store's {@code decisions} table
 * @param storeRetention how long rows stay in that table; older ones are deleted as the log writes
 */
public record DecisionLogConfig(
        @Default("./data/decisions.jsonl") String file,
        @Default("100MiB") DataSize maxFileSize,
        @Default("5") int maxFiles,
        @Default("65536") int queueSize,
        @Default("true") boolean store,
        @Default("7d") java.time.Duration storeRetention) {

    public DecisionLogConfig {
        if (queueSize < 16) {
            throw new IllegalArgumentException("queueSize: " + queueSize + " (expected: >= 16)");
        }
        if (storeRetention.isNegative() || storeRetention.isZero()) {
            throw new IllegalArgumentException("storeRetention: " + storeRetention + " (expected: > 0)");
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException("maxFiles: " + maxFiles + " (expected: >= 1)");
        }
    }
}
