package io.vigil.auth.apikey;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vigil.auth.AuthOutcome;
import io.vigil.auth.Authenticator;
import io.vigil.auth.Principal;
import io.vigil.config.ApiKeysConfig;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Reason;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code auth: [apikey]}: a key from {@code Authorization: ApiKey …}, the configured header, or
 * (only on routes that opt in) the query string. A key sent in more than one place is refused
 * as ambiguous. Unknown, malformed, revoked and expired keys get one and the same answer.
 */
public final class ApiKeyAuthenticator implements Authenticator {

    public static final String ID = "apikey";
    private static final String SCHEME = "ApiKey";
    private static final Future<AuthOutcome> NOT_APPLICABLE = Future.succeededFuture(AuthOutcome.NOT_APPLICABLE);
    private static final Future<AuthOutcome> INVALID = Future.succeededFuture(
            new AuthOutcome.Rejected(Reason.API_KEY_INVALID, "The API key is not valid."));
    private static final Future<AuthOutcome> AMBIGUOUS = Future.succeededFuture(
            new AuthOutcome.Rejected(Reason.INVALID_REQUEST, "Send the API key exactly once, in one place."));

    private final ApiKeys keys;
    private final String header;
    private final String queryParameter;
    private final String challenge;

    /** @param queryParameter the parameter to read, or null when the route does not opt in */
    public ApiKeyAuthenticator(ApiKeys keys, ApiKeysConfig config, boolean inQuery, String realm) {
        this.keys = keys;
        this.header = config.header();
        this.queryParameter = inQuery ? config.queryParameter() : null;
        this.challenge = SCHEME + " realm=\"" + realm + "\"";
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String challenge() {
        return challenge;
    }

    @Override
    public Future<AuthOutcome> authenticate(Exchange exchange) {
        MultiMap headers = exchange.headers();
        String found = null;
        int places = 0;
        String authorization = headers.get("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            if (headers.getAll("authorization").size() > 1) {
                return AMBIGUOUS;
            }
            found = authorization.substring(SCHEME.length() + 1).trim();
            places++;
        }
        String fromHeader = headers.get(header);
        if (fromHeader != null) {
            if (headers.getAll(header).size() > 1) {
                return AMBIGUOUS;
            }
            found = fromHeader.trim();
            places++;
        }
        if (queryParameter != null) {
            List<String> values = queryValues(exchange.query(), queryParameter);
            if (values.size() > 1) {
                return AMBIGUOUS;
            }
            if (values.size() == 1) {
                found = values.get(0);
                places++;
            }
        }
        if (places == 0) {
            return NOT_APPLICABLE;
        }
        if (places > 1) {
            return AMBIGUOUS;
        }
        ApiKey key = keys.find(found, System.currentTimeMillis());
        if (key == null) {
            return INVALID;
        }
        return Future.succeededFuture(new AuthOutcome.Authenticated(principal(key)));
    }

    private static Principal principal(ApiKey key) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("key_id", key.id());
        claims.put("name", key.name());
        if (key.owner() != null) {
            claims.put("owner", key.owner());
        }
        if (key.plan() != null) {
            claims.put("plan", key.plan());
        }
        return new Principal(Principal.Type.APIKEY, key.owner() != null ? key.owner() : key.id(), "vigil:apikey", ID,
                key.scopes(), java.util.Set.of(), null, null, List.of(), 0, null, null, key.id(), 0, Map.of(), claims,
                key.expiresAtMillis() / 1000);
    }

    private static List<String> queryValues(String query, String name) {
        if (query == null || query.isEmpty()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>(1);
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name.equals(key)) {
                out.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
