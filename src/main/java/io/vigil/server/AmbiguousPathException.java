package io.vigil.server;

/**
 * A request path that different servers could read differently. Thrown, not returned, because it
 * aborts normalisation at any depth; stackless because an attacker can cause it at will.
 */
public final class AmbiguousPathException extends Exception {
    private static final long serialVersionUID = 1L;

    public AmbiguousPathException(String message) {
        super(message, null, false, false);
    }
}
