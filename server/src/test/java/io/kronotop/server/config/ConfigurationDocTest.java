package io.kronotop.server.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/configuration.md documents every key with its real default, so the docs cannot drift. */
class ConfigurationDocTest {
    @Test
    void shouldDocumentEveryKeyWithItsDefault() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8);
        for (ConfigKey key : ConfigKeys.all()) {
            String defaultCell = key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`";
            assertThat(doc).as("row of %s", key.name()).contains("| `" + key.name() + "` | " + defaultCell + " |");
        }
    }
}
