package io.kronotop.volume.vacuum;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.kronotop.volume.PrefixRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * MARK-STALE-PREFIXES: a background task ({@value #NAME}) that walks the {@link PrefixRegistry} in batches of
 * {@link #BATCH} registrations, finds the stale ones (binding key gone or rebound), removes their entries from every
 * open volume (the bytes become garbage for vacuum) and then their registration. Its record, {@code (name) ->
 * (state, cursor, startedAtMs)} in the task subspace, holds the last prefix examined, so a restart resumes a RUNNING
 * task; a finished task removes its record. At most one task exists.
 *
 * <p>{@link #start}, {@link #stop}, {@link #remove} block on the metastore: call them off the reactors. The scan runs
 * on its own thread, {@code volume-stale-prefixes}.
 */
public final class StalePrefixTask implements AutoCloseable {
    public static final String NAME = "volume:mark-stale-prefixes-task";
    static final int BATCH = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(StalePrefixTask.class);
    private static final String RUNNING = "RUNNING";
    private static final String STOPPED = "STOPPED";

    private final Database db;
    private final PrefixRegistry registry;
    private final byte[] recordKey;
    private final LongConsumer removePrefix;
    private Thread worker;
    private volatile boolean stopRequested;

    /**
     * @param removePrefix removes every entry of a prefix from the open volumes (blocking)
     */
    public StalePrefixTask(Database db, PrefixRegistry registry, Subspace tasks, LongConsumer removePrefix) {
        this.db = db;
        this.registry = registry;
        this.recordKey = tasks.pack(Tuple.from(NAME));
        this.removePrefix = removePrefix;
    }

    /** Starts the scan from the beginning; fails if the task exists (running or stopped). */
    public synchronized void start(long nowMs) {
        if (readRecord() != null) {
            throw new VacuumException("Task " + NAME + " already exists");
        }
        writeRecord(RUNNING, -1, nowMs);
        launch(-1, nowMs);
    }

    /** Stops a running scan after its current batch; the record stays (STOPPED) until {@link #remove}. */
    public synchronized void stop() throws InterruptedException {
        Tuple record = readRecord();
        if (record == null) {
            throw new VacuumException("Task with name " + NAME + " does not exist");
        }
        halt();
        Tuple after = readRecord();
        if (after != null) {
            writeRecord(STOPPED, after.getLong(1), after.getLong(2));
        }
    }

    /** Stops the task if it runs and deletes its record. */
    public synchronized void remove() throws InterruptedException {
        if (readRecord() == null) {
            throw new VacuumException("Task with name " + NAME + " does not exist");
        }
        halt();
        db.run(tr -> {
            tr.clear(recordKey);
            return null;
        });
    }

    /** Resumes a scan left RUNNING by a crash or a shutdown. */
    public synchronized void resumeIfInterrupted() {
        Tuple record = readRecord();
        if (record != null && record.getString(0).equals(RUNNING) && !running()) {
            LOG.info("resuming {} after prefix {}", NAME, record.getLong(1));
            launch(record.getLong(1), record.getLong(2));
        }
    }

    /** Whether the scan thread runs. */
    public synchronized boolean running() {
        return worker != null && worker.isAlive();
    }

    /** The task's state ({@code RUNNING}, {@code STOPPED}), or null when it does not exist. */
    public String state() {
        Tuple record = readRecord();
        return record == null ? null : record.getString(0);
    }

    private void halt() throws InterruptedException {
        stopRequested = true;
        if (worker != null) {
            worker.join();
        }
    }

    private void launch(long cursor, long startedAtMs) {
        stopRequested = false;
        worker = Thread.ofPlatform().name("volume-stale-prefixes").daemon(true)
            .start(() -> scan(cursor, startedAtMs));
    }

    private void scan(long cursor, long startedAtMs) {
        long after = cursor;
        long stale = 0;
        try {
            while (!stopRequested) {
                byte[] begin = after < 0 ? registry.subspace().range().begin
                    : keyAfter(registry.subspace().pack(Tuple.from(after)));
                byte[] end = registry.subspace().range().end;
                List<KeyValue> batch = db.read(tr -> tr.getRange(begin, end, BATCH).asList().join());
                if (batch.isEmpty()) {
                    db.run(tr -> {
                        tr.clear(recordKey);
                        return null;
                    });
                    LOG.info("{} finished: {} stale prefix(es) removed", NAME, stale);
                    return;
                }
                List<Long> found = staleIn(batch);
                for (long prefix : found) {
                    removePrefix.accept(prefix);
                    db.run(tr -> {
                        byte[] key = registry.subspace().pack(Tuple.from(prefix));
                        byte[] bindingKey = tr.get(key).join();
                        if (bindingKey != null && !PrefixRegistry.binds(prefix, tr.get(bindingKey).join())) {
                            tr.clear(key);
                        }
                        return null;
                    });
                }
                stale += found.size();
                after = registry.subspace().unpack(batch.getLast().getKey()).getLong(0);
                writeRecord(RUNNING, after, startedAtMs);
            }
        } catch (RuntimeException e) {
            LOG.warn("{} interrupted after prefix {}; it resumes at the next start", NAME, after, e);
        }
    }

    private List<Long> staleIn(List<KeyValue> batch) {
        return db.read(tr -> {
            List<CompletableFuture<byte[]>> bindings = new ArrayList<>(batch.size());
            for (KeyValue kv : batch) {
                bindings.add(tr.get(kv.getValue()));
            }
            List<Long> stale = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                long prefix = registry.subspace().unpack(batch.get(i).getKey()).getLong(0);
                if (!PrefixRegistry.binds(prefix, bindings.get(i).join())) {
                    stale.add(prefix);
                }
            }
            return stale;
        });
    }

    private static byte[] keyAfter(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    private Tuple readRecord() {
        byte[] value = db.read(tr -> tr.get(recordKey).join());
        return value == null ? null : Tuple.fromBytes(value);
    }

    private void writeRecord(String state, long cursor, long startedAtMs) {
        byte[] value = Tuple.from(state, cursor, startedAtMs).pack();
        db.run(tr -> {
            tr.set(recordKey, value);
            return null;
        });
    }

    /** Stops the scan thread without recording a stop, so a RUNNING task resumes at the next start. */
    @Override
    public void close() {
        stopRequested = true;
        Thread running;
        synchronized (this) {
            running = worker;
        }
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
