package io.vigil.cli;

import io.vigil.config.AdminConfig;
import io.vigil.config.VigilConfig;
import io.vigil.config.YamlBinder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How management commands reach a running gateway: its admin API. The URL comes from
 * {@code --admin}, {@code VIGIL_ADMIN_URL}, or the {@code vigil.yaml} in the current directory
 * (or {@code ./vigil-demo/}, where {@code vigil demo} writes it); the token from
 * {@code VIGIL_ADMIN_TOKEN} or that same file.
 */
final class AdminClient {

    private static final List<Path> CONFIG_PLACES = List.of(Path.of("vigil.yaml"), Path.of("vigil-demo", "vigil.yaml"));

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    URI base() {
        return base;
    }

    /** @throws IllegalStateException with what to do next when no admin API can be found */
    static AdminClient locate(String adminOption, Path workingDir) {
        String url = adminOption != null ? adminOption : System.getenv("VIGIL_ADMIN_URL");
        String token = System.getenv("VIGIL_ADMIN_TOKEN");
        AdminConfig admin = url != null && token != null ? null : findAdminConfig(workingDir);
        if (url == null) {
            if (admin == null) {
                throw new IllegalStateException("no admin API to talk to: pass --admin http://HOST:PORT, set VIGIL_ADMIN_URL,"
                        + " or run this in the folder holding vigil.yaml (or its vigil-demo/ folder)");
            }
            String listen = admin.listen();
            url = (admin.tls() != null ? "https://" : "http://") + (listen.startsWith("0.0.0.0:")
                    ? "127.0.0.1" + listen.substring(7) : listen);
        }
        if (token == null && admin != null && admin.token() != null && !admin.token().isBlank()) {
            token = admin.token();
        }
        return new AdminClient(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url), token);
    }

    private static AdminConfig findAdminConfig(Path workingDir) {
        for (Path place : CONFIG_PLACES) {
            Path file = workingDir.resolve(place);
            if (Files.isReadable(file)) {
                try {
                    YamlBinder.Bound<VigilConfig> bound = YamlBinder.bind(file.toString(),
                            Files.readString(file, StandardCharsets.UTF_8), VigilConfig.class, System::getenv);
                    if (bound.value() != null) {
                        return bound.value().admin();
                    }
                } catch (IOException | io.vigil.config.ConfigException | RuntimeException e) {
                    // Unreadable or invalid: try the next place, then say what to do.
                }
            }
        }
        return null;
    }

    /** What a management command's one admin call came to: the body on success, or the exit code to return. */
    record Outcome(int exit, String body) {
    }

    /**
     * One admin API call for a CLI command, with the errors every command reports the same way
     * ({@code vigil COMMAND: …}): no admin API found (usage), unreachable, or another status
     * than {@code expected} (its problem title).
     */
    static Outcome call(String command, String adminOption, String method, String path, String json, int expected)
            throws InterruptedException {
        AdminClient client;
        try {
            client = locate(adminOption, Path.of(""));
        } catch (IllegalStateException e) {
            System.err.println("vigil " + command + ": " + e.getMessage());
            return new Outcome(VigilCli.EXIT_USAGE, null);
        }
        HttpResponse<String> response;
        try {
            response = client.send(method, path, json);
        } catch (IOException e) {
            System.err.println("vigil " + command + ": cannot reach the admin API at " + client.base() + " ("
                    + StartFailure.describe(e) + "); is the gateway running?");
            return new Outcome(VigilCli.EXIT_FAILURE, null);
        }
        if (response.statusCode() != expected) {
            String detail = response.body();
            try {
                detail = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("title").asText(detail);
            } catch (IOException | RuntimeException e) {
                // Not JSON: show it as it came.
            }
            System.err.println("vigil " + command + ": " + response.statusCode() + " " + detail);
            return new Outcome(VigilCli.EXIT_FAILURE, null);
        }
        return new Outcome(0, response.body());
    }

    HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("content-type", "application/json");
        }
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
