package io.kronotop.metastore;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.DatabaseOptions;
import com.apple.foundationdb.EventKeeper;
import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.KeyRangeArrayResult;
import com.apple.foundationdb.ReadTransaction;
import com.apple.foundationdb.Tenant;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.tuple.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * An embedded, durable, in-process implementation of FoundationDB's {@link Database} (API version 730).
 *
 * <p>Data lives in an in-memory multi-version ordered map; every commit is made durable in a write-ahead log
 * (group-committed {@code fdatasync}) before its future completes, and checkpoints bound the log. A folder can be
 * open in one process at a time. Close the database to write a final checkpoint and release the folder.
 */
public final class EmbeddedDatabase implements Database {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final AtomicInteger CALLBACK_THREADS = new AtomicInteger();

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final MvccStore store;
    private final WatchRegistry watches;
    private final CommitPipeline pipeline;
    private final ExecutorService executor;
    private final LongSupplier clock;
    private final long memoryLimitBytes;
    private volatile boolean closed;

    // Database-wide transaction defaults (options 26/27, 500-503).
    volatile long defaultTimeoutMs;
    volatile long defaultRetryLimit = -1;
    volatile long defaultMaxRetryDelayMs = 1000;
    volatile long defaultSizeLimit = 10_000_000;
    volatile int defaultSnapshotRywDisables;

    private EmbeddedDatabase(Path dir, FileChannel lockChannel, FileLock lock, MvccStore store,
                             WatchRegistry watches, CommitPipeline pipeline, LongSupplier clock,
                             long memoryLimitBytes) {
        this.dir = dir;
        this.memoryLimitBytes = memoryLimitBytes;
        this.watches = watches;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.store = store;
        this.pipeline = pipeline;
        this.clock = clock;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "metastore-callback-" + CALLBACK_THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens (creating if needed) the embedded metastore in {@code dir} with default settings.
     *
     * @param dir the data folder, used by this process only
     * @return the open database; close it when done
     * @throws FDBException 1510 {@code io_error} if the folder cannot be opened or another process holds it
     */
    public static EmbeddedDatabase open(Path dir) {
        return open(MetastoreConfig.embedded(dir));
    }

    /**
     * Opens the embedded metastore described by {@code config}.
     *
     * @param config an {@code embedded} configuration
     * @return the open database; close it when done
     */
    public static EmbeddedDatabase open(MetastoreConfig config) {
        return open(config, System::nanoTime);
    }

    static EmbeddedDatabase open(MetastoreConfig config, LongSupplier clock) {
        if (!MetastoreConfig.BACKEND_EMBEDDED.equals(config.backend())) {
            throw new IllegalArgumentException("not an embedded configuration: " + config.backend());
        }
        Path dir = config.dir();
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw FdbErrors.error(FdbErrors.IO_ERROR, "metastore folder " + dir
                        + " is already open in another process or database (lock on " + dir.resolve("LOCK") + ")");
            }
            writePid(lockChannel);
            long start = System.nanoTime();
            MvccStore store = new MvccStore();
            Recovery.Result r = Recovery.recover(dir, store);
            store.prune(r.lastVersion(), Integer.MAX_VALUE);
            if (r.replayedRecords() > 0) {
                CommitPipeline.writeCheckpoint(dir, store, r.lastVersion(), null);
            } else {
                for (Path wal : r.walFiles()) {
                    Files.deleteIfExists(wal);
                }
            }
            WriteAheadLog wal = WriteAheadLog.create(dir, r.lastVersion() + 1);
            WatchRegistry watches = new WatchRegistry();
            CommitPipeline pipeline = new CommitPipeline(dir, store, watches, clock, r.lastVersion(), wal,
                    config.memoryLimitBytes(), config.checkpointLogBytes());
            EmbeddedDatabase db = new EmbeddedDatabase(dir, lockChannel, lock, store, watches, pipeline, clock,
                    config.memoryLimitBytes());
            pipeline.start();
            LOG.info("Metastore opened at {}: version {}, checkpoint {}, {} log records replayed, {} bytes live, in {} ms",
                    dir, r.lastVersion(), r.checkpointVersion(), r.replayedRecords(), store.liveKeyValueBytes(),
                    (System.nanoTime() - start) / 1_000_000);
            return db;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw FdbErrors.error(FdbErrors.IO_ERROR, "cannot open metastore folder " + dir + ": " + e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static void writePid(FileChannel ch) throws IOException {
        byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(pid), 0);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    MvccStore store() {
        return store;
    }

    CommitPipeline pipeline() {
        return pipeline;
    }

    WatchRegistry watches() {
        return watches;
    }

    long nowNs() {
        return clock.getAsLong();
    }

    void checkOpen() {
        if (closed) {
            throw FdbErrors.error(FdbErrors.SHUTDOWN_IN_PROGRESS);
        }
    }

    @Override
    public Transaction createTransaction(Executor e) {
        checkOpen();
        return new EmbeddedTransaction(this, e, null);
    }

    @Override
    public Transaction createTransaction(Executor e, EventKeeper eventKeeper) {
        return createTransaction(e);
    }

    @Override
    public Tenant openTenant(Tuple tenantName) {
        throw FdbErrors.error(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public Tenant openTenant(byte[] tenantName, Executor e) {
        throw FdbErrors.error(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public Tenant openTenant(Tuple tenantName, Executor e) {
        throw FdbErrors.error(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public Tenant openTenant(byte[] tenantName, Executor e, EventKeeper eventKeeper) {
        throw FdbErrors.error(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public Tenant openTenant(Tuple tenantName, Executor e, EventKeeper eventKeeper) {
        throw FdbErrors.error(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public DatabaseOptions options() {
        return new DatabaseOptions(this::setOption);
    }

    private void setOption(int code, byte[] param) {
        switch (code) {
            case 20 -> {
                long max = longParam(param);
                if (max < 0 || max > 1_000_000) {
                    throw FdbErrors.error(FdbErrors.INVALID_OPTION_VALUE);
                }
                watches.maxWatches((int) max);
            }
            case 26 -> defaultSnapshotRywDisables = Math.max(0, defaultSnapshotRywDisables - 1);
            case 27 -> defaultSnapshotRywDisables++;
            case 500 -> defaultTimeoutMs = nonNegative(longParam(param));
            case 501 -> defaultRetryLimit = longParam(param);
            case 502 -> defaultMaxRetryDelayMs = nonNegative(longParam(param));
            case 503 -> defaultSizeLimit = sizeLimit(longParam(param));
            default -> {
                // location cache, machine/datacenter ids, causal read risky and the rest: no effect here
            }
        }
    }

    static long longParam(byte[] param) {
        if (param == null || param.length != 8) {
            throw FdbErrors.error(FdbErrors.INVALID_OPTION_VALUE);
        }
        return ByteBuffer.wrap(param).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static long nonNegative(long v) {
        if (v < 0) {
            throw FdbErrors.error(FdbErrors.INVALID_OPTION_VALUE);
        }
        return v;
    }

    static long sizeLimit(long v) {
        if (v < 32 || v > 10_000_000) {
            throw FdbErrors.error(FdbErrors.INVALID_OPTION_VALUE);
        }
        return v;
    }

    @Override
    public double getMainThreadBusyness() {
        return 0.0;
    }

    @Override
    public CompletableFuture<byte[]> purgeBlobGranules(byte[] b, byte[] e, long v, boolean force, Executor ex) {
        return FdbErrors.failed(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public CompletableFuture<Void> waitPurgeGranulesComplete(byte[] purgeKey, Executor ex) {
        return FdbErrors.failed(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public CompletableFuture<Boolean> blobbifyRange(byte[] b, byte[] e, Executor ex) {
        return FdbErrors.failed(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public CompletableFuture<Boolean> blobbifyRangeBlocking(byte[] b, byte[] e, Executor ex) {
        return FdbErrors.failed(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public CompletableFuture<Boolean> unblobbifyRange(byte[] b, byte[] e, Executor ex) {
        return FdbErrors.failed(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public CompletableFuture<KeyRangeArrayResult> listBlobbifiedRanges(byte[] b, byte[] e, int limit, Executor ex) {
        return FdbErrors.failed(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public CompletableFuture<Long> verifyBlobRange(byte[] b, byte[] e, long version, Executor ex) {
        return FdbErrors.failed(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public CompletableFuture<Boolean> flushBlobRange(byte[] b, byte[] e, boolean compact, long version, Executor ex) {
        return FdbErrors.failed(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public CompletableFuture<byte[]> getClientStatus(Executor e) {
        String json = "{\"Healthy\":true,\"Backend\":\"embedded\",\"Version\":" + pipeline.committedVersion()
                + ",\"MemoryBytes\":" + store.memoryBytes() + ",\"MemoryLimitBytes\":" + memoryLimitBytes + ","
                + pipeline.countersJson() + "}";
        return CompletableFuture.completedFuture(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public <T> T read(Function<? super ReadTransaction, T> retryable, Executor e) {
        return RetryLoops.run(this, retryable, e);
    }

    @Override
    public <T> CompletableFuture<T> readAsync(
            Function<? super ReadTransaction, ? extends CompletableFuture<T>> retryable, Executor e) {
        return RetryLoops.runAsync(this, retryable, e);
    }

    @Override
    public <T> T run(Function<? super Transaction, T> retryable, Executor e) {
        return RetryLoops.run(this, retryable, e);
    }

    @Override
    public <T> CompletableFuture<T> runAsync(Function<? super Transaction, ? extends CompletableFuture<T>> retryable,
                                             Executor e) {
        return RetryLoops.runAsync(this, retryable, e);
    }

    @Override
    public Executor getExecutor() {
        return executor;
    }

    /**
     * Simulates a crash for tests: stops the threads and releases the folder without a final checkpoint, leaving
     * the log as a killed process would.
     */
    void crashForTesting() throws IOException, InterruptedException {
        closed = true;
        pipeline.shutdown();
        pipeline.abandonLog();
        lock.release();
        lockChannel.close();
        executor.shutdownNow();
    }

    /** Finishes queued commits, writes a final checkpoint and releases the folder. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            pipeline.shutdown();
            watches.failAll(FdbErrors.SHUTDOWN_IN_PROGRESS);
            pipeline.closeLog();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("closing metastore " + dir, e);
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                LOG.warn("Could not release the lock of {}", dir, e);
            }
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("Metastore closed at {}", dir);
        }
    }
}
