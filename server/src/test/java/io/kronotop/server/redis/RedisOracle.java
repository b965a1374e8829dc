package io.kronotop.server.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Debian's redis-server, started on a free port with no persistence, as the oracle the server is compared
 * with. Stopped (and its folder deleted) by {@link #close()}.
 */
final class RedisOracle implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;

    private RedisOracle(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static RedisOracle start() {
        return start(new String[0]);
    }

    /** Started with {@code extra} redis-server options, e.g. {@code --cluster-enabled yes}. */
    static RedisOracle start(String... extra) {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("redis-oracle-");
            List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--loglevel", "warning"));
            command.addAll(List.of(extra));
            Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            RedisOracle oracle = new RedisOracle(process, dir, port);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (RawClient c = new RawClient(port)) {
                    return c.call("PING").equals(Reply.simple("PONG"));
                }
            });
            return oracle;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
