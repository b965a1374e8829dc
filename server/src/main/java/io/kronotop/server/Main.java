package io.kronotop.server;

import io.kronotop.server.config.ConfigException;
import io.kronotop.server.config.ConfigKeys;
import io.kronotop.server.config.KronotopConfig;
import io.kronotop.server.transport.ServerStartException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Command line of a single Kronotop member: parses flags, starts the server, stops it on SIGTERM/SIGINT. */
@Command(name = "kronotop", mixinStandardHelpOptions = true, version = "Kronotop 0.1.0",
    description = "Runs a Kronotop member in the foreground.")
public final class Main implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./data).")
    private Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", description = "Client port (default 5484; 0 = any free port).")
    private Integer port;

    @Option(names = "--admin-port", paramLabel = "PORT",
        description = "Administration port (default 3320; 0 = any free port).")
    private Integer adminPort;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with configuration keys.")
    private Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "Overrides one configuration key; repeatable. See docs/configuration.md.")
    private List<String> overrides = new ArrayList<>();

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        KronotopConfig config;
        try {
            config = buildConfig();
        } catch (ConfigException e) {
            LOG.error("configuration error: {}", e.getMessage());
            return 2;
        }
        KronotopServer server;
        try {
            server = KronotopServer.start(config);
        } catch (ServerStartException | ConfigException | IllegalStateException e) {
            LOG.error("cannot start: {}", e.getMessage());
            return 1;
        }
        Thread hook = new Thread(server::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.awaitStopped();
        return 0;
    }

    KronotopConfig buildConfig() {
        KronotopConfig.Builder builder = KronotopConfig.builder();
        if (configFile != null) {
            builder.file(configFile);
        }
        if (dataDir != null) {
            builder.set(ConfigKeys.DATA_DIR, dataDir.toString());
        }
        if (port != null) {
            builder.set(ConfigKeys.SERVER_PORT, port.toString());
        }
        if (adminPort != null) {
            builder.set(ConfigKeys.ADMIN_PORT, adminPort.toString());
        }
        for (String assignment : overrides) {
            builder.set(assignment);
        }
        return builder.build();
    }
}
