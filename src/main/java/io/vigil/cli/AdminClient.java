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
