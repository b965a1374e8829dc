package io.kronotop.server.zmap;

import io.kronotop.server.testing.RealServer;
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
 * Runs the examples of the transaction, ZMap, namespace and session pages of {@code docs/commands}: every
 * fenced {@code text} block with {@code 127.0.0.1:5484>} prompts is one redis-cli connection, replayed in page
 * order against one server, and must print exactly what the page shows.
 */
@RealServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DocsExamplesIT {
    private static final String PROMPT = "127.0.0.1:5484> ";
    private static final List<String> PAGES = List.of("transactions.md", "zmap.md", "namespaces.md", "sessions.md");

    @Test
    void shouldPrintWhatTheDocsShow(RunningServer server) throws IOException {
        int replayed = 0;
        for (String page : PAGES) {
            for (CliReplay block : blocks(page)) {
                block.run(server.port());
                replayed++;
            }
        }
        assertThat(replayed).isGreaterThanOrEqualTo(15);
    }

    private static List<CliReplay> blocks(String page) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "commands", page), StandardCharsets.UTF_8);
        List<CliReplay> blocks = new ArrayList<>();
        CliReplay current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (current == null && line.equals("```text")) {
                current = CliReplay.of(page + ":" + (i + 1), List.of());
            } else if (current != null && line.equals("```")) {
                if (!current.commands().isEmpty()) {
                    blocks.add(current);
                }
                current = null;
            } else if (current != null && line.startsWith(PROMPT)) {
                current.commands().add(line.substring(PROMPT.length()));
            } else if (current != null) {
                current.expected().add(line);
            }
        }
        return blocks;
    }
}
