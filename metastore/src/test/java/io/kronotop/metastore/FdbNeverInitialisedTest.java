package io.kronotop.metastore;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDB;
import com.apple.foundationdb.MutationType;
import com.apple.foundationdb.directory.DirectoryLayer;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The canary of the spec (section B.3): after a workload in embedded mode, the first touch of {@code FDB} must be
 * the one that fails to load the native library ({@code UnsatisfiedLinkError}), proving nothing touched it before.
 * Skipped where a cluster, and so possibly the native library, is available.
 */
@DisabledIfEnvironmentVariable(named = "FDB_CLUSTER_FILE", matches = ".+")
class FdbNeverInitialisedTest {
    @Test
    void shouldNeverInitialiseTheFdbClassInEmbeddedMode(@TempDir Path dir) {
        try (Database db = MetastoreFactory.open(Map.of(), dir)) {
            DirectoryLayer.getDefault().createOrOpen(db, List.of("canary", "dir")).join();
            db.run(tr -> {
                tr.mutate(MutationType.SET_VERSIONSTAMPED_KEY,
                        Versionstamps.packWithVersionstamp(Tuple.from("canary", Versionstamp.incomplete(1))),
                        new byte[]{1});
                return null;
            });
            db.runAsync(tr -> tr.get(new byte[]{1})).join();
        }
        Throwable first = catchThrowable(FDB::isAPIVersionSelected);
        assertThat(first).isInstanceOf(UnsatisfiedLinkError.class);
    }
}
