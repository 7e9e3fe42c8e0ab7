package io.vigil.cli;

import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Runtime;
import io.vigil.store.Store;
import java.nio.file.Path;

/** For commands that work on a gateway's store without the gateway: compile its config, open its store, do the work. */
final class ConfigStore {

    /** The work, given the compiled config and the open store. */
    interface Work {
        void run(Runtime runtime, Store store) throws Exception;
    }

    private ConfigStore() {
    }

    /**
     * @param what what the work does to the store, for the error message ("read the inventory from")
     * @return 0, {@link VigilCli#EXIT_CONFIG} for an invalid config, {@link VigilCli#EXIT_FAILURE} when the store fails
     */
    static int run(Path config, String what, Work work) {
        Runtime runtime;
        try {
            runtime = ConfigLoader.load(config, null);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return VigilCli.EXIT_CONFIG;
        }
        try (Store store = Store.open(runtime.config().store())) {
            work.run(runtime, store);
            return 0;
        } catch (Exception e) {
            System.err.println("cannot " + what + " the store: " + e.getMessage());
            return VigilCli.EXIT_FAILURE;
        }
    }
}
