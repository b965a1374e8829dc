package io.kronotop.server.testing;

import io.kronotop.server.KronotopServer;
import io.kronotop.server.config.KronotopConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Backs {@link RealServer}: one server per test class, stopped and its data removed after the class. */
public final class RealServerExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        LeakTracker.install();
        RealServer annotation = context.getRequiredTestClass().getAnnotation(RealServer.class);
        Path dataDir = Files.createTempDirectory("kronotop-it-");
        KronotopConfig.Builder builder = KronotopConfig.builder()
            .set("data.dir", dataDir.toString())
            .set("server.port", "0")
            .set("admin.port", "0")
            .set("server.reactors", "2")
            .set("server.shutdown.grace_ms", "200")
            // the server bootstraps a one-member cluster and opens a volume per shard: keep their segments small
            .set("volume.segment.size.bytes", "1048576")
            // Tests of commands need no fsync per write (the machine has two cores); the persistence ITs ask for
            // sync mode, the production default, explicitly.
            .set("stash.durability", "async")
            .set("stash.async.window.ms", "100");
        if (annotation != null) {
            for (String assignment : annotation.config()) {
                builder.set(assignment);
            }
        }
        KronotopServer server = KronotopServer.start(builder.build());
        context.getStore(NS).put(RunningServer.class, new Handle(new RunningServer(server, dataDir)));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NS).get(RunningServer.class, Handle.class).server;
    }

    /** Stops the server and deletes its data when JUnit closes the class's store. */
    private record Handle(RunningServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.server().close();
            LeakTracker.assertNoLeaks();
            try (Stream<Path> paths = Files.walk(server.dataDir())) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
