package io.vigil.auth.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vigil.config.DevIssuerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints ES256 access tokens (RFC 9068 {@code at+jwt}) for demos and local tests, and publishes
 * its discovery document and JWKS, so the gateway verifies them exactly as it verifies a real
 * identity provider's: through discovery, over HTTP. Its key lives in a file only its owner can
 * read; minting needs the admin API.
 */
public final class DevIssuer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DevIssuerConfig config;
    private final ECKey key;
    private final String basePath;

    private DevIssuer(DevIssuerConfig config, ECKey key) {
        this.config = config;
        this.key = key;
        String path = URI.create(config.issuer()).getPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Loads the key file, creating a new key (owner-only permissions) when there is none. */
    public static DevIssuer open(DevIssuerConfig config) throws IOException {
        Path file = Path.of(config.keyFile());
        ECKey key;
        if (Files.exists(file)) {
            try {
                key = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            } catch (ParseException e) {
                throw new IOException("devIssuer.keyFile " + file + " is not an EC JWK: " + e.getMessage());
            }
            if (!key.isPrivate()) {
                throw new IOException("devIssuer.keyFile " + file + " holds no private key");
            }
        } else {
            try {
                key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                        .keyIDFromThumbprint(true).generate();
            } catch (JOSEException e) {
                throw new IOException("cannot generate the development issuer's key", e);
            }
            io.vigil.config.SecretFiles.create(file, key.toJSONString());
        }
        return new DevIssuer(config, key);
    }

    public DevIssuerConfig config() {
        return config;
    }

    /** The admin-listener path of the discovery document. */
    public String discoveryPath() {
        return basePath + "/.well-known/openid-configuration";
    }

    /** The admin-listener path of the JWKS. */
    public String jwksPath() {
        return basePath + "/jwks.json";
    }

    public String discoveryDocument() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("issuer", config.issuer());
        doc.put("jwks_uri", withoutSlash(config.issuer()) + "/jwks.json");
        doc.putArray("id_token_signing_alg_values_supported").add("ES256");
        return doc.toString();
    }

    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    /** What a caller asks for; null fields take the defaults. */
    public record MintRequest(String sub, List<String> scopes, Duration ttl, String audience,
            Map<String, Object> claims) {
    }

    /** A minted token and its lifetime in seconds. */
    public record Minted(String token, long expiresIn) {
    }

    /** @throws IllegalArgumentException when the request is outside what this issuer allows */
    public Minted mint(MintRequest request) {
        if (request.sub() == null || request.sub().isBlank()) {
            throw new IllegalArgumentException("sub is required");
        }
        Duration ttl = request.ttl() == null ? Duration.ofMinutes(5) : request.ttl();
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(config.maxTtl()) > 0) {
            throw new IllegalArgumentException("ttl must be between 1s and " + config.maxTtl().toSeconds() + "s");
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        if (request.claims() != null) {
            request.claims().forEach(claims::claim);
        }
        claims.issuer(config.issuer())
                .subject(request.sub())
                .audience(request.audience() == null ? config.audience() : request.audience())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", "vigil-dev")
                .claim("auth_time", now.getEpochSecond());
        if (request.scopes() != null && !request.scopes().isEmpty()) {
            claims.claim("scope", String.join(" ", request.scopes()));
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return new Minted(jwt.serialize(), ttl.toSeconds());
    }

    private static String withoutSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
