package io.kronotop.server.zmap;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the examples of the seed README's Transaction management, ZMap, Namespaces and Session sections
 * through {@code redis-cli --no-raw}, one connection per {@code @session} block of {@code seed-examples.txt},
 * and compares every printed line with the documented reply. Lines starting with {@code ~} are regular
 * expressions (version numbers and sizes that no two runs share).
 */
@RealServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SeedExamplesIT {
    private record Block(String title, List<String> cliArgs, List<String> commands, List<String> expected) {
    }

    @Test
    void shouldGiveTheDocumentedReplyToEverySeedExample(RunningServer server) throws IOException {
        List<Block> blocks = load();
        assertThat(blocks).hasSizeGreaterThan(10);
        for (Block block : blocks) {
            List<String> args = new ArrayList<>(List.of("--no-raw"));
            args.addAll(block.cliArgs());
            byte[] input = (String.join("\n", block.commands()) + "\n").getBytes(StandardCharsets.UTF_8);
            RedisCli.Result result = RedisCli.runWithInput(server.port(), input, args.toArray(String[]::new));
            assertThat(result.exitCode()).as(block.title()).isZero();
            List<String> actual = List.of(result.stdout().split("\n", -1));
            actual = actual.subList(0, actual.size() - (result.stdout().endsWith("\n") ? 1 : 0));
            assertThat(actual).as("%s: output was%n%s", block.title(), result.stdout())
                .hasSameSizeAs(block.expected());
            for (int i = 0; i < actual.size(); i++) {
                String want = block.expected().get(i);
                if (want.startsWith("~")) {
                    assertThat(actual.get(i)).as("%s line %d", block.title(), i + 1).matches(want.substring(1));
                } else {
                    assertThat(actual.get(i)).as("%s line %d", block.title(), i + 1).isEqualTo(want);
                }
            }
        }
    }

    private static List<Block> load() throws IOException {
        String text;
        try (InputStream in = SeedExamplesIT.class.getResourceAsStream("seed-examples.txt")) {
            assertThat(in).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Block> blocks = new ArrayList<>();
        Block current = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@session")) {
                String rest = line.substring("@session".length()).trim();
                int bar = rest.indexOf('|');
                List<String> cliArgs = bar < 0 || rest.substring(0, bar).isBlank() ? List.of()
                    : List.of(rest.substring(0, bar).trim().split("\\s+"));
                current = new Block(bar < 0 ? rest : rest.substring(bar + 1).trim(), cliArgs, new ArrayList<>(),
                    new ArrayList<>());
                blocks.add(current);
            } else if (line.startsWith("> ")) {
                current.commands().add(line.substring(2));
            } else {
                current.expected().add(line);
            }
        }
        return blocks;
    }
}
