package io.kronotop.volume;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.test.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Appends and updates of one prefix that share a batch commit in one transaction. */
@Timeout(30)
class VolumeMixedBatchTest {
    private static final String NAME = "redis-shard-1";
    private static final long PREFIX = 0x0D0D_0D0D_0D0D_0D0DL;

    @TempDir
    Path dir;

    @Test
    void shouldCommitUpdatesAndAppendsOfOnePrefixInTheSameBatch() throws Exception {
        VolumeConfig waitForMore = new VolumeConfig(64 * 1024, 8192, 64, 1 << 20, 200_000);
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"));
             Volume volume = Volume.open(dir.resolve(NAME), NAME, waitForMore, db,
                 new Subspace(Tuple.from("volumes", NAME)))) {
            List<Versionstamp> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(volume.append(PREFIX, Payloads.segment(new byte[] {(byte) i})).get());
            }
            List<CompletableFuture<?>> mixed = new ArrayList<>();
            List<CompletableFuture<Versionstamp>> appended = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                appended.add(volume.append(PREFIX, Payloads.segment(new byte[] {(byte) (10 + i)})));
                mixed.add(volume.update(PREFIX, ids.get(i), Payloads.segment(new byte[] {(byte) (20 + i)})));
            }
            mixed.addAll(appended);
            CompletableFuture.allOf(mixed.toArray(new CompletableFuture<?>[0])).get();

            for (int i = 0; i < 4; i++) {
                assertThat(mixed.get(i).get()).isEqualTo(true);
                assertThat(Payloads.bytes(volume.get(PREFIX, ids.get(i)).get())).containsExactly((byte) (20 + i));
                assertThat(Payloads.bytes(volume.get(PREFIX, appended.get(i).get()).get()))
                    .containsExactly((byte) (10 + i));
            }
        }
    }
}
