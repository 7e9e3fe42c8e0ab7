package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manage API keys on a running gateway: create, list, rotate, revoke.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Rotate.class,
                KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Where the admin API is; shared by every subcommand. */
    static class AdminOption {
        @Option(names = "--admin", paramLabel = "URL", description = "Admin API URL (default: VIGIL_ADMIN_URL, or"
                + " the vigil.yaml here or in ./vigil-demo).")
        String admin;
        boolean keyOnlyOutput;

        int call(String command, String method, String path, String body, int expected) throws Exception {
            AdminClient.Outcome outcome = AdminClient.call("keys " + command, admin, method, path, body, expected);
            if (outcome.exit() != 0 || outcome.body().isEmpty()) {
                return outcome.exit();
            }
            JsonNode json = JSON.readTree(outcome.body());
            if (keyOnlyOutput) {
                System.out.println(json.path("key").asText());
                return 0;
            }
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            if (json.has("key")) {
                System.err.println("The key above is shown only this once: store it now.");
            }
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; it is printed once.")
    static final class Create extends AdminOption implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "What the key is for.") String name;
        @Option(names = "--owner", description = "Who answers for it (becomes the principal's subject).") String owner;
        @Option(names = "--scope", split = ",", description = "Scopes; repeat or separate with commas.") List<String> scopes = List.of();
        @Option(names = "--plan", description = "Rate-limit plan.") String plan;
        @Option(names = "--expires-in", description = "Lifetime, e.g. 90d (default: none).") String expiresIn;
        @Option(names = "--key-only", description = "Print only the key (for KEY=$(vigil keys create ...)).") boolean keyOnly;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = JSON.createObjectNode().put("name", name);
            if (owner != null) {
                body.put("owner", owner);
            }
            scopes.forEach(body.putArray("scopes")::add);
            if (plan != null) {
                body.put("plan", plan);
            }
            if (expiresIn != null) {
                body.put("expiresIn", expiresIn);
            }
            keyOnlyOutput = keyOnly;
            return call("create", "POST", "/admin/api/keys", body.toString(), 201);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the keys themselves).")
    static final class ListKeys extends AdminOption implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return call("list", "GET", "/admin/api/keys", null, 200);
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Issue a replacement; the old key keeps working for the grace period, then stops.")
    static final class Rotate extends AdminOption implements Callable<Integer> {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--grace", description = "How long the old key keeps working (default: apiKeys.rotationGrace).") String grace;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = JSON.createObjectNode();
            if (grace != null) {
                body.put("grace", grace);
            }
            return call("rotate", "POST", "/admin/api/keys/" + id + "/rotate", body.toString(), 201);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Stop a key now.")
    static final class Revoke extends AdminOption implements Callable<Integer> {
        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() throws Exception {
            int exit = call("revoke", "DELETE", "/admin/api/keys/" + id, null, 204);
            if (exit == 0) {
                System.out.println("revoked " + id);
            }
            return exit;
        }
    }
}
