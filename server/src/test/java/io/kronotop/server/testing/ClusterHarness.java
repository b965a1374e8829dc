package io.kronotop.server.testing;

import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.server.KronotopServer;
import io.kronotop.server.config.KronotopConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Several members in one JVM, sharing one embedded metastore: each has its own data directory and ephemeral
 * ports, as separate processes against one FoundationDB cluster would. {@link #close} stops the members still
 * running (gracefully), closes the metastore, checks for ByteBuf leaks and deletes everything.
 */
public final class ClusterHarness implements AutoCloseable {
    private final Path root;
    private final EmbeddedDatabase metastore;
    private final List<String> common;
    private final List<RunningServer> members = new ArrayList<>();

    private ClusterHarness(Path root, EmbeddedDatabase metastore, List<String> common) {
        this.root = root;
        this.metastore = metastore;
        this.common = common;
    }

    /** A harness whose members all get {@code config} ({@code key=value}) on top of the test defaults. */
    public static ClusterHarness create(String... config) {
        LeakTracker.install();
        try {
            Path root = Files.createTempDirectory("kronotop-cluster-");
            return new ClusterHarness(root, EmbeddedDatabase.open(root.resolve("metastore")), List.of(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared metastore. */
    public EmbeddedDatabase metastore() {
        return metastore;
    }

    /** Starts a member with a new data directory; {@code extra} is applied last. */
    public RunningServer start(String... extra) {
        Path dataDir = root.resolve("member-" + members.size());
        return start(dataDir, extra);
    }

    /** Starts a member on {@code dataDir} (a new one, or one a stopped member left behind). */
    public RunningServer start(Path dataDir, String... extra) {
        KronotopConfig.Builder builder = KronotopConfig.builder()
            .set("data.dir", dataDir.toString())
            .set("server.port", "0")
            .set("admin.port", "0")
            .set("server.reactors", "2")
            .set("server.shutdown.grace_ms", "200")
            .set("volume.segment.size.bytes", "65536")
            .set("stash.durability", "async")
            .set("stash.async.window.ms", "100");
        common.forEach(builder::set);
        for (String assignment : extra) {
            builder.set(assignment);
        }
        RunningServer member = new RunningServer(KronotopServer.start(builder.build(), metastore), dataDir);
        members.add(member);
        return member;
    }

    /** The data directory the next {@link #start()} will use. */
    public Path nextDataDir() {
        return root.resolve("member-" + members.size());
    }

    @Override
    public void close() {
        try {
            for (RunningServer member : members) {
                member.server().close();
            }
            metastore.close();
            LeakTracker.assertNoLeaks();
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
