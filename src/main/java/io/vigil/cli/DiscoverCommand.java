package io.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.discovery.EndpointJson;
import io.vigil.discovery.EndpointStats;
import io.vigil.discovery.EndpointTree;
import io.vigil.discovery.logs.LogIngest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "discover", mixinStandardHelpOptions = true,
        description = "Find the API endpoints that are really in use.",
        subcommands = {DiscoverCommand.Logs.class})
final class DiscoverCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("Name what to discover from: vigil discover logs FILE... --format nginx|envoy|har");
    }

    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = "Read access logs of other gateways (nginx combined, common or JSON; Envoy default or JSON)"
                    + " or HAR files and list the endpoints they show, as templates (/orders/{id}). Lines that are not"
                    + " understood are counted and listed with their numbers.")
    static final class Logs implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log or HAR files.")
        List<Path> files;

        @Option(names = "--format", required = true, paramLabel = "nginx|envoy|har", description = "What the files are.")
        String format;

        @Option(names = "--output", defaultValue = "table", paramLabel = "table|json", description = "Output (default: table).")
        String output;

        @Option(names = "--param-threshold", defaultValue = "50", paramLabel = "N",
                description = "Distinct names at one path position beyond which they become {param} (default: 50).")
        int paramThreshold;

        @Override
        public Integer call() {
            if (!output.equals("table") && !output.equals("json")) {
                System.err.println("--output must be table or json");
                return VigilCli.EXIT_USAGE;
            }
            if (paramThreshold < 2) {
                System.err.println("--param-threshold must be at least 2");
                return VigilCli.EXIT_USAGE;
            }
            EndpointTree tree = new EndpointTree(paramThreshold, 1_000_000);
            LogIngest.Result result;
            try {
                result = LogIngest.ingest(files, format, tree);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return VigilCli.EXIT_USAGE;
            } catch (IOException e) {
                System.err.println("cannot read: " + e.getMessage());
                return VigilCli.EXIT_FAILURE;
            }
            List<EndpointTree.Endpoint> endpoints = tree.endpoints();
            if (output.equals("json")) {
                ObjectMapper json = new ObjectMapper();
                ObjectNode out = json.createObjectNode().put("records", result.records()).put("malformed", result.malformed());
                result.examples().forEach(out.putArray("malformedExamples")::add);
                ArrayNode list = out.putArray("endpoints");
                endpoints.forEach(e -> list.add(EndpointJson.of(e)));
                System.out.println(out.toPrettyString());
            } else {
                System.out.print(table(endpoints));
                System.out.printf("%n%d endpoints from %d records; %d malformed%n", endpoints.size(), result.records(),
                        result.malformed());
                result.examples().forEach(example -> System.out.println("  " + example));
                if (result.malformed() > result.examples().size()) {
                    System.out.println("  ... and " + (result.malformed() - result.examples().size()) + " more");
                }
            }
            return 0;
        }

        static String table(List<EndpointTree.Endpoint> endpoints) {
            int hostWidth = 4;
            int templateWidth = 8;
            for (EndpointTree.Endpoint e : endpoints) {
                hostWidth = Math.max(hostWidth, e.host().length());
                templateWidth = Math.max(templateWidth, e.template().length());
            }
            String row = "%-" + hostWidth + "s  %-7s %-" + templateWidth + "s %9s  %-22s %s%n";
            StringBuilder out = new StringBuilder(String.format(row, "HOST", "METHOD", "TEMPLATE", "REQUESTS", "STATUSES", "AUTH"));
            for (EndpointTree.Endpoint e : endpoints) {
                EndpointStats s = e.stats();
                StringBuilder statuses = new StringBuilder();
                new java.util.TreeMap<>(s.statuses()).forEach((code, n) -> statuses.append(statuses.length() == 0 ? "" : " ")
                        .append(code).append('x').append(n));
                out.append(String.format(row, e.host().isEmpty() ? "-" : e.host(), e.method(), e.template(), s.count(),
                        statuses, s.authentication().isEmpty() ? "-" : String.join(",", new java.util.TreeSet<>(s.authentication()))));
            }
            return out.toString();
        }
    }
}
