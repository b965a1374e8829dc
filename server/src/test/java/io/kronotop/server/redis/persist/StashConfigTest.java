package io.kronotop.server.redis.persist;

import io.kronotop.server.config.ConfigException;
import io.kronotop.server.config.KronotopConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StashConfigTest {
    @Test
    void shouldDefaultToSyncWithAOneSecondWindow() {
        assertThat(StashConfig.from(KronotopConfig.defaults())).isEqualTo(StashConfig.defaults());
        assertThat(StashConfig.defaults().durability()).isEqualTo(StashDurability.SYNC);
        assertThat(StashConfig.defaults().asyncWindowMs()).isEqualTo(1000);
    }

    @Test
    void shouldReadTheStashKeys() {
        StashConfig config = StashConfig.from(KronotopConfig.builder().set("stash.durability", "ASYNC")
            .set("stash.async.window.ms", "250").set("stash.async.max_pending_bytes", "4096")
            .set("stash.recovery.page_entries", "77").set("stash.stage.max_bytes", "0")
            .set("stash.stage.move_bytes", "1000").set("stash.stage.move_after.ms", "5")
            .set("stash.patch.min_bytes", "0").build());
        assertThat(config).isEqualTo(new StashConfig(StashDurability.ASYNC, 250, 4096, 77, 32L << 20, 0, 1000, 5, 0));
    }

    @Test
    void shouldRejectBadValuesByName() {
        assertThatThrownBy(() -> StashConfig.from(KronotopConfig.builder().set("stash.durability", "always")
            .build())).isInstanceOf(ConfigException.class).hasMessageContaining("stash.durability");
        assertThatThrownBy(() -> StashConfig.from(KronotopConfig.builder().set("stash.async.window.ms", "0")
            .build())).isInstanceOf(ConfigException.class).hasMessageContaining("stash.async.window.ms");
        assertThatThrownBy(() -> StashConfig.from(KronotopConfig.builder().set("stash.stage.max_bytes", "90001")
            .build())).isInstanceOf(ConfigException.class).hasMessageContaining("stash.stage.max_bytes");
    }
}
