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
        subcommands = {DiscoverCommand.Logs.class, DiscoverCommand.Code.class})
final class DiscoverCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("Name what to discover from: vigil discover logs FILE... --format nginx|envoy|har,"
                + " or vigil discover code PATH...");
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

        @Option(names = "--spec", paramLabel = "FILE", description = "Judge what the logs show against this OpenAPI/Swagger"
                + " file: shadow, zombie, unused, unauthenticated and drift findings (JSON output: the inventory report).")
        Path spec;

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
            if (spec != null) {
                return judged(endpoints, result);
            }
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

        private Integer judged(List<EndpointTree.Endpoint> endpoints, LogIngest.Result result) {
            io.vigil.discovery.spec.SpecIndex index;
            try {
                index = io.vigil.discovery.spec.SpecIndex.of(io.vigil.discovery.spec.SpecReader.read(spec));
            } catch (IOException e) {
                System.err.println("cannot read " + spec + ": " + e.getMessage());
                return VigilCli.EXIT_FAILURE;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return VigilCli.EXIT_USAGE;
            }
            // Logs carry their own times: judge "unused" as of the newest request they show.
            long newest = endpoints.stream().mapToLong(e -> e.stats().lastSeen()).max().orElse(0);
            java.time.Instant asOf = java.time.Instant.ofEpochMilli(newest);
            List<io.vigil.discovery.InventoryEntry> entries = new io.vigil.discovery.Classifier(java.util.Map.of(), index,
                    java.time.Duration.ofDays(30)).classify(endpoints, asOf);
            if (output.equals("json")) {
                com.fasterxml.jackson.databind.node.ObjectNode out = io.vigil.discovery.InventoryReport.json(entries, asOf);
                out.put("records", result.records()).put("malformed", result.malformed());
                System.out.println(out.toPrettyString());
            } else {
                System.out.print(io.vigil.discovery.InventoryReport.markdown(entries, asOf));
                System.out.printf("%n%d records; %d malformed%n", result.records(), result.malformed());
                result.examples().forEach(example -> System.out.println("  " + example));
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

    @Command(name = "code", mixinStandardHelpOptions = true,
            description = "List the endpoints declared in source code, with file and line: Java (Spring MVC/WebFlux, JAX-RS),"
                    + " JavaScript/TypeScript (Express, Fastify, NestJS), Python (Flask, FastAPI, Django) and Go (net/http,"
                    + " gorilla/mux, gin, echo, chi). Files that do not parse are reported and skipped.")
    static final class Code implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Source folders or files.")
        List<Path> paths;

        @Option(names = "--output", defaultValue = "table", paramLabel = "table|json", description = "Output (default: table).")
        String output;

        @Option(names = "--import", description = "Also store the endpoints in the inventory of the config's store"
                + " (replacing the last scan), for vigil inventory report and the admin API.")
        boolean importThem;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The gateway's vigil.yaml (with --import).")
        Path config;

        @Override
        public Integer call() {
            if (!output.equals("table") && !output.equals("json")) {
                System.err.println("--output must be table or json");
                return VigilCli.EXIT_USAGE;
            }
            if (importThem && config == null) {
                System.err.println("--import needs -c vigil.yaml (whose store holds the inventory)");
                return VigilCli.EXIT_USAGE;
            }
            io.vigil.discovery.code.CodeScan.Result result;
            try {
                result = io.vigil.discovery.code.CodeScan.scan(paths);
            } catch (IOException e) {
                System.err.println("cannot read: " + e.getMessage());
                return VigilCli.EXIT_FAILURE;
            }
            if (importThem) {
                int exit = ConfigStore.run(config, "write to", (runtime, store) ->
                        new io.vigil.discovery.code.CodeStore(store.dataSource()).replace(result.endpoints(), System.currentTimeMillis()));
                if (exit != 0) {
                    return exit;
                }
            }
            if (output.equals("json")) {
                ObjectMapper json = new ObjectMapper();
                ObjectNode out = json.createObjectNode().put("files", result.files());
                result.skipped().forEach(out.putArray("skipped")::add);
                ArrayNode list = out.putArray("endpoints");
                result.endpoints().forEach(e -> list.addObject().put("method", e.method()).put("template", e.template())
                        .put("file", e.file()).put("line", e.line()).put("language", e.language()).put("framework", e.framework()));
                System.out.println(out.toPrettyString());
            } else {
                int width = 8;
                for (io.vigil.discovery.code.CodeEndpoint e : result.endpoints()) {
                    width = Math.max(width, e.template().length());
                }
                String row = "%-7s %-" + width + "s %-18s %s%n";
                System.out.printf(row, "METHOD", "TEMPLATE", "FRAMEWORK", "WHERE");
                for (io.vigil.discovery.code.CodeEndpoint e : result.endpoints()) {
                    System.out.printf(row, e.method(), e.template(), e.language() + "/" + e.framework(), e.file() + ":" + e.line());
                }
                System.out.printf("%n%d endpoints in %d files%s%n", result.endpoints().size(), result.files(),
                        importThem ? " (stored in the inventory)" : "");
                result.skipped().forEach(s -> System.out.println("  skipped " + s));
            }
            return 0;
        }
    }
}
