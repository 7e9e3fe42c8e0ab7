package io.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vigil}: the command line. Exit codes: 0 success, 1 runtime failure, 2 usage error,
 * 3 invalid configuration.
 */
@Command(name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Vigil, a zero trust API gateway: every request verified, nothing trusted by default.",
        subcommands = {ServeCommand.class, CheckCommand.class, DemoCommand.class, TokenCommand.class, KeysCommand.class, RevokeCommand.class, ReplayCommand.class, DiscoverCommand.class, InventoryCommand.class, VersionCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:runtime failure (port in use, store unreachable, ...)",
                "2:usage error", "3:invalid configuration"})
public final class VigilCli implements Runnable {

    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CONFIG = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Netty's classic pooled allocator (thread-local caches) costs the proxy path less per
        // buffer than 4.2's adaptive default, as profiled under load; set before Netty loads, and
        // only when the operator has not chosen one.
        if (System.getProperty("io.netty.allocator.type") == null) {
            System.setProperty("io.netty.allocator.type", "pooled");
        }
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new VigilCli())
                .setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE)
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
