package io.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
            ObjectNode body = JSON.createObjectNode().put("sub", sub).put("ttl", ttl);
            scopes.forEach(body.putArray("scope")::add);
            if (audience != null) {
                body.put("aud", audience);
            }
            if (!claims.isEmpty()) {
                ObjectNode extra = body.putObject("claims");
                claims.forEach(extra::put);
            }
            AdminClient.Outcome outcome = AdminClient.call("token mint", admin, "POST", "/admin/api/dev-issuer/tokens",
                    body.toString(), 201);
            if (outcome.exit() != 0) {
                return outcome.exit();
            }
            System.out.println(JSON.readTree(outcome.body()).path("access_token").asText());
            return 0;
        }
    }
}
