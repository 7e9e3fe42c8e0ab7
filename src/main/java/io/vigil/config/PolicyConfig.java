package io.vigil.config;

import io.vigil.pipeline.Mode;

/**
 * A named policy in the top-level {@code policies:} section, used by routes with
 * {@code policies: [name]}.
 *
 * @param expression a CEL expression that must be true for the request to pass
 * @param description what it is for, shown by {@code vigil check} and the admin API
 * @param mode {@code enforce} or {@code dryRun}; absent, the mode of the route that uses it
 */
public record PolicyConfig(@Required String expression, String description, Mode mode) {
}
