package io.kronotop.server.transport;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's redis-benchmark against the server: it reads CONFIG GET save/appendonly first, then drives inline and
 * multibulk PINGs over many connections, with and without pipelining. Only correctness is asserted, no rates.
 */
@RealServer
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisBenchmarkIT {

    @Test
    void shouldCompleteRedisBenchmarkPingsWithoutErrors(RunningServer server) throws Exception {
        String out = benchmark(server.port(), "-t", "ping", "-n", "2000", "-c", "20", "-q");
        assertThat(out).contains("PING_INLINE: ", "PING_MBULK: ", "requests per second")
            .doesNotContain("WARNING", "Error", "ERR");
    }

    @Test
    void shouldCompletePipelinedResp3RedisBenchmarkPingsWithoutErrors(RunningServer server) throws Exception {
        String out = benchmark(server.port(), "-3", "-t", "ping", "-n", "5000", "-c", "10", "-P", "16", "-q");
        assertThat(out).contains("PING_INLINE: ", "PING_MBULK: ").doesNotContain("WARNING", "Error", "ERR");
        try (RespClient c = RespClient.connect(server.port())) {
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    private static String benchmark(int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p",
            Integer.toString(port)));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("redis-benchmark-", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("redis-benchmark did not finish: "
                    + Files.readString(output, StandardCharsets.UTF_8));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
