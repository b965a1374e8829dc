package io.kronotop.perf.suite;

import io.kronotop.perf.resp.BlockingRespClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server run as a child process with its output in a log file; stopped with SIGTERM, then SIGKILL. */
abstract class ChildProcessServer implements ServerUnderTest {
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessServer.class);
    private static final long POLL_MS = 100;

    private final String name;
    private final Path workDir;
    private final long startTimeoutMs;
    private final List<String> cpuPrefix;
    private Process process;
    private int port;
    private String version = "?";
    private final java.util.Map<String, String> infoServer = new java.util.HashMap<>();

    /**
     * @param cpuPrefix a command prefix such as {@code [taskset, -c, 0]} to pin the server, or empty
     */
    ChildProcessServer(String name, Path workDir, long startTimeoutMs, List<String> cpuPrefix) {
        this.name = name;
        this.workDir = workDir;
        this.startTimeoutMs = startTimeoutMs;
        this.cpuPrefix = List.copyOf(cpuPrefix);
    }

    /** The command line, for a server listening on {@code port}, with its files under {@code dir}. */
    abstract List<String> command(int port, Path dir) throws IOException;

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int port() {
        return port;
    }

    @Override
    public final String version() {
        return version;
    }

    @Override
    public long cpuTimeNs() {
        Process p = process;
        if (p == null) {
            return -1;
        }
        return p.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    @Override
    public long pid() {
        Process p = process;
        return p == null || !p.isAlive() ? -1 : p.pid();
    }

    Path workDir() {
        return workDir;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        port = freePort();
        Path dir = workDir.resolve(name);
        java.nio.file.Files.createDirectories(dir);
        Path log = dir.resolve("server.log");
        List<String> cmd = new java.util.ArrayList<>(cpuPrefix);
        cmd.addAll(command(port, dir));
        LOG.info("starting {} on port {}: {} (log {})", name, port, String.join(" ", cmd), log);
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startTimeoutMs);
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            if (process.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
                throw new IOException(name + " exited with code " + process.exitValue()
                        + " before answering PING (log: " + log + ")");
            }
            try (BlockingRespClient client = new BlockingRespClient("127.0.0.1", port, 2000)) {
                Object pong = client.call("PING");
                if ("PONG".equals(pong)) {
                    version = readVersion(client);
                    LOG.info("{} ready on port {}, version {}", name, port, version);
                    return;
                }
                lastProblem = "PING answered " + pong;
            } catch (IOException e) {
                lastProblem = e.toString();
            }
        }
        close();
        throw new IOException(name + " did not answer PING within " + startTimeoutMs + " ms: " + lastProblem
                + " (log: " + log + ")");
    }

    /** Reads INFO server: the version (kronotop_version before redis_version) and every field, kept. */
    private String readVersion(BlockingRespClient client) {
        try {
            Object info = client.call("INFO", "server");
            if (info instanceof String text) {
                for (String line : text.split("\r?\n")) {
                    int colon = line.indexOf(':');
                    if (colon > 0 && !line.startsWith("#")) {
                        infoServer.put(line.substring(0, colon), line.substring(colon + 1).trim());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("INFO server failed: {}", e.toString());
        }
        return infoServer.getOrDefault("kronotop_version", infoServer.getOrDefault("redis_version", "?"));
    }

    /** A field of the server's {@code INFO server} read at start, or {@code null}. */
    String infoServer(String field) {
        return infoServer.get(field);
    }

    @Override
    public void close() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                LOG.warn("{} ignored SIGTERM; killing it", name);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
