package io.vigil.cli;

import io.vertx.core.Vertx;
import io.vigil.Gateway;
import io.vigil.demo.Demo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the gateway on :8080, a sample orders API behind it, and the admin "
                + "listener on :9090, all on the embedded store; write the config to "
                + "./vigil-demo/vigil.yaml and print what to try. Ctrl-C stops it.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "vigil-demo", paramLabel = "DIR",
            description = "Where to write the demo's config and data (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--port", defaultValue = "8080", description = "Gateway port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--admin-port", defaultValue = "9090", description = "Admin port (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--upstream-port", defaultValue = "8081",
            description = "Sample upstream port (default: ${DEFAULT-VALUE}).")
    int upstreamPort;

    /** How the user invoked us, so the printed examples can be pasted as they are. */
    static String selfCommand() {
        try {
            Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.toString().endsWith(".jar")) {
                Path here = Path.of("").toAbsolutePath();
                Path shown = jar.startsWith(here) ? here.relativize(jar) : jar;
                return "java -jar " + shown;
            }
        } catch (Exception e) {
            // Fall through to the installed name.
        }
        return "vigil";
    }

    @Override
    public Integer call() throws Exception {
        Vertx upstreamVertx = Vertx.vertx();
        Demo demo;
        try {
            demo = Demo.start(upstreamVertx, dir, port, adminPort, upstreamPort);
        } catch (Exception e) {
            upstreamVertx.close();
            System.err.println("vigil demo: cannot start: " + StartFailure.describe(e)
                    + " (ports can be changed with --port, --admin-port, --upstream-port)");
            return VigilCli.EXIT_FAILURE;
        }
        Gateway gateway = demo.gateway();
        System.out.println(demo.instructions(selfCommand()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.upstream().stop();
            upstreamVertx.close();
        }, "vigil-demo-upstream-stop"));
        return ServeCommand.runUntilStopped(gateway, false);
    }
}
