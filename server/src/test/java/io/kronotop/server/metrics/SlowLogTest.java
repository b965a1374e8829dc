package io.kronotop.server.metrics;

import io.kronotop.server.protocol.RespArgs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlowLogTest {
    private static RespArgs args(String... parts) {
        byte[][] bytes = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = parts[i].getBytes(StandardCharsets.UTF_8);
        }
        return RespArgs.of(bytes);
    }

    private static List<String> text(SlowLog.Entry entry) {
        return entry.args().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void shouldLogFromTheThresholdAndKeepTheNewestEntries() {
        SlowLog log = new SlowLog(100, 3);
        assertThat(log.logs(99_999)).isFalse();
        assertThat(log.logs(100_000)).isTrue();
        for (int i = 0; i < 5; i++) {
            log.add(args("SET", "k" + i, "v"), new boolean[3], 100_000 + i * 1000, 1_700_000_000L, "1.2.3.4:5", "");
        }
        assertThat(log.size()).isEqualTo(3);
        List<SlowLog.Entry> latest = log.latest(-1);
        assertThat(latest).extracting(SlowLog.Entry::id).containsExactly(4L, 3L, 2L);
        assertThat(latest.get(0).micros()).isEqualTo(104);
        assertThat(log.latest(1)).hasSize(1);
        assertThat(log.latest(0)).isEmpty();
        log.reset();
        assertThat(log.size()).isZero();
        log.add(args("GET", "k"), new boolean[2], 200_000, 1, "", "");
        assertThat(log.latest(10).get(0).id()).as("ids go on after a reset").isEqualTo(5);
        log.thresholdMicros(-1);
        assertThat(log.logs(Long.MAX_VALUE)).isFalse();
        log.thresholdMicros(0);
        assertThat(log.logs(0)).isTrue();
    }

    @Test
    void shouldCutLongArgumentsAndLongCommandsAsRedisDoes() {
        SlowLog log = new SlowLog(0, 10);
        String[] many = new String[40];
        many[0] = "MSET";
        for (int i = 1; i < many.length; i++) {
            many[i] = i == 1 ? "x".repeat(130) : "a" + i;
        }
        boolean[] redacted = new boolean[many.length];
        redacted[2] = true;
        log.add(args(many), redacted, 0, 0, "", "name");
        List<String> logged = text(log.latest(1).get(0));
        assertThat(logged).hasSize(32);
        assertThat(logged.get(1)).isEqualTo("x".repeat(128) + "... (2 more bytes)");
        assertThat(logged.get(2)).isEqualTo("(redacted)");
        assertThat(logged.get(30)).isEqualTo("a30");
        assertThat(logged.get(31)).isEqualTo("... (9 more arguments)");
        assertThat(log.latest(1).get(0).name()).isEqualTo("name");
    }
}
