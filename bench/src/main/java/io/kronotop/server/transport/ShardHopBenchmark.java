package io.kronotop.server.transport;

import io.kronotop.server.KronotopServer;
import io.kronotop.server.config.KronotopConfig;
import io.kronotop.server.redis.SlotHash;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cost of the hop to another reactor: a GET over loopback on a key whose shard the connection's own reactor
 * owns (run inline) against a key owned by the other reactor (handed over and back), single and 16 pipelined.
 * Two reactors, two shards: shard 0 on reactor 0, shard 1 on reactor 1. Scores are per round trip (one GET, or
 * {@code pipeline} GETs sent together).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled"})
@State(Scope.Thread)
public class ShardHopBenchmark {
    @Param({"local", "remote"})
    public String owner;

    @Param({"1", "16"})
    public int pipeline;

    private KronotopServer server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] request;
    private byte[] scratch;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("kronotop-hop-bench-");
        server = KronotopServer.start(KronotopConfig.builder().set("data.dir", dir.toString())
            .set("server.port", "0").set("admin.port", "0").set("server.reactors", "2")
            .set("cluster.redis.shards", "2").build());
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = socket.getOutputStream();
        int reactor = myReactor();
        // Slots 0-8191 are shard 0 (reactor 0), 8192-16383 shard 1 (reactor 1).
        int wantedShard = owner.equals("local") ? reactor : 1 - reactor;
        String key = null;
        for (int i = 0; key == null; i++) {
            String candidate = "k" + i;
            int shard = SlotHash.slot(candidate.getBytes(StandardCharsets.US_ASCII)) < 8192 ? 0 : 1;
            if (shard == wantedShard) {
                key = candidate;
            }
        }
        call("SET " + key + " value-of-sixteen");
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < pipeline; i++) {
            batch.writeBytes(("*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        }
        request = batch.toByteArray();
        scratch = new byte[pipeline * "$16\r\nvalue-of-sixteen\r\n".length()];
    }

    private int myReactor() throws IOException {
        String info = call("CLIENT INFO");
        Matcher m = Pattern.compile("reactor=(\\d+)").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no reactor in " + info);
        }
        return Integer.parseInt(m.group(1));
    }

    /** An inline command; returns the reply's first line or bulk text. */
    private String call(String inline) throws IOException {
        out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            line.append((char) b);
        }
        if (line.charAt(0) == '$') {
            int length = Integer.parseInt(line.substring(1, line.length() - 1));
            byte[] data = in.readNBytes(length + 2);
            return new String(data, 0, length, StandardCharsets.UTF_8);
        }
        return line.toString();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        socket.close();
        server.close();
    }

    @Benchmark
    public int get() throws IOException {
        out.write(request);
        out.flush();
        int read = 0;
        while (read < scratch.length) {
            int n = in.read(scratch, read, scratch.length - read);
            if (n < 0) {
                throw new IOException("closed");
            }
            read += n;
        }
        return read;
    }
}
