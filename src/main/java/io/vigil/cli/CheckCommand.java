package io.vigil.cli;

import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Runtime;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a config file: print every error with file, line and field, "
                + "and exit 3 if there is any.")
final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The vigil.yaml to check.")
    Path config;

    @Override
    public Integer call() {
        try {
            Runtime runtime = ConfigLoader.load(config, null);
            System.out.println(config + ": OK (" + runtime.routes().routes().size() + " routes, "
                    + runtime.upstreams().size() + " upstreams)");
            if (runtime.config().devIssuer() != null) {
                System.err.println("warning: devIssuer is enabled: anyone who can call the admin API can mint tokens"
                        + " its identity provider accepts. Use it for demos and local testing only.");
            }
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.err.println(e.errors().size() + (e.errors().size() == 1 ? " error" : " errors") + " in " + config);
            return VigilCli.EXIT_CONFIG;
        }
    }
}
