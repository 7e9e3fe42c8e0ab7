package io.vigil.config;

import io.vigil.auth.jwt.JwtAuthenticator;
import io.vigil.pipeline.Pipeline;
import io.vigil.proxy.UpstreamPool;
import io.vigil.route.RouteTable;
import io.vigil.server.CidrSet;
import java.util.Map;

/**
 * A configuration compiled for use: everything a request needs, built once, never mutated.
 * The gateway holds exactly one in an {@code AtomicReference} and swaps it whole on reload; a
 * request keeps the runtime it started with. The buckets of rate limits are handed from runtime
 * to runtime, so a reload does not reset anyone's allowance; so is the Redis connection while
 * {@code cluster} and {@code limits.onStoreFailure} are unchanged ({@code redis} is null without
 * {@code cluster}). {@code specs} are the routes' API specs by route id (the inventory's declared endpoints).
 */
public record Runtime(
        VigilConfig config,
        String source,
        RouteTable routes,
        Pipeline pipeline,
        Map<String, UpstreamPool> upstreams,
        Map<String, JwtAuthenticator> identityProviders,
        CidrSet trustedProxies,
        io.vigil.limit.LocalBuckets buckets,
        io.vigil.limit.RedisBuckets redis,
        io.vigil.server.Geo geo,
        Map<String, io.vigil.discovery.spec.SpecIndex> specs) {
}
