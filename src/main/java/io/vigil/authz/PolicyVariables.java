package io.vigil.authz;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vigil.auth.Principal;
import io.vigil.auth.mtls.ClientCertificate;
import io.vigil.pipeline.Exchange;
import io.vigil.route.Route;
import dev.cel.runtime.CelVariableResolver;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CEL variables of one request, built lazily: a policy that reads only {@code principal}
 * never parses the query string or formats the time. Each variable is a read-only map view over
 * the exchange whose fields are those declared in {@link PolicyLanguage}. Absent values are
 * empty ({@code ""}, {@code 0}, {@code []}), never null, so comparisons never fail on them.
 *
 * <p>A query parameter or header sent more than once reads as its values joined with
 * {@code ","}: it never equals a single expected value, so a policy cannot be steered by the
 * copy it does not look at (HTTP parameter pollution).
 */
public final class PolicyVariables implements CelVariableResolver {

    private final Exchange exchange;
    private final NetworkTags networks;
    private final io.vigil.server.Geo geo;
    private final ZoneId zone;
    private final int riskScore;
    private final List<String> riskFactors;
    private RequestView request;
    private PrincipalView principal;
    private DeviceView device;
    private NetworkView network;
    private TimeView time;
    private RiskView risk;

    public PolicyVariables(Exchange exchange, NetworkTags networks, ZoneId zone) {
        this(exchange, networks, zone, 0, List.of());
    }

    public PolicyVariables(Exchange exchange, NetworkTags networks, ZoneId zone, int riskScore, List<String> riskFactors) {
        this(exchange, networks, io.vigil.server.Geo.NONE, zone, riskScore, riskFactors);
    }

    /** @param geo where addresses are ({@code network.country}) */
    public PolicyVariables(Exchange exchange, NetworkTags networks, io.vigil.server.Geo geo, ZoneId zone, int riskScore,
            List<String> riskFactors) {
        this.exchange = exchange;
        this.networks = networks;
        this.geo = geo;
        this.zone = zone;
        this.riskScore = riskScore;
        this.riskFactors = riskFactors;
    }

    @Override
    public Optional<Object> find(String name) {
        return Optional.ofNullable(variable(name));
    }

    private Object variable(String name) {
        switch (name) {
            case "request":
                return request == null ? request = new RequestView() : request;
            case "principal":
                return principal == null ? principal = new PrincipalView(principalOrAnonymous()) : principal;
            case "device":
                return device == null ? device = new DeviceView() : device;
            case "network":
                return network == null ? network = new NetworkView() : network;
            case "time":
                return time == null ? time = new TimeView() : time;
            case "risk":
                return risk == null ? risk = new RiskView() : risk;
            default:
                return null;
        }
    }

    private Principal principalOrAnonymous() {
        Principal p = exchange.principal();
        return p == null ? Principal.ANONYMOUS : p;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** A struct value: a fixed set of fields, each computed on first read. */
    abstract static class View extends AbstractMap<String, Object> {
        private final Set<String> names;

        View(String variable) {
            this.names = PolicyLanguage.FIELDS.get(variable).keySet();
        }

        abstract Object value(String field);

        @Override
        public Object get(Object key) {
            return key instanceof String s && names.contains(s) ? value(s) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String s && names.contains(s);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> all = new LinkedHashMap<>();
            for (String name : names) {
                all.put(name, value(name));
            }
            return all.entrySet();
        }
    }

    final class RequestView extends View {
        private Map<String, String> params;
        private Map<String, String> query;
        private Map<String, String> headers;

        RequestView() {
            super("request");
        }

        @Override
        Object value(String field) {
            return switch (field) {
                case "id" -> exchange.requestId();
                case "method" -> exchange.method();
                case "scheme" -> exchange.scheme();
                case "host" -> text(exchange.host());
                case "path" -> text(exchange.path());
                case "route" -> exchange.route() == null ? "" : exchange.route().id();
                case "params" -> params == null ? params = params() : params;
                case "query" -> query == null ? query = query() : query;
                case "headers" -> headers == null ? headers = new HeaderView() : headers;
                default -> null;
            };
        }

        private Map<String, String> params() {
            Route route = exchange.route();
            List<String> values = exchange.pathParams();
            if (route == null || values.isEmpty()) {
                return Map.of();
            }
            List<String> names = route.path().paramNames();
            Map<String, String> out = new LinkedHashMap<>(names.size() * 2);
            for (int i = 0; i < names.size() && i < values.size(); i++) {
                out.put(names.get(i), values.get(i));
            }
            return out;
        }

        private Map<String, String> query() {
            String raw = exchange.query();
            if (raw == null || raw.isEmpty()) {
                return Map.of();
            }
            // No parameter cap: Netty's default (1,024) silently drops the rest, and a policy must see every
            // copy of a name (the URI length limit bounds the work).
            Map<String, List<String>> decoded = new QueryStringDecoder(raw, StandardCharsets.UTF_8, false, Integer.MAX_VALUE)
                    .parameters();
            Map<String, String> out = new LinkedHashMap<>(decoded.size() * 2);
            decoded.forEach((name, values) -> out.put(name, String.join(",", values)));
            return out;
        }
    }

    /** Request headers by lower-case name; repeated fields joined with ",". */
    final class HeaderView extends AbstractMap<String, String> {
        @Override
        public String get(Object key) {
            if (!(key instanceof String name)) {
                return null;
            }
            List<String> all = exchange.headers().getAll(name);
            if (all.isEmpty()) {
                return null;
            }
            return all.size() == 1 ? all.get(0) : String.join(",", all);
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && exchange.headers().contains(name);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            Map<String, String> all = new LinkedHashMap<>();
            for (String name : exchange.headers().names()) {
                String lower = name.toLowerCase(Locale.ROOT);
                all.put(lower, get(lower));
            }
            return all.entrySet();
        }
    }

    static final class PrincipalView extends View {
        private final Principal p;
        private List<String> scopes;
        private List<String> roles;

        PrincipalView(Principal p) {
            super("principal");
            this.p = p;
        }

        @Override
        Object value(String field) {
            return switch (field) {
                case "type" -> p.type().name().toLowerCase(Locale.ROOT);
                case "sub" -> p.subject();
                case "issuer" -> text(p.issuer());
                case "method" -> p.method();
                case "scopes" -> scopes == null ? scopes = List.copyOf(p.scopes()) : scopes;
                case "roles" -> roles == null ? roles = List.copyOf(p.roles()) : roles;
                case "tenant" -> text(p.tenant());
                case "claims" -> p.claims();
                case "acr" -> text(p.acr());
                case "amr" -> p.amr();
                case "auth_time" -> p.authTime();
                case "session_id" -> text(p.sessionId());
                case "token_id" -> text(p.tokenId());
                default -> null;
            };
        }
    }

    final class DeviceView extends View {
        DeviceView() {
            super("device");
        }

        @Override
        Object value(String field) {
            Principal p = principalOrAnonymous();
            ClientCertificate certificate = exchange.clientCertificate();
            return switch (field) {
                case "id" -> text(p.deviceId());
                case "certificate" -> certificate != null;
                case "thumbprint" -> certificate == null ? "" : certificate.thumbprint();
                case "compliant" -> Boolean.TRUE.equals(p.claims().get("device_compliant"));
                case "tls_ja4" -> exchange.tlsFingerprint() == null ? "" : exchange.tlsFingerprint().ja4();
                case "tls_ja3" -> exchange.tlsFingerprint() == null ? "" : exchange.tlsFingerprint().ja3();
                default -> null;
            };
        }
    }

    final class NetworkView extends View {
        private List<String> tags;

        NetworkView() {
            super("network");
        }

        @Override
        Object value(String field) {
            return switch (field) {
                case "ip" -> exchange.clientAddress();
                case "tags" -> tags == null ? tags = networks.of(exchange.clientAddress()) : tags;
                case "country" -> {
                    io.vigil.server.Geo.Place place = geo.find(exchange.clientAddress());
                    yield place == null || place.country() == null ? "" : place.country();
                }
                case "asn" -> {
                    io.vigil.server.Geo.Place place = geo.find(exchange.clientAddress());
                    yield place == null ? 0L : place.asn();
                }
                default -> null;
            };
        }
    }

    /** The request's start time, in the configured time zone. */
    public final class TimeView extends View {
        private ZonedDateTime local;

        TimeView() {
            super("time");
        }

        private ZonedDateTime local() {
            if (local == null) {
                local = Instant.ofEpochMilli(exchange.startEpochMillis()).atZone(zone);
            }
            return local;
        }

        int minuteOfDay() {
            return local().getHour() * 60 + local().getMinute();
        }

        @Override
        Object value(String field) {
            return switch (field) {
                case "now" -> Instant.ofEpochMilli(exchange.startEpochMillis());
                case "hour" -> (long) local().getHour();
                case "minute" -> (long) local().getMinute();
                case "weekday" -> local().getDayOfWeek().name().substring(0, 3).toLowerCase(Locale.ROOT);
                case "date" -> local().toLocalDate().toString();
                default -> null;
            };
        }
    }

    final class RiskView extends View {
        RiskView() {
            super("risk");
        }

        @Override
        Object value(String field) {
            return switch (field) {
                case "score" -> (long) riskScore;
                case "factors" -> riskFactors;
                default -> null;
            };
        }
    }
}
