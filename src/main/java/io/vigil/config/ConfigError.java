package io.vigil.config;

/**
 * One thing wrong with a config file, located as precisely as the YAML allows.
 *
 * @param line 1-based, or 0 when unknown
 * @param field the path of the field, e.g. {@code routes[2].upstream}
 */
public record ConfigError(String file, int line, int column, String field, String message) {

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(':').append(line).append(':').append(column);
        }
        s.append(": ");
        if (!field.isEmpty()) {
            s.append(field).append(": ");
        }
        return s.append(message).toString();
    }
}
