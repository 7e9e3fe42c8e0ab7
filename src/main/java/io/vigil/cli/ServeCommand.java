package io.vigil.cli;

import io.vigil.Gateway;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigWatcher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway with a config file. The config reloads when the file changes, "
                + "on SIGHUP, and on POST /admin/api/config/reload; an invalid new config is rejected "
                + "and the running one kept.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The vigil.yaml to run.")
    Path config;

    @Option(names = "--no-watch", description = "Do not reload when the config file changes.")
    boolean noWatch;

    @Override
    public Integer call() throws Exception {
        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return VigilCli.EXIT_CONFIG;
        } catch (Exception e) {
            System.err.println("vigil: cannot start: " + StartFailure.describe(e));
            return VigilCli.EXIT_FAILURE;
        }
        return runUntilStopped(gateway, noWatch);
    }

    /** Blocks until SIGINT/SIGTERM, reloading on SIGHUP and (unless told not to) on file changes. */
    static int runUntilStopped(Gateway gateway, boolean noWatch) throws Exception {
        Runnable reload = () -> {
            try {
                gateway.reload();
            } catch (ConfigException e) {
                // Already logged with every error; the running config stays.
            }
        };
        Signal.handle(new Signal("HUP"), signal -> new Thread(reload, "vigil-sighup-reload").start());
        ConfigWatcher watcher = noWatch ? null : new ConfigWatcher(gateway.configFile(), reload);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (watcher != null) {
                    watcher.close();
                }
            } catch (Exception e) {
                // Shutting down anyway.
            }
            gateway.close();
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
        return 0;
    }
}
