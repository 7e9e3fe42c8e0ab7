package io.vigil.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import io.vigil.config.IdentityProviderConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Compiles {@code identityProviders:} entries into {@link JwtAuthenticator}s, refusing configs
 * that would weaken verification: {@code none}, HMAC next to public keys, short secrets, plain
 * HTTP key locations off the loopback interface, more than one key source.
 */
public final class IdentityProviders {

    private static final Map<String, JWSAlgorithm> ALGORITHMS = Map.ofEntries(
            Map.entry("RS256", JWSAlgorithm.RS256), Map.entry("RS384", JWSAlgorithm.RS384),
            Map.entry("RS512", JWSAlgorithm.RS512), Map.entry("PS256", JWSAlgorithm.PS256),
            Map.entry("PS384", JWSAlgorithm.PS384), Map.entry("PS512", JWSAlgorithm.PS512),
            Map.entry("ES256", JWSAlgorithm.ES256), Map.entry("ES384", JWSAlgorithm.ES384),
            Map.entry("ES512", JWSAlgorithm.ES512), Map.entry("EdDSA", JWSAlgorithm.EdDSA),
            Map.entry("Ed25519", JWSAlgorithm.Ed25519), Map.entry("HS256", JWSAlgorithm.HS256),
            Map.entry("HS384", JWSAlgorithm.HS384), Map.entry("HS512", JWSAlgorithm.HS512));

    private IdentityProviders() {
    }

    /**
     * @param errors receives (field under {@code identityProviders.NAME}, message) for each problem
     * @return the authenticator, or null when the config has errors
     */
    public static JwtAuthenticator compile(String name, IdentityProviderConfig config, String realm,
            BiConsumer<String, String> errors) {
        int[] count = {0};
        BiConsumer<String, String> error = (field, message) -> {
            count[0]++;
            errors.accept(field, message);
        };
        Set<JWSAlgorithm> algorithms = algorithms(config.algorithms(), error);
        boolean hmac = algorithms.stream().anyMatch(a -> JWSAlgorithm.Family.HMAC_SHA.contains(a));
        boolean asymmetric = algorithms.stream().anyMatch(a -> !JWSAlgorithm.Family.HMAC_SHA.contains(a));
        int sources = (config.jwksUri() != null ? 1 : 0) + (config.jwksFile() != null ? 1 : 0)
                + (config.secret() != null ? 1 : 0);
        if (sources > 1) {
            error.accept("jwksUri", "give one key source: jwksUri, jwksFile or secret (or none, for OIDC discovery on issuer)");
        }
        if (config.secret() != null && asymmetric) {
            error.accept("algorithms", "a provider with a secret accepts only HS256/HS384/HS512; list them explicitly");
        }
        if (hmac && config.secret() == null) {
            error.accept("algorithms", "HS* algorithms need a secret, and are never used with a provider's public keys");
        }
        // The issuer is a URL only when keys are discovered from it; otherwise it is just the expected iss.
        URI issuer = sources == 0 && config.introspection() == null ? uri(config.issuer(), "issuer", error) : null;
        URI jwksUri = config.jwksUri() == null ? null : uri(config.jwksUri(), "jwksUri", error);
        String tokenType = config.tokenType() == null ? null : TokenVerifier.normalType(config.tokenType().trim());
        if (tokenType != null && !tokenType.matches("[a-z0-9.+-]{1,64}")) {
            error.accept("tokenType", "'" + config.tokenType() + "' is not a media type name such as at+jwt");
        }
        IdentityProviderConfig.IntrospectionConfig introspection = config.introspection();
        com.nimbusds.jose.jwk.JWK assertionKey = null;
        if (introspection != null) {
            if (sources > 0) {
                error.accept("introspection", "a provider either introspects tokens or verifies JWTs with its keys;"
                        + " drop jwksUri/jwksFile/secret");
            }
            uri(introspection.endpoint(), "introspection.endpoint", error);
            if ((introspection.clientSecret() == null) == (introspection.clientAssertionKey() == null)) {
                error.accept("introspection", "give exactly one client credential: clientSecret or clientAssertionKey");
            }
            if (introspection.clientAssertionKey() != null) {
                assertionKey = assertionKey(introspection.clientAssertionKey(), error);
            }
        }
        KeySource keys = null;
        if (count[0] == 0 && introspection == null) {
            keys = keySource(name, config, algorithms, issuer, jwksUri, error);
        }
        if (count[0] > 0) {
            return null;
        }
        IdentityProviderConfig.ClaimsConfig claims = config.claims();
        TokenRules rules = new TokenRules("jwt:" + name, config.issuer(), Set.copyOf(algorithms),
                Set.copyOf(config.audiences()), List.copyOf(config.requiredClaims()), config.clockSkew().toMillis(),
                config.maxTokenAge() == null ? 0 : config.maxTokenAge().toMillis(), tokenType,
                claims.scopes(), claims.roles(), claims.tenant());
        Introspector introspector = introspection == null ? null : new Introspector(name, introspection, rules,
                assertionKey, config.cache().maxTokens(), System::currentTimeMillis);
        return new JwtAuthenticator(name, config, new TokenVerifier(rules), keys, introspector, System::currentTimeMillis,
                realm);
    }

    private static KeySource keySource(String name, IdentityProviderConfig config, Set<JWSAlgorithm> algorithms,
            URI issuer, URI jwksUri, BiConsumer<String, String> error) {
        if (config.secret() != null) {
            try {
                return new StaticKeySource(KeySetLoader.hmac(config.secret().getBytes(StandardCharsets.UTF_8), algorithms));
            } catch (JOSEException e) {
                error.accept("secret", e.getMessage());
                return null;
            }
        }
        if (config.jwksFile() != null) {
            try {
                String json = Files.readString(Path.of(config.jwksFile()));
                return new StaticKeySource(KeySetLoader.parse(json, warning -> error.accept("jwksFile", warning)));
            } catch (IOException e) {
                error.accept("jwksFile", "cannot read '" + config.jwksFile() + "': " + e.getMessage());
            } catch (KeySetLoader.KeySetException e) {
                error.accept("jwksFile", e.getMessage());
            }
            return null;
        }
        return new RemoteKeySource(name, config.issuer(), jwksUri, config.keys(), System::currentTimeMillis);
    }

    private static com.nimbusds.jose.jwk.JWK assertionKey(String file, BiConsumer<String, String> error) {
        try {
            com.nimbusds.jose.jwk.JWK key = com.nimbusds.jose.jwk.JWK.parse(Files.readString(Path.of(file)));
            if (!key.isPrivate() || !(key instanceof com.nimbusds.jose.jwk.RSAKey || key instanceof com.nimbusds.jose.jwk.ECKey)) {
                error.accept("introspection.clientAssertionKey", "must hold a private RSA or EC key (JWK)");
                return null;
            }
            return key;
        } catch (IOException | java.text.ParseException e) {
            error.accept("introspection.clientAssertionKey", "cannot read a JWK from '" + file + "': " + e.getMessage());
            return null;
        }
    }

    private static Set<JWSAlgorithm> algorithms(List<String> names, BiConsumer<String, String> error) {
        Set<JWSAlgorithm> out = new LinkedHashSet<>();
        if (names.isEmpty()) {
            error.accept("algorithms", "must name at least one algorithm");
        }
        for (String name : names) {
            if (name.trim().toLowerCase(Locale.ROOT).equals("none")) {
                error.accept("algorithms", "'none' is never accepted: unsigned tokens prove nothing");
                continue;
            }
            JWSAlgorithm alg = ALGORITHMS.get(name.trim());
            if (alg == null) {
                error.accept("algorithms", "unknown algorithm '" + name + "' (accepted: "
                        + String.join(", ", ALGORITHMS.keySet().stream().sorted().toList()) + ")");
            } else {
                out.add(alg);
            }
        }
        return out;
    }

    private static URI uri(String value, String field, BiConsumer<String, String> error) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            error.accept(field, "'" + value + "' is not a URL");
            return null;
        }
        String problem = RemoteLocations.problem(uri);
        if (problem != null) {
            error.accept(field, problem);
            return null;
        }
        return uri;
    }
}
