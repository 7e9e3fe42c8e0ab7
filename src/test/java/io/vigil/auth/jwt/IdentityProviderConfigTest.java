package io.vigil.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigError;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Runtime;
import io.vigil.pipeline.Exchange;
import io.vigil.auth.AuthOutcome;
import com.nimbusds.jose.JWSAlgorithm;
import io.vigil.testing.TestIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provider configs that would weaken verification are refused at load, each with its field and line. */
class IdentityProviderConfigTest {

    @TempDir
    Path dir;

    static String config(String provider, String auth) {
        return """
                identityProviders:
                  corp:
                %s
                upstreams:
                  orders:
                    targets: [ "http://127.0.0.1:9000" ]
                routes:
                  - id: orders
                    path: /orders
                    upstream: orders
                    auth: [ %s ]
                """.formatted(provider.indent(4).stripTrailing(), auth);
    }

    Runtime load(String yaml) throws Exception {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, null, Map.of("HS_SECRET", "0123456789abcdef0123456789abcdef")::get);
    }

    List<String> errors(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the config to be rejected");
    }

    @Test
    void algNoneIsNeverAccepted() {
        assertThat(errors(config("issuer: https://idp.example\naudiences: [ a ]\nalgorithms: [ RS256, none ]", "jwt:corp")))
                .anyMatch(e -> e.contains("identityProviders.corp.algorithms") && e.contains("'none' is never accepted"));
    }

    @Test
    void hmacNeedsASecretAndNeverSitsBesidePublicKeys() {
        assertThat(errors(config("issuer: https://idp.example\naudiences: [ a ]\nalgorithms: [ HS256 ]", "jwt:corp")))
                .anyMatch(e -> e.contains("HS* algorithms need a secret"));
        assertThat(errors(config("issuer: https://idp.example\naudiences: [ a ]\nsecret: ${HS_SECRET}", "jwt:corp")))
                .anyMatch(e -> e.contains("accepts only HS256"));
        assertThat(errors(config("issuer: https://idp.example\naudiences: [ a ]\nalgorithms: [ HS256 ]\nsecret: short-secret",
                "jwt:corp"))).anyMatch(e -> e.contains("at least 256 bits"));
        assertThat(errors(config("issuer: https://idp.example\naudiences: [ a ]\nalgorithms: [ HS256 ]\nsecret: ${HS_SECRET}\n"
                + "jwksUri: https://idp.example/jwks", "jwt:corp"))).anyMatch(e -> e.contains("give one key source"));
    }

    @Test
    void keyLocationsMustBeHttpsOffLoopback() {
        assertThat(errors(config("issuer: http://idp.example\naudiences: [ a ]", "jwt:corp")))
                .anyMatch(e -> e.contains("identityProviders.corp.issuer") && e.contains("https"));
        assertThat(errors(config("issuer: https://idp.example\naudiences: [ a ]\njwksUri: http://idp.example/jwks", "jwt:corp")))
                .anyMatch(e -> e.contains("identityProviders.corp.jwksUri"));
    }

    @Test
    void plainHttpOnlyForLiteralLoopback() {
        assertThat(errors(config("issuer: http://127.evil.example\naudiences: [ a ]", "jwt:corp")))
                .anyMatch(e -> e.contains("identityProviders.corp.issuer"));
    }

    @Test
    void reloadRereadsAJwksFileEvenUnderTheSameName() throws Exception {
        Path jwks = dir.resolve("jwks.json");
        TestIssuer issuer = new TestIssuer();
        try {
            Files.writeString(jwks, new com.nimbusds.jose.jwk.JWKSet(issuer.rsa.toPublicJWK()).toString());
            String yaml = config("issuer: corp-dev\naudiences: [ orders ]\njwksFile: " + jwks, "jwt:corp");
            Runtime first = load(yaml);
            String token = issuer.token().payload("{\"iss\":\"corp-dev\",\"aud\":\"orders\",\"sub\":\"a\",\"exp\":"
                    + (System.currentTimeMillis() / 1000 + 60) + "}").rs256();
            assertThat(first.identityProviders().get("corp").check(token).result()).isInstanceOf(AuthOutcome.Authenticated.class);
            // The key is removed from the file: after a reload its tokens are refused.
            Files.writeString(jwks, new com.nimbusds.jose.jwk.JWKSet(issuer.ec.toPublicJWK()).toString());
            Path file = dir.resolve("vigil.yaml");
            Runtime second = ConfigLoader.load(file, first, Map.<String, String>of()::get);
            assertThat(second.identityProviders().get("corp")).isNotSameAs(first.identityProviders().get("corp"));
            assertThat(second.identityProviders().get("corp").check(token).result()).isInstanceOf(AuthOutcome.Rejected.class);
        } finally {
            issuer.close();
        }
    }

    @Test
    void audiencesAreRequiredAndRoutesMustNameAKnownProvider() {
        assertThat(errors(config("issuer: https://idp.example", "jwt:corp")))
                .anyMatch(e -> e.contains("identityProviders.corp.audiences") && e.contains("is required"));
        assertThat(errors(config("issuer: https://idp.example\naudiences: [ a ]", "jwt:other")))
                .anyMatch(e -> e.contains("routes[0].auth") && e.contains("jwt:corp") && e.contains("unknown authentication method"));
    }

    @Test
    void unknownAlgorithmAndBadTokenTypeAreNamed() {
        assertThat(errors(config("issuer: https://idp.example\naudiences: [ a ]\nalgorithms: [ RS257 ]", "jwt:corp")))
                .anyMatch(e -> e.contains("unknown algorithm 'RS257'"));
        assertThat(errors(config("issuer: https://idp.example\naudiences: [ a ]\ntokenType: 'at jwt'", "jwt:corp")))
                .anyMatch(e -> e.contains("tokenType"));
    }

    @Test
    void staticJwksFileIsCheckedAtLoad() throws Exception {
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, "{\"keys\":[]}");
        assertThat(errors(config("issuer: corp-dev\naudiences: [ a ]\njwksFile: " + jwks, "jwt:corp")))
                .anyMatch(e -> e.contains("jwksFile") && e.contains("no usable"));
    }

    @Test
    void hmacProviderVerifiesItsOwnTokensOnly() throws Exception {
        Runtime runtime = load(config("issuer: corp-dev\naudiences: [ a ]\nalgorithms: [ HS256 ]\nsecret: ${HS_SECRET}", "jwt:corp"));
        JwtAuthenticator jwt = runtime.identityProviders().get("corp");
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes();
        String claims = "{\"iss\":\"corp-dev\",\"aud\":\"a\",\"sub\":\"svc\",\"exp\":" + (System.currentTimeMillis() / 1000 + 60) + "}";
        String good = new TestIssuer.Token(null).header("{\"alg\":\"HS256\"}").payload(claims).hmac(secret, JWSAlgorithm.HS256);
        assertThat(jwt.check(good).result()).isInstanceOf(AuthOutcome.Authenticated.class);
        byte[] other = "fedcba9876543210fedcba9876543210".getBytes();
        String forged = new TestIssuer.Token(null).header("{\"alg\":\"HS256\"}").payload(claims).hmac(other, JWSAlgorithm.HS256);
        assertThat(jwt.check(forged).result()).isInstanceOf(AuthOutcome.Rejected.class);
    }
}
