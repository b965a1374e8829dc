package io.kronotop.server.zmap;

import io.kronotop.server.testing.RealServer;
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
    @Test
    void shouldGiveTheDocumentedReplyToEverySeedExample(RunningServer server) throws IOException {
        List<CliReplay> blocks = load();
        assertThat(blocks).hasSizeGreaterThan(10);
        for (CliReplay block : blocks) {
            block.run(server.port());
        }
    }

    private static List<CliReplay> load() throws IOException {
        String text;
        try (InputStream in = SeedExamplesIT.class.getResourceAsStream("seed-examples.txt")) {
            assertThat(in).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<CliReplay> blocks = new ArrayList<>();
        CliReplay current = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@session")) {
                String rest = line.substring("@session".length()).trim();
                int bar = rest.indexOf('|');
                List<String> cliArgs = bar < 0 || rest.substring(0, bar).isBlank() ? List.of()
                    : List.of(rest.substring(0, bar).trim().split("\\s+"));
                current = CliReplay.of(bar < 0 ? rest : rest.substring(bar + 1).trim(), cliArgs);
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
