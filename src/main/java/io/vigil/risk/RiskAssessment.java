package io.vigil.risk;

import java.util.List;

/** A request's risk: the 0–100 score and the factors it is the sum of (capped at 100). */
public record RiskAssessment(int score, List<Factor> factors) {

    public static final RiskAssessment NONE = new RiskAssessment(0, List.of());

    public RiskAssessment {
        factors = List.copyOf(factors);
    }

    /** Factor names, for CEL's {@code risk.factors}. */
    public List<String> names() {
        return factors.stream().map(Factor::name).toList();
    }
}
