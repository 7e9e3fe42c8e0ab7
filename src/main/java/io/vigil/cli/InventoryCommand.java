package io.vigil.cli;

import io.vigil.config.Durations;
import io.vigil.discovery.Annotation;
import io.vigil.discovery.AnnotationStore;
import io.vigil.discovery.Classifier;
import io.vigil.discovery.Curation;
import io.vigil.discovery.EndpointTree;
import io.vigil.discovery.Inventory;
import io.vigil.discovery.InventoryEntry;
import io.vigil.discovery.InventoryReport;
import io.vigil.discovery.spec.DeclaredEndpoint;
import io.vigil.discovery.spec.SpecIndex;
import io.vigil.discovery.spec.SpecReader;
import io.vigil.discovery.spec.SpecStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "The API inventory in the gateway's store: import specs, print the audit.",
        subcommands = {InventoryCommand.Report.class, InventoryCommand.Import.class, InventoryCommand.Annotate.class})
final class InventoryCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("Use: vigil inventory report -c vigil.yaml, vigil inventory import SPEC -c vigil.yaml,"
                + " or vigil inventory annotate -c vigil.yaml --method M --template T ...");
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "The audit of the inventory in the config's store: endpoints seen in traffic and logs, joined"
                    + " with the routes' specs and the imported ones; shadow, zombie, unused, unauthenticated and drift"
                    + " findings, each with what to do. The same data and --as-of print the same report.")
    static final class Report implements Callable<Integer> {

        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The gateway's vigil.yaml.")
        Path config;

        @Option(names = "--format", defaultValue = "md", paramLabel = "md|json|html", description = "Output (default: md).")
        String format;

        @Option(names = "--as-of", paramLabel = "INSTANT", description = "Judge as of this time (default: now), e.g. 2026-11-28T00:00:00Z.")
        Instant asOf;

        @Option(names = "--unused-after", defaultValue = "30d", paramLabel = "DURATION",
                description = "A declared endpoint without traffic for this long is unused (default: 30d).")
        String unusedAfter;

        @Override
        public Integer call() {
            if (!List.of("md", "json", "html").contains(format)) {
                System.err.println("--format must be md, json or html");
                return VigilCli.EXIT_USAGE;
            }
            Duration unused;
            try {
                unused = Durations.parse(unusedAfter);
            } catch (IllegalArgumentException e) {
                System.err.println("--unused-after: " + e.getMessage());
                return VigilCli.EXIT_USAGE;
            }
            Instant when = asOf != null ? asOf : Instant.now();
            List<List<InventoryEntry>> read = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            int exit = ConfigStore.run(config, "read the inventory from", (runtime, store) -> {
                EndpointTree observed = Inventory.load(store.dataSource(), store.postgres(),
                        runtime.config().discovery().paramThreshold());
                SpecIndex imported = new SpecStore(store.dataSource()).index(problems);
                read.add(Curation.apply(new Classifier(runtime.specs(), imported, unused, runtime.routes()::routeServing).classify(observed.endpoints(),
                        new io.vigil.discovery.code.CodeStore(store.dataSource()).all(), when),
                        new AnnotationStore(store.dataSource()).all(problems), when, unused));
            });
            if (exit != 0) {
                return exit;
            }
            List<InventoryEntry> entries = read.get(0);
            problems.forEach(p -> System.err.println("skipped: " + p));
            System.out.print(switch (format) {
                case "json" -> InventoryReport.json(entries, when).toPrettyString() + System.lineSeparator();
                case "html" -> InventoryReport.html(entries, when);
                default -> InventoryReport.markdown(entries, when);
            });
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Add an OpenAPI 3.x or Swagger 2.0 file to the inventory's declared endpoints (in the config's"
                    + " store; importing a file of the same name again replaces it).")
    static final class Import implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file (YAML or JSON).")
        Path spec;

        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The gateway's vigil.yaml.")
        Path config;

        @Option(names = "--owner", paramLabel = "TEAM", description = "Owner of the operations the spec names none for (x-owner).")
        String owner;

        @Override
        public Integer call() {
            String content;
            List<DeclaredEndpoint> declared;
            try {
                content = Files.readString(spec);
                declared = SpecReader.read(spec.getFileName().toString(), content, owner);
            } catch (IOException e) {
                System.err.println("cannot read " + spec + ": " + e.getMessage());
                return VigilCli.EXIT_FAILURE;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return VigilCli.EXIT_USAGE;
            }
            int exit = ConfigStore.run(config, "write to", (runtime, store) -> new SpecStore(store.dataSource())
                    .save(spec.getFileName().toString(), content, owner, System.currentTimeMillis()));
            if (exit != 0) {
                return exit;
            }
            long deprecated = declared.stream().filter(DeclaredEndpoint::deprecated).count();
            System.out.printf("imported %s: %d operations (%d deprecated)%n", spec.getFileName(), declared.size(), deprecated);
            return 0;
        }
    }

    @Command(name = "annotate", mixinStandardHelpOptions = true,
            description = "Record what you decided about an endpoint of the inventory: its owner, lifecycle and security"
                    + " review (in the config's store; the same as PUT /admin/api/inventory/annotations). A lifecycle"
                    + " set here outranks the spec's in the report: an endpoint marked retired that still gets traffic"
                    + " is a zombie. Setting an endpoint again replaces its annotation whole; --clear removes it.")
    static final class Annotate implements Callable<Integer> {

        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The gateway's vigil.yaml.")
        Path config;

        @Option(names = "--method", required = true, paramLabel = "METHOD", description = "The endpoint's method, e.g. GET (or *).")
        String method;

        @Option(names = "--template", required = true, paramLabel = "TEMPLATE",
                description = "The endpoint's template as the report shows it, e.g. /orders/{id}.")
        String template;

        @Option(names = "--host", paramLabel = "HOST", description = "Only the endpoint on this host (default: on every host).")
        String host;

        @Option(names = "--owner", paramLabel = "TEAM", description = "Who owns it.")
        String owner;

        @Option(names = "--lifecycle", paramLabel = "active|deprecated|retired", description = "Its lifecycle.")
        String lifecycle;

        @Option(names = "--review", paramLabel = "unreviewed|in_review|approved|rejected", description = "Its security review.")
        String review;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why, or anything the next reader should know.")
        String note;

        @Option(names = "--by", paramLabel = "NAME", description = "Who decided (recorded with the annotation).")
        String by;

        @Option(names = "--clear", description = "Remove the endpoint's annotation instead.")
        boolean clear;

        @Override
        public Integer call() {
            if (clear) {
                boolean[] removed = {false};
                int exit = ConfigStore.run(config, "write to", (runtime, store) ->
                        removed[0] = new AnnotationStore(store.dataSource()).delete(host, method, template));
                if (exit != 0) {
                    return exit;
                }
                System.out.println(removed[0] ? "removed the annotation of " + method + " " + template
                        : "no annotation for " + method + " " + template);
                return removed[0] ? 0 : VigilCli.EXIT_FAILURE;
            }
            Annotation annotation;
            try {
                annotation = new Annotation(host, method, template, owner, lifecycle, review, note, by, System.currentTimeMillis());
            } catch (IllegalArgumentException e) {
                System.err.println("--" + e.getMessage());
                return VigilCli.EXIT_USAGE;
            }
            int exit = ConfigStore.run(config, "write to", (runtime, store) -> new AnnotationStore(store.dataSource()).put(annotation));
            if (exit != 0) {
                return exit;
            }
            System.out.println("annotated " + method + " " + template + (annotation.host().isEmpty() ? "" : " on " + annotation.host()));
            return 0;
        }
    }
}
