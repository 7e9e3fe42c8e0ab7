package io.vigil.risk;

/**
 * One reason a request is riskier than it might be.
 *
 * @param name stable, dotted ({@code network.known_bad}); dashboards and policies key on it
 * @param weight points added to the score
 * @param evidence what was seen, safe to log ({@code tag tor}, never a credential)
 */
public record Factor(String name, int weight, String evidence) {
}
