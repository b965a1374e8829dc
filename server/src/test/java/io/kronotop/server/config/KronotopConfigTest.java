package io.kronotop.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KronotopConfigTest {
    @Test
    void shouldUseDefaultsThatWork() {
        ServerConfig config = ServerConfig.from(KronotopConfig.defaults());
        assertThat(config.port()).isEqualTo(5484);
        assertThat(config.adminPort()).isEqualTo(3320);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.transport()).isEqualTo(ServerConfig.TransportKind.AUTO);
        assertThat(config.reactors()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        assertThat(ServerConfig.defaultReactors(1)).isEqualTo(1);
        assertThat(ServerConfig.defaultReactors(2)).isEqualTo(1);
        assertThat(ServerConfig.defaultReactors(16)).isEqualTo(15);
        assertThat(config.limits().maxBulkBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(config.authRequired()).isFalse();
    }

    @Test
    void shouldApplyFileThenOverridesInOrder(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kronotop.properties");
        Files.writeString(file, "# a comment\nserver.port = 7000\nserver.reactors = 3\n");
        KronotopConfig config = KronotopConfig.builder().file(file).set("server.port=7001").build();
        assertThat(ServerConfig.from(config).port()).isEqualTo(7001);
        assertThat(ServerConfig.from(config).reactors()).isEqualTo(3);
    }

    @Test
    void shouldRejectUnknownKeysAndBadValues() {
        assertThatThrownBy(() -> KronotopConfig.builder().set("server.prot=1"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("unknown configuration key 'server.prot'");
        assertThatThrownBy(() -> KronotopConfig.builder().set("server.port"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("expected key=value");
        KronotopConfig badPort = KronotopConfig.builder().set("server.port", "70000").build();
        assertThatThrownBy(() -> ServerConfig.from(badPort))
            .isInstanceOf(ConfigException.class).hasMessageContaining("'server.port' must be between 0 and 65535");
        KronotopConfig badTransport = KronotopConfig.builder().set("server.transport", "dpdk").build();
        assertThatThrownBy(() -> ServerConfig.from(badTransport))
            .isInstanceOf(ConfigException.class).hasMessageContaining("server.transport");
    }
}
