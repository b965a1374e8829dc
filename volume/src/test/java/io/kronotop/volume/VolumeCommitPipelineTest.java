package io.kronotop.volume;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.test.FaultyFileSystem;
import io.kronotop.volume.test.Payloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order of the append pipeline against the real embedded metastore: a batch's metadata commit starts only after
 * its bytes are synced, its appends are acknowledged only after that commit, and the flusher writes and syncs the
 * next batch while the previous batch's commit is still running (the two overlap).
 */
@Timeout(30)
class VolumeCommitPipelineTest {
    private static final String NAME = "bucket-shard-0";
    private static final Subspace SUBSPACE = new Subspace(Tuple.from("volumes", NAME));
    private static final long PREFIX = 0x0C0C_0C0C_0C0C_0C0CL;

    @TempDir
    Path dir;

    private EmbeddedDatabase db;
    private Volume volume;

    @AfterEach
    void close() {
        if (volume != null) {
            volume.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private List<Versionstamp> committedIds() {
        List<Versionstamp> ids = new ArrayList<>();
        volume.forEachEntry(PREFIX, 100, (id, payload) -> ids.add(id)).join();
        return ids;
    }

    @Test
    void shouldSyncTheNextBatchWhileThePreviousBatchsMetadataCommitIsInFlight() throws Exception {
        db = EmbeddedDatabase.open(dir.resolve("metastore"));
        AtomicBoolean holdNextCommit = new AtomicBoolean();
        CompletableFuture<Void> releaseCommit = new CompletableFuture<>();
        volume = Volume.open(dir.resolve(NAME), NAME, VolumeConfig.defaults().withSegmentSizeBytes(1 << 20),
            commitHolding(db, holdNextCommit, releaseCommit), SUBSPACE);
        long syncsBefore = volume.store().flusher().batchesSynced();

        holdNextCommit.set(true);
        CompletableFuture<Versionstamp> first = volume.append(PREFIX, Payloads.segment(new byte[] {1}));
        await().until(() -> volume.store().flusher().batchesSynced() == syncsBefore + 1);
        CompletableFuture<Versionstamp> second = volume.append(PREFIX, Payloads.segment(new byte[] {2}));
        Versionstamp secondId = second.get(10, TimeUnit.SECONDS);

        assertThat(volume.store().flusher().batchesSynced())
            .as("the second batch was written and synced while the first batch's commit was held")
            .isEqualTo(syncsBefore + 2);
        assertThat(first).as("not acknowledged before its metadata commit").isNotDone();
        assertThat(committedIds()).containsExactly(secondId);

        releaseCommit.complete(null);
        Versionstamp firstId = first.get(10, TimeUnit.SECONDS);
        assertThat(committedIds()).containsExactlyInAnyOrder(firstId, secondId);
        assertThat(Payloads.bytes(volume.get(PREFIX, firstId).join())).containsExactly(1);
        assertThat(Payloads.bytes(volume.get(PREFIX, secondId).join())).containsExactly(2);
    }

    @Test
    void shouldCommitMetadataOnlyAfterTheBytesAreSynced() throws Exception {
        db = EmbeddedDatabase.open(dir.resolve("metastore"));
        FaultyFileSystem fs = new FaultyFileSystem(5);
        volume = Volume.open(dir.resolve(NAME), NAME, VolumeConfig.defaults().withSegmentSizeBytes(1 << 20), db,
            SUBSPACE, StoreEnvironment.defaults(NAME).withChannels(fs));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        fs.holdNextForce(entered, release);

        CompletableFuture<Versionstamp> append = volume.append(PREFIX, Payloads.segment(new byte[] {9}));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(append).as("not acknowledged while its sync runs").isNotDone();
        assertThat(committedIds()).as("no metadata while the bytes are not durable").isEmpty();

        release.countDown();
        Versionstamp id = append.get(10, TimeUnit.SECONDS);
        assertThat(committedIds()).containsExactly(id);
        assertThat(volume.store().flusher().durableUpTo()).isNotNull();
    }

    /**
     * {@code db}, except that while {@code holdNext} is set, the next {@code runAsync} transaction (the batch
     * commit) does not reach its commit until {@code release} completes: a slow metadata commit.
     */
    @SuppressWarnings("unchecked")
    private static Database commitHolding(Database db, AtomicBoolean holdNext, CompletableFuture<Void> release) {
        return (Database) Proxy.newProxyInstance(Database.class.getClassLoader(), new Class<?>[] {Database.class},
            (proxy, method, args) -> {
                Object[] actual = args;
                if (method.getName().equals("runAsync") && args != null && args[0] instanceof Function<?, ?> body
                    && holdNext.compareAndSet(true, false)) {
                    Function<Transaction, CompletableFuture<Object>> original =
                        (Function<Transaction, CompletableFuture<Object>>) body;
                    actual = args.clone();
                    actual[0] = (Function<Transaction, CompletableFuture<Object>>) tr ->
                        original.apply(tr).thenCompose(result -> release.thenApply(ignored -> result));
                }
                try {
                    return method.invoke(db, actual);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }
}
