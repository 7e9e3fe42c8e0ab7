package io.vigil.server;

/**
 * The one normalised form of a request path, used for route matching, for every policy decision
 * and as the path sent upstream.
 *
 * @param value the normalised path, still percent-encoded where the character is not unreserved
 * @param merged the same path with empty segments removed; equal to {@code value} when the path
 *     has none. Only routes that opt into slash merging may use it.
 */
public record NormalizedPath(String value, String merged) {

    public boolean hasEmptySegments() {
        return !value.equals(merged);
    }
}
