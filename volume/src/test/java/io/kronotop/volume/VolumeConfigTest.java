package io.kronotop.volume;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VolumeConfigTest {
    @Test
    void shouldUseDefaultsForMissingKeys() {
        assertThat(VolumeConfig.from(Map.of())).isEqualTo(VolumeConfig.defaults());
        assertThat(VolumeConfig.defaults().segmentSizeBytes()).isEqualTo(4L * 1024 * 1024 * 1024);
    }

    @Test
    void shouldReadEveryDocumentedKey() {
        VolumeConfig config = VolumeConfig.from(Map.of(
            "volume.segment.size.bytes", "1_048_576",
            "volume.entry.max.bytes", "65536",
            "volume.flush.max_batch_entries", "16",
            "volume.flush.max_batch_bytes", "1000000",
            "volume.flush.max_delay_us", "250"));
        assertThat(config).isEqualTo(new VolumeConfig(1 << 20, 65536, 16, 1_000_000, 250));
    }

    @Test
    void shouldListExactlyTheKeysItReads() {
        assertThat(VolumeConfig.KEYS).hasSize(5);
        for (String key : VolumeConfig.KEYS) {
            assertThatThrownBy(() -> VolumeConfig.from(Map.of(key, "not-a-number")))
                .as(key).hasMessageContaining(key);
        }
    }

    @Test
    void shouldRejectValuesOutOfRangeNamingTheKey() {
        assertThatThrownBy(() -> VolumeConfig.from(Map.of("volume.segment.size.bytes", "1000")))
            .hasMessageContaining("volume.segment.size.bytes");
        assertThatThrownBy(() -> VolumeConfig.from(Map.of("volume.segment.size.bytes", "1048577")))
            .hasMessageContaining("multiple of 8");
        assertThatThrownBy(() -> VolumeConfig.from(Map.of("volume.flush.max_batch_entries", "0")))
            .hasMessageContaining("volume.flush.max_batch_entries");
        assertThatThrownBy(() -> VolumeConfig.from(Map.of("volume.flush.max_delay_us", "soon")))
            .hasMessageContaining("volume.flush.max_delay_us");
    }
}
