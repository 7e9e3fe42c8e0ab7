package io.vigil.config;

/**
 * The decision log: one JSON line per request, written off the event loop.
 *
 * @param file JSON-lines file, rotated at {@code maxFileSize}; empty to disable the file
 * @param queueSize records waiting to be written; beyond it records are dropped and counted
 * @param store also write records to the store's {@code decisions} table
 * @param storeRetention how long rows stay in that table; older ones are deleted as the log writes
 * @param headers request headers to record (lower-case names), for policies that read them when
 *     {@code vigil replay} decides recorded traffic again; credential headers are refused
 * @param sensitiveClaims principal claims never recorded (personal data); the rest are kept so
 *     that replay can run policies over them
 */
public record DecisionLogConfig(
        @Default("./data/decisions.jsonl") String file,
        @Default("100MiB") DataSize maxFileSize,
        @Default("5") int maxFiles,
        @Default("65536") int queueSize,
        @Default("true") boolean store,
        @Default("7d") java.time.Duration storeRetention,
        java.util.List<String> headers,
        @Default("[email, phone_number, name, given_name, family_name, middle_name, nickname, preferred_username, address, birthdate, picture]")
        java.util.List<String> sensitiveClaims) {

    /** Headers that carry credentials: never recorded, whatever the config says. */
    public static final java.util.Set<String> CREDENTIAL_HEADERS = java.util.Set.of("authorization",
            "proxy-authorization", "cookie", "set-cookie", "x-api-key", "dpop", "x-amz-security-token");

    public DecisionLogConfig {
        if (queueSize < 16) {
            throw new IllegalArgumentException("queueSize: " + queueSize + " (expected: >= 16)");
        }
        if (storeRetention.isNegative() || storeRetention.isZero()) {
            throw new IllegalArgumentException("storeRetention: " + storeRetention + " (expected: > 0)");
        }
        if (headers != null) {
            for (String header : headers) {
                if (!header.matches("[a-z0-9-]{1,64}")) {
                    throw new IllegalArgumentException("headers: '" + header + "' (expected: a lower-case header name)");
                }
                if (CREDENTIAL_HEADERS.contains(header)) {
                    throw new IllegalArgumentException("headers: '" + header + "' carries credentials and is never recorded");
                }
            }
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException("maxFiles: " + maxFiles + " (expected: >= 1)");
        }
    }
}
