package io.vigil.authz;

import io.vertx.core.Future;
import io.vigil.auth.Principal;
import io.vigil.pipeline.Decision;
import io.vigil.pipeline.Exchange;
import io.vigil.pipeline.Mode;
import io.vigil.pipeline.Phase;
import io.vigil.pipeline.Reason;
import io.vigil.pipeline.Stage;
import io.vigil.problem.ProblemRenderer;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route's least-privilege rules, in this order: {@code scopes} (all), {@code anyScopes} (one),
 * {@code roles}, {@code claims}, {@code allowWorkloads}, then each CEL policy. The first rule that
 * fails refuses (403; {@code insufficient_scope} with the scopes named where scopes failed); in
 * dry-run it is recorded and the next rule is checked, so the log shows everything that would
 * have refused. A policy that cannot be evaluated (a missing map key, the cost limit) refuses
 * too: an error never allows.
 */
public final class AuthorizationStage implements Stage {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationStage.class);
    private static final AtomicLong lastErrorLog = new AtomicLong();

    private final NetworkTags networks;
    private final io.vigil.server.Geo geo;
    private final ZoneId zone;

    public AuthorizationStage(NetworkTags networks, ZoneId zone) {
        this(networks, io.vigil.server.Geo.NONE, zone);
    }

    /** @param geo where addresses are, for {@code network.country} */
    public AuthorizationStage(NetworkTags networks, io.vigil.server.Geo geo, ZoneId zone) {
        this.networks = networks;
        this.geo = geo;
        this.zone = zone;
    }

    @Override
    public Phase phase() {
        return Phase.AUTHORIZE;
    }

    @Override
    public Future<Decision> apply(Exchange exchange) {
        Access access = exchange.route().access();
        if (access.isEmpty()) {
            return Decision.CONTINUE_FUTURE;
        }
        Principal principal = exchange.principal();
        if (principal == null) {
            // Authentication was in dry-run and refused: the rules below see an anonymous caller.
            principal = Principal.ANONYMOUS;
        }
        Mode mode = access.mode();
        Future<Decision> refused = rules(exchange, access, principal, mode);
        if (refused != null) {
            return refused;
        }
        if (access.policies().isEmpty()) {
            return Decision.CONTINUE_FUTURE;
        }
        io.vigil.risk.RiskAssessment risk = exchange.get(io.vigil.risk.RiskStage.ASSESSMENT);
        PolicyVariables variables = risk == null ? new PolicyVariables(exchange, networks, geo, zone, 0, List.of())
                : new PolicyVariables(exchange, networks, geo, zone, risk.score(), risk.names());
        for (Policy policy : access.policies()) {
            Decision.Deny deny = evaluate(policy, variables);
            if (deny != null) {
                Future<Decision> result = policy.mode().deny(exchange, deny);
                if (result != Decision.CONTINUE_FUTURE) {
                    return result;
                }
            }
        }
        return Decision.CONTINUE_FUTURE;
    }

    /** The declarative rules; null when all passed (or only refused in dry-run). */
    private static Future<Decision> rules(Exchange exchange, Access access, Principal principal, Mode mode) {
        if (!access.scopes().isEmpty() && !principal.hasScopes(access.scopes())) {
            // Scope tokens cannot contain '"' or '\\' (RFC 6749 §3.3): checked at config load.
            exchange.set(ProblemRenderer.CHALLENGE_PARAMS, "scope=\"" + String.join(" ", access.scopes()) + "\"");
            Future<Decision> r = mode.deny(exchange, Decision.deny(Reason.INSUFFICIENT_SCOPE,
                    "The token does not grant the scopes this route requires.", "scopes"));
            if (r != Decision.CONTINUE_FUTURE) {
                return r;
            }
        }
        if (!access.anyScopes().isEmpty() && !holdsAny(principal, access.anyScopes())) {
            exchange.set(ProblemRenderer.CHALLENGE_PARAMS, "scope=\"" + String.join(" ", access.anyScopes()) + "\"");
            Future<Decision> r = mode.deny(exchange, Decision.deny(Reason.INSUFFICIENT_SCOPE,
                    "The token grants none of the scopes this route accepts.", "anyScopes"));
            if (r != Decision.CONTINUE_FUTURE) {
                return r;
            }
        }
        if (!access.roles().isEmpty() && !principal.roles().containsAll(access.roles())) {
            Future<Decision> r = mode.deny(exchange, Decision.deny(Reason.ROLE_MISSING,
                    "The caller does not hold the roles this route requires.", "roles"));
            if (r != Decision.CONTINUE_FUTURE) {
                return r;
            }
        }
        for (ClaimRule rule : access.claims()) {
            if (!rule.matches(principal.claims())) {
                Future<Decision> r = mode.deny(exchange, Decision.deny(Reason.CLAIM_MISMATCH,
                        "The caller's '" + rule.path() + "' claim is not one this route accepts.", "claims." + rule.path()));
                if (r != Decision.CONTINUE_FUTURE) {
                    return r;
                }
            }
        }
        if (!access.workloads().isEmpty() && !workloadAllowed(principal, access.workloads())) {
            Future<Decision> r = mode.deny(exchange, Decision.deny(Reason.WORKLOAD_NOT_ALLOWED,
                    "This workload may not call this route.", "allowWorkloads"));
            if (r != Decision.CONTINUE_FUTURE) {
                return r;
            }
        }
        return null;
    }

    private static boolean holdsAny(Principal principal, List<String> scopes) {
        for (String scope : scopes) {
            if (principal.scopes().contains(scope)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The caller's subject must be a SPIFFE ID matching a pattern, asserted by an X.509 SVID (mTLS)
     * or by a token from a configured identity provider. An API key's owner is free text that an
     * administrator typed, so it never counts as a workload identity.
     */
    private static boolean workloadAllowed(Principal principal, List<WorkloadPattern> patterns) {
        String id = principal.subject();
        boolean asserted = principal.type() == Principal.Type.WORKLOAD || principal.method().startsWith("jwt:");
        if (!asserted || !id.startsWith("spiffe://")) {
            return false;
        }
        for (WorkloadPattern pattern : patterns) {
            if (pattern.matches(id)) {
                return true;
            }
        }
        return false;
    }

    private static Decision.Deny evaluate(Policy policy, PolicyVariables variables) {
        try {
            if (policy.expression().test(variables)) {
                return null;
            }
            return Decision.deny(Reason.POLICY_DENIED, "The request is not allowed by this route's policy.", policy.name());
        } catch (Exception | StackOverflowError e) {
            long now = System.currentTimeMillis();
            long last = lastErrorLog.get();
            if (now - last > 1_000 && lastErrorLog.compareAndSet(last, now)) {
                log.warn("policy {} could not be evaluated, so it refused: {}", policy.name(), e.getMessage());
            }
            return Decision.deny(Reason.POLICY_ERROR, "The request is not allowed by this route's policy.", policy.name());
        }
    }
}
