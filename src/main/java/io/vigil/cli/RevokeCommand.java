package io.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a token (--jti), every token of a subject (--sub, optionally only those issued"
                + " --before a time) or a session (--sid) on a running gateway; in force on its next request."
                + " Also --list and --delete ID.")
final class RevokeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final class What {
        @Option(names = "--jti", description = "A token's jti.") String jti;
        @Option(names = "--sub", description = "A subject: all its tokens.") String sub;
        @Option(names = "--sid", description = "A session id (sid claim).") String sid;
        @Option(names = "--list", description = "List the active revocations.") boolean list;
        @Option(names = "--delete", paramLabel = "ID", description = "Remove a revocation.") String delete;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @Option(names = "--before", description = "With --sub: only tokens issued before this RFC 3339 time.")
    String before;

    @Option(names = "--issuer", description = "Only tokens of this issuer (default: every issuer).")
    String issuer;

    @Option(names = "--reason", description = "Why, for the audit trail.")
    String reason;

    @Option(names = "--ttl", description = "How long to keep the entry, e.g. 12h (default: until removed with --delete).")
    String ttl;

    @Option(names = "--admin", paramLabel = "URL", description = "Admin API URL (default: VIGIL_ADMIN_URL, or"
            + " the vigil.yaml here or in ./vigil-demo).")
    String admin;

    @Override
    public Integer call() throws Exception {
        if (before != null && what.sub == null) {
            System.err.println("vigil revoke: --before goes with --sub");
            return VigilCli.EXIT_USAGE;
        }
        AdminClient.Outcome outcome;
        if (what.list) {
            outcome = AdminClient.call("revoke", admin, "GET", "/admin/api/revocations", null, 200);
        } else if (what.delete != null) {
            outcome = AdminClient.call("revoke", admin, "DELETE", "/admin/api/revocations/"
                    + java.net.URLEncoder.encode(what.delete, java.nio.charset.StandardCharsets.UTF_8), null, 204);
        } else {
            ObjectNode body = JSON.createObjectNode();
            if (what.jti != null) {
                body.put("jti", what.jti);
            } else if (what.sub != null) {
                body.put("sub", what.sub);
            } else {
                body.put("sid", what.sid);
            }
            putIfSet(body, "before", before);
            putIfSet(body, "issuer", issuer);
            putIfSet(body, "reason", reason);
            putIfSet(body, "ttl", ttl);
            outcome = AdminClient.call("revoke", admin, "POST", "/admin/api/revocations", body.toString(), 201);
        }
        if (outcome.exit() != 0) {
            return outcome.exit();
        }
        if (what.delete != null) {
            System.out.println("removed " + what.delete);
        } else {
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(outcome.body())));
        }
        return 0;
    }

    private static void putIfSet(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
