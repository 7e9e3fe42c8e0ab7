package io.vigil.problem;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A denial as an HTTP response, independent of the front end that writes it.
 *
 * @param headers name, value, name, value, ... in lower case
 * @param close whether the connection must close after it (HTTP/1.x)
 */
public record ProblemResponse(int status, List<String> headers, String body, boolean close) {

    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
