package io.vigil.authz;

import io.vigil.pipeline.Mode;

/**
 * One compiled policy. {@code name} is the top-level policy's name, or
 * {@code <route id>/policy[<i>]} for an expression written on the route; the decision log names
 * it when it refuses.
 */
public record Policy(String name, PolicyLanguage.Compiled expression, Mode mode) {
}
