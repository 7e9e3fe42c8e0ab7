package io.vigil.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigError;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limit, plan, cluster and risk settings that cannot work are config errors with their field, never runtime surprises. */
class LimitConfigTest {

    @TempDir
    Path dir;

    List<String> errors(String yaml) throws Exception {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, yaml);
        try {
            ConfigLoader.load(file, null, Map.<String, String>of()::get);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected the config to be rejected");
    }

    @Test
    void everyMistakeIsReportedAtItsField() throws Exception {
        List<String> errors = errors("""
                limits:
                  defaultPlan: bronze
                  preAuth: { limit: 0, period: 1s }
                plans:
                  free: { rateLimits: [ { key: "cookie:session", limit: 10, period: 1m } ] }
                cluster:
                  redis: "http://:s3cret-password@cache:6379"
                networks:
                  office: [ 10.0.0.0/8 ]
                risk:
                  knownBadNetworks: [ tor ]
                  weights: { network.known_bad: 150, typo.factor: 5 }
                  businessHours: { days: [ mon, funday ] }
                upstreams:
                  u: { targets: [ "http://127.0.0.1:9" ] }
                routes:
                  - id: r
                    path: /r
                    upstream: u
                    auth: [ none ]
                    rateLimits:
                      - { name: a, key: ip, limit: 2000000000, period: 1s }
                      - { name: a, key: ip, limit: 5, period: 1s }
                      - { name: b, key: ip, limit: 5, period: 1s, burst: -1 }
                    quotas:
                      - { key: route, limit: 0, period: daily }
                    risk: { denyAbove: 101 }
                """);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("limits.defaultPlan", "unknown plan 'bronze'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("limits.preAuth", "limit >= 1"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("plans.free.rateLimits[0].key", "'cookie:session' is not a limit key"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("cluster.redis", "is not a Redis URL"));
        assertThat(errors).noneSatisfy(e -> assertThat(e).contains("s3cret"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("risk.knownBadNetworks", "unknown network 'tor'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("risk.weights.network.known_bad", "0 to 100"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("risk.weights.typo.factor", "unknown factor"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("risk.businessHours", "'funday' is not a day"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("routes[0].rateLimits[0].limit", "one per nanosecond"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("routes[0].rateLimits[1].name", "two limits are named 'a'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("routes[0].rateLimits[2].burst", "must not be negative"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("routes[0].quotas[0].limit", "at least 1"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("routes[0].risk.denyAbove", "0 to 100"));
    }
}
