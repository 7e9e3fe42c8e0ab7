package io.vigil.bench;

import io.vigil.auth.apikey.ApiKey;
import io.vigil.auth.apikey.ApiKeys;
import io.vigil.config.StoreConfig;
import io.vigil.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What checking an API key costs on the request path: format and checksum, one HMAC-SHA-256, one
 * hash-map lookup. 1,000 keys in a real (SQLite) store, loaded the way the gateway loads them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ApiKeyBenchmark {

    private static final int KEYS = 1000;

    Path dir;
    Store store;
    ApiKeys keys;
    String[] valid;
    int next;
    String typo;
    String unknown;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("vigil-bench-keys");
        store = Store.open(new StoreConfig("jdbc:sqlite:" + dir.resolve("vigil.db"), null, null, 1));
        keys = new ApiKeys();
        keys.open(store.dataSource());
        keys.pepper("bench-pepper-0123456789abcdefghijklmnop");
        valid = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            valid[i] = keys.create("live", "key-" + i, "team", Set.of("bench:read"), null, null).key();
        }
        if (keys.find(valid[0], System.currentTimeMillis()) == null) {
            throw new IllegalStateException("a created key does not verify");
        }
        // One character changed: the checksum refuses it without an HMAC.
        char c = valid[0].charAt(20);
        typo = valid[0].substring(0, 20) + (c == 'a' ? 'b' : 'a') + valid[0].substring(21);
        unknown = keys.create("live", "gone", "team", Set.of(), null, null).key();
        keys.revoke(keys.list().get(keys.list().size() - 1).id());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
    }

    @Benchmark
    public ApiKey validKey() {
        String key = valid[next];
        next = next + 1 == KEYS ? 0 : next + 1;
        return keys.find(key, System.currentTimeMillis());
    }

    @Benchmark
    public ApiKey typoRefusedByChecksum() {
        return keys.find(typo, System.currentTimeMillis());
    }

    @Benchmark
    public ApiKey revokedKey() {
        return keys.find(unknown, System.currentTimeMillis());
    }
}
