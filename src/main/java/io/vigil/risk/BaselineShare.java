package io.vigil.risk;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Behaviour baselines shared live between nodes through Redis ({@code cluster.redis}): each node
 * publishes the snapshots of the identities it learned from every few seconds, kept only when it
 * has seen at least as many requests as the one already there (an atomic compare in a script, so
 * a node that has just met a caller cannot overwrite what another learned over weeks), and a node
 * meeting an identity it knows little of fetches the shared one asynchronously: that request is
 * scored on what the node had, the following ones with the shared history.
 */
public final class BaselineShare {

    static final String PREFIX = "vigil:baseline:";
    static final long TTL_SECONDS = 30L * 86_400;
    /** Sets the snapshot (field s) when its request count (field n) is at least the stored one's. */
    private static final String SET_IF_MORE = "local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '-1') "
            + "if tonumber(ARGV[1]) >= n then redis.call('HSET', KEYS[1], 'n', ARGV[1], 's', ARGV[2]) "
            + "redis.call('EXPIRE', KEYS[1], ARGV[3]) return 1 end return 0";

    private final Supplier<io.vigil.limit.RedisBuckets> redis;

    /** @param redis the current config's Redis (cluster.redis), or null when it names none */
    public BaselineShare(Supplier<io.vigil.limit.RedisBuckets> redis) {
        this.redis = redis;
    }

    /** Whether the config names a Redis to share through (connected or not yet). */
    boolean configured() {
        return redis.get() != null;
    }

    private StatefulRedisConnection<byte[], byte[]> connection() {
        io.vigil.limit.RedisBuckets r = redis.get();
        return r == null ? null : r.connection();
    }

    /** Whether there is a Redis to share through (cluster.redis configured and connected). */
    boolean active() {
        StatefulRedisConnection<byte[], byte[]> c = connection();
        return c != null && c.isOpen();
    }

    /** Blocking (a worker thread): writes the snapshots, waiting at most two seconds. @return how many were written */
    int publish(Map<String, Baseline.Snapshot> snapshots) throws Exception {
        StatefulRedisConnection<byte[], byte[]> c = connection();
        if (c == null || !c.isOpen() || snapshots.isEmpty()) {
            return 0;
        }
        RedisAsyncCommands<byte[], byte[]> redis = c.async();
        List<CompletableFuture<Object>> writes = new ArrayList<>();
        snapshots.forEach((identity, snapshot) -> writes.add(redis.<Object>eval(SET_IF_MORE, io.lettuce.core.ScriptOutputType.INTEGER,
                new byte[][] {key(identity)}, bytes(Long.toString(snapshot.requests())), bytes(snapshot.json()),
                bytes(Long.toString(TTL_SECONDS))).toCompletableFuture()));
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        return writes.size();
    }

    /** Never blocks: asks Redis, and hands a found snapshot to {@code found} on Lettuce's thread. */
    void fetch(String identity, Consumer<String> found) {
        StatefulRedisConnection<byte[], byte[]> c = connection();
        if (c == null || !c.isOpen()) {
            return;
        }
        c.async().hget(key(identity), bytes("s")).thenAccept(bytes -> {
            if (bytes != null) {
                found.accept(new String(bytes, StandardCharsets.UTF_8));
            }
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] key(String identity) {
        return (PREFIX + identity).getBytes(StandardCharsets.UTF_8);
    }
}
