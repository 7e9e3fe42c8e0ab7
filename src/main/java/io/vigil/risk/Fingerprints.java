package io.vigil.risk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * The client fingerprint each session (or, without one, each token) was first seen with. Bounded
 * ({@link #MAX}, a day of inactivity forgotten); written at first sight from the request path,
 * a single cache insert.
 */
public final class Fingerprints {

    public static final int MAX = 200_000;

    private final Cache<String, String> firstSeen = Caffeine.newBuilder().maximumSize(MAX)
            .expireAfterAccess(Duration.ofDays(1)).executor(Runnable::run).build();

    /** The fingerprint first seen for this key; records {@code current} when there was none. */
    String firstOrRecord(String key, String current) {
        String first = firstSeen.asMap().putIfAbsent(key, current);
        return first == null ? current : first;
    }
}
