package io.vigil.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** Reads a config file, binds it and compiles it: the one way a config becomes a runtime. */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    public static Runtime load(Path file, Runtime previous) throws ConfigException {
        return load(file, previous, System::getenv);
    }

    public static Runtime load(Path file, Runtime previous, Function<String, String> env) throws ConfigException {
        return load(file, previous, env, List.of());
    }

    public static Runtime load(Path file, Runtime previous, Function<String, String> env,
            List<io.vigil.pipeline.Stage> extraStages) throws ConfigException {
        // Without a gateway's key records, apikey routes compile but admit nobody: right for `check`.
        return load(file, previous, env, extraStages, GatewayServices.detached());
    }

    /** @param services the gateway's state that outlives any one config (API keys, revocations, alerts) */
    public static Runtime load(Path file, Runtime previous, Function<String, String> env,
            List<io.vigil.pipeline.Stage> extraStages, GatewayServices services) throws ConfigException {
        String name = file.toString();
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(name, 0, 0, "", "cannot read: " + e.getMessage())));
        }
        YamlBinder.Bound<VigilConfig> bound = YamlBinder.bind(name, yaml, VigilConfig.class, env);
        return RuntimeCompiler.compile(name, bound, previous, extraStages, services);
    }
}
