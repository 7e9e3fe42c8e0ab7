package io.vigil.bench.risk;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;

/**
 * A person using the API from a browser: logs in each working day (with a second factor, or for
 * some users without), refreshes the access token hourly, steps up when asked (logs in again with
 * MFA), and logs in afresh after the gateway ends the session.
 */
final class Human implements Caller {

    static final long TOKEN_LIFE = 3_600_000L;
    static final long SESSION_LIFE = 14 * 3_600_000L;
    static final String SCOPE = "orders:read orders:write reports:read profile:read";

    final String name;
    final boolean mfa;
    final List<String> roles;
    final String agent;
    /** The first three octets of the office LAN and of the home connection. */
    final String office;
    final String home;
    final double startHour;
    final double endHour;
    final List<String> routes;
    final long firstOrder;

    private final TokenMint mint;
    private String sessionId;
    private long authTime = Long.MIN_VALUE;
    private long tokenTime;
    private boolean stepped;
    private String token;
    /** An attack on this session was caught and the session ended: the refusals that follow are collateral. */
    private boolean endedByAttack;

    Human(TokenMint mint, String name, boolean mfa, List<String> roles, String agent, String office, String home,
            double startHour, double endHour, List<String> routes, long firstOrder) {
        this.mint = mint;
        this.name = name;
        this.mfa = mfa;
        this.roles = roles;
        this.agent = agent;
        this.office = office;
        this.home = home;
        this.startHour = startHour;
        this.endHour = endHour;
        this.routes = routes;
        this.firstOrder = firstOrder;
    }

    @Override
    public synchronized void credential(HttpRequest.Builder request, long now) {
        request.header("Authorization", "Bearer " + token(now));
    }

    /** The access token as of {@code now} (also what a thief who stole it replays). */
    synchronized String token(long now) {
        if (token == null || now - authTime > SESSION_LIFE) {
            login(now, mfa);
        } else if (now - tokenTime > TOKEN_LIFE) {
            issue(now);
        }
        return token;
    }

    /** What a thief copied from this user's browser: the token as last issued (a fresh login if there was none). */
    synchronized String stolen(long now) {
        return token != null ? token : token(now);
    }

    @Override
    public synchronized void answered(int status, String reason, long now) {
        if ("step_up_required".equals(reason)) {
            stepped = true;
            authTime = now;
            issue(now);
        } else if ("token_revoked".equals(reason) || "session_terminated".equals(reason)) {
            token = null;
        }
    }

    synchronized void endedByAttack() {
        endedByAttack = true;
    }

    /** Whether a refusal now is the consequence of an attack on this session being stopped. */
    synchronized boolean collateral(String reason) {
        return endedByAttack && ("token_revoked".equals(reason) || "session_terminated".equals(reason));
    }

    private void login(long now, boolean secondFactor) {
        sessionId = UUID.randomUUID().toString();
        stepped = secondFactor;
        authTime = now;
        endedByAttack = false;
        issue(now);
    }

    private void issue(long now) {
        tokenTime = now;
        token = mint.mint(name, sessionId, authTime, stepped ? "mfa" : "pwd", stepped ? List.of("pwd", "otp") : List.of("pwd"),
                roles, SCOPE);
    }
}
