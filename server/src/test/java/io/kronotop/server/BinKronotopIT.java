package io.kronotop.server;

import io.kronotop.server.testing.RedisCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the real {@code bin/kronotop} script as a child process on free ports, talks to it with redis-cli and
 * stops it with SIGTERM.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BinKronotopIT {
    /** Maven runs the tests in the module folder; the script sits beside it. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = ROOT.resolve("bin/kronotop");
    private static final Path STAMP = ROOT.resolve("server/target/.kronotop-built");

    @TempDir
    Path temp;

    @Test
    void shouldServeRedisCliAndExitCleanlyOnSigterm() throws Exception {
        assertThat(SCRIPT).isExecutable();
        Path dataDir = temp.resolve("data");
        Path log = temp.resolve("kronotop.log");
        FileTime stampBefore = Files.exists(STAMP) ? Files.getLastModifiedTime(STAMP) : null;
        markServerBuilt();
        Process process = new ProcessBuilder(SCRIPT.toString(), "--data-dir", dataDir.toString(),
            "--port", "0", "--admin-port", "0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        try {
            Path portsFile = dataDir.resolve(KronotopServer.PORTS_FILE);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .failFast("bin/kronotop exited", () -> !process.isAlive())
                .until(() -> Files.exists(portsFile));
            Map<String, Integer> ports = readPorts(portsFile);
            int port = ports.get("client");
            assertThat(ports.get("admin")).isPositive().isNotEqualTo(port);

            assertThat(RedisCli.run(port, "PING")).isEqualTo("PONG");
            String hello = RedisCli.run(port, "-3", "--no-raw", "HELLO", "3");
            assertThat(hello).contains("1# \"server\" => \"kronotop\"", "\"proto\" => (integer) 3");
            assertThat(RedisCli.run(ports.get("admin"), "PING")).isEqualTo("PONG");

            process.destroy(); // SIGTERM: the script exec'd the JVM, whose shutdown hook closes the server
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
            assertThat(process.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isIn(0, 143);
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("stopped");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- bin/kronotop output ---\n"
                + Files.readString(log, StandardCharsets.UTF_8), e);
        } finally {
            process.destroyForcibly();
            restoreStamp(stampBefore);
        }
    }

    @Test
    void shouldExitWithAClearMessageWhenThePortIsInUse() throws Exception {
        Path log = temp.resolve("kronotop-taken.log");
        FileTime stampBefore = Files.exists(STAMP) ? Files.getLastModifiedTime(STAMP) : null;
        markServerBuilt();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process process = new ProcessBuilder(SCRIPT.toString(), "--data-dir", temp.resolve("data2").toString(),
                "--port", Integer.toString(taken.getLocalPort()), "--admin-port", "0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            try {
                assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("exited").isTrue();
                String output = Files.readString(log, StandardCharsets.UTF_8);
                assertThat(process.exitValue()).as(output).isEqualTo(1);
                assertThat(output).contains("cannot start", "already in use", Integer.toString(taken.getLocalPort()));
            } finally {
                process.destroyForcibly();
            }
        } finally {
            restoreStamp(stampBefore);
        }
    }

    /**
     * The Maven run executing this test has just compiled the server and written its runtime class path, so the
     * script need not rebuild it (which would also compile the sibling modules with {@code -am}). The stamp's
     * previous time is restored afterwards so later runs of the script still rebuild when they should.
     */
    private static void markServerBuilt() throws IOException {
        Path classpath = ROOT.resolve("server/target/runtime-classpath.txt");
        Path classes = ROOT.resolve("server/target/classes/io/kronotop/server/Main.class");
        if (Files.exists(classpath) && Files.exists(classes)) {
            if (!Files.exists(STAMP)) {
                Files.createFile(STAMP);
            }
            Files.setLastModifiedTime(STAMP, FileTime.fromMillis(System.currentTimeMillis()));
        }
    }

    private static void restoreStamp(FileTime before) throws IOException {
        if (before == null) {
            return; // keep the stamp we created: the server was built by this Maven run
        }
        if (Files.exists(STAMP)) {
            Files.setLastModifiedTime(STAMP, before);
        }
    }

    private static Map<String, Integer> readPorts(Path file) throws IOException {
        Map<String, Integer> ports = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            ports.put(line.substring(0, eq), Integer.parseInt(line.substring(eq + 1)));
        }
        assertThat(ports).containsOnlyKeys("client", "admin");
        return ports;
    }
}
