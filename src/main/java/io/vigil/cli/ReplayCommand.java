package io.vigil.cli;

import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Runtime;
import io.vigil.replay.Replay;
import io.vigil.replay.ReplayReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Decide recorded traffic (a decision log) again under a candidate config and print what would"
                + " change: allow -> deny and deny -> allow, grouped by route and reason. Nothing is sent anywhere:"
                + " routing, authentication (as recorded), step-up and authorization run; rate limits do not.")
final class ReplayCommand implements Callable<Integer> {

    static final int EXIT_CHANGED = 4;

    @Option(names = "--traffic", required = true, paramLabel = "FILE", description = "A decision log (JSON lines).")
    Path traffic;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The candidate vigil.yaml.")
    Path config;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json", description = "Output format (default: table).")
    String format;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to this file.")
    Path json;

    @Option(names = "--fail-on-change", description = "Exit " + EXIT_CHANGED + " when any decision would change (for CI).")
    boolean failOnChange;

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("json")) {
            System.err.println("--format must be table or json");
            return VigilCli.EXIT_USAGE;
        }
        Runtime candidate;
        try {
            candidate = ConfigLoader.load(config, null);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return VigilCli.EXIT_CONFIG;
        }
        ReplayReport report;
        try {
            report = Replay.run(traffic, candidate);
        } catch (IOException e) {
            System.err.println("cannot read " + traffic + ": " + e.getMessage());
            return VigilCli.EXIT_FAILURE;
        }
        try {
            String asJson = Replay.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.json(Replay.mapper()));
            System.out.print(format.equals("json") ? asJson + System.lineSeparator() : report.table());
            if (json != null) {
                Files.writeString(json, asJson);
            }
        } catch (IOException e) {
            System.err.println("cannot write " + json + ": " + e.getMessage());
            return VigilCli.EXIT_FAILURE;
        }
        return failOnChange && report.changed() > 0 ? EXIT_CHANGED : 0;
    }
}
