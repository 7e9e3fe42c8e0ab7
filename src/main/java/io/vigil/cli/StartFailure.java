package io.vigil.cli;

import java.net.BindException;

/** Turns a start-up failure into one line that says what to do next. */
final class StartFailure {

    private StartFailure() {
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof BindException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof BindException) {
            return "an address is already in use (" + root.getMessage()
                    + "); stop what holds it or change server.listen / admin.listen";
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message;
    }
}
