package io.kronotop.server.zmap;

import io.kronotop.server.testing.RedisCli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays a transcript through one {@code redis-cli --no-raw} connection and compares every printed line with
 * the transcript's. An expected line starting with {@code ~} is a regular expression.
 */
public record CliReplay(String title, List<String> cliArgs, List<String> commands, List<String> expected) {
    public static CliReplay of(String title, List<String> cliArgs) {
        return new CliReplay(title, cliArgs, new ArrayList<>(), new ArrayList<>());
    }

    public void run(int port) {
        List<String> args = new ArrayList<>(List.of("--no-raw"));
        args.addAll(cliArgs);
        byte[] input = (String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8);
        RedisCli.Result result = RedisCli.runWithInput(port, input, args.toArray(String[]::new));
        assertThat(result.exitCode()).as(title).isZero();
        String out = result.stdout();
        List<String> actual = out.isEmpty() ? List.of() : List.of(out.split("\n", -1));
        if (out.endsWith("\n")) {
            actual = actual.subList(0, actual.size() - 1);
        }
        assertThat(actual).as("%s: output was%n%s", title, out).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            String want = expected.get(i);
            if (want.startsWith("~")) {
                assertThat(actual.get(i)).as("%s line %d", title, i + 1).matches(want.substring(1));
            } else {
                assertThat(actual.get(i)).as("%s line %d", title, i + 1).isEqualTo(want);
            }
        }
    }
}
