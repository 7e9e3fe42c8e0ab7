package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Development tokens from the gateway's development issuer (devIssuer).",
        subcommands = TokenCommand.Mint.class)
final class TokenCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "mint", mixinStandardHelpOptions = true,
            description = "Mint an access token from the development issuer of a running gateway (vigil demo"
                    + " has one) and print it. Never available in production configs.")
    static final class Mint implements Callable<Integer> {

        private static final ObjectMapper JSON = new ObjectMapper();

        @Option(names = "--sub", required = true, description = "The subject (user or service id).")
        String sub;

        @Option(names = "--scope", split = ",", description = "Scopes to grant; repeat or separate with commas.")
        List<String> scopes = List.of();

        @Option(names = "--ttl", defaultValue = "5m", description = "Lifetime, e.g. 30s, 5m, 1h (default: ${DEFAULT-VALUE}).")
        String ttl;

        @Option(names = "--aud", description = "Audience (default: the issuer's configured audience).")
        String audience;

        @Option(names = "--claim", description = "An extra claim NAME=VALUE (repeatable).")
        Map<String, String> claims = Map.of();

        @Option(names = "--admin", paramLabel = "URL", description = "Admin API URL (default: VIGIL_ADMIN_URL, or"
                + " the vigil.yaml here or in ./vigil-demo).")
        String admin;

        @Override
        public Integer call() throws Exception {
            AdminClient client;
            try {
                client = AdminClient.locate(admin, Path.of(""));
            } catch (IllegalStateException e) {
                System.err.println("vigil token mint: " + e.getMessage());
                return VigilCli.EXIT_USAGE;
            }
            ObjectNode body = JSON.createObjectNode().put("sub", sub).put("ttl", ttl);
            scopes.forEach(body.putArray("scope")::add);
            if (audience != null) {
                body.put("aud", audience);
            }
            if (!claims.isEmpty()) {
                ObjectNode extra = body.putObject("claims");
                claims.forEach(extra::put);
            }
            HttpResponse<String> response;
            try {
                response = client.send("POST", "/admin/api/dev-issuer/tokens", body.toString());
            } catch (java.io.IOException e) {
                System.err.println("vigil token mint: cannot reach the admin API at " + client.base() + " ("
                        + StartFailure.describe(e) + "); is the gateway running?");
                return VigilCli.EXIT_FAILURE;
            }
            if (response.statusCode() != 201) {
                JsonNode problem = parse(response.body());
                String detail = problem == null ? response.body() : problem.path("title").asText(response.body());
                System.err.println("vigil token mint: " + response.statusCode() + " " + detail);
                return VigilCli.EXIT_FAILURE;
            }
            System.out.println(JSON.readTree(response.body()).path("access_token").asText());
            return 0;
        }

        private static JsonNode parse(String body) {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                return null;
            }
        }
    }
}
