package io.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * What every admin endpoint that takes a JSON body does the same way: read it up to a cap (and
 * stop buffering past it), insist on one JSON object, answer 400 with what is wrong, and run store
 * work off the event loop with 503 when the store fails, so a bad request changes nothing.
 */
final class AdminRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminRequests() {
    }

    /** Takes the parsed body; throws {@link IllegalArgumentException} to refuse it with a 400. */
    interface BodyHandler {
        void handle(JsonNode body);
    }

    /** @param emptyIsObject an empty body counts as {@code {}} (for POSTs whose fields are all optional) */
    static void readObject(HttpServerRequest request, int maxBytes, boolean emptyIsObject, BodyHandler handler) {
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                refused[0] = true;
                AdminServer.problem(request.response(), 400, "invalid_request",
                        "Send a JSON object of at most " + maxBytes / 1024 + " KiB.");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            if (!refused[0]) {
                refused[0] = true;
                AdminServer.problem(request.response(), 400, "invalid_request", "The request body could not be read.");
            }
        });
        request.endHandler(v -> {
            if (refused[0]) {
                return;
            }
            try {
                JsonNode json = body.length() == 0 && emptyIsObject ? JSON.createObjectNode() : JSON.readTree(body.getBytes());
                if (json == null || !json.isObject()) {
                    throw new IllegalArgumentException("the body must be a JSON object");
                }
                handler.handle(json);
            } catch (IllegalArgumentException | java.io.IOException e) {
                AdminServer.problem(request.response(), 400, "invalid_request", "Invalid request: " + e.getMessage());
            }
        });
    }

    /** Runs blocking store work on a worker thread; 503 when it fails, else {@code done} with its result. */
    static <T> void blocking(Vertx vertx, HttpServerRequest request, Callable<T> work, Consumer<T> done) {
        vertx.executeBlocking(work, false).onComplete(ar -> {
            if (ar.failed()) {
                AdminServer.problem(request.response(), 503, "store_unavailable",
                        "The store could not be updated; nothing changed.");
            } else {
                done.accept(ar.result());
            }
        });
    }
}
