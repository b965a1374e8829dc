package io.kronotop.server.redis.persist;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.server.error.MetastoreErrors;
import io.kronotop.volume.Volume;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Persists one REDIS shard's keyspace in the shard's {@link Volume}, under one prefix: a string key is one entry,
 * a hash is one entry per field plus one for its expiry (see {@link StashRecordDescriptor}). The shard keeps its
 * data in memory and reports each change here; this class keeps, per key, the volume entry ids (an index of about
 * 150 bytes per string key and 120 per hash field, so the keyspace needs no persistence fields of its own).
 *
 * <p>Ordering: each slot (a string key, one hash field, a hash's expiry) has at most one volume operation in
 * flight; later changes wait, coalesced into one (the latest), and run when it completes, so a delete of a key
 * whose append is still in flight waits for the entry id, an update never races a delete, and two writes of a
 * key in one batch become one. Every record carries a per-shard sequence number taken in command order; after a
 * crash, recovery keeps the newest record of each key, so a type change (DEL then SET, SET over a hash) is
 * resolved the same way whichever of its writes reached the disk.
 *
 * <p>Durability ({@link StashConfig#durability()}): in {@code SYNC} mode every returned stage completes once the
 * change is durable (record synced, metadata committed; group commit batches them). In {@code ASYNC} mode it
 * completes at once and the change is written at the next tick of {@code stash.async.window.ms}; beyond
 * {@code stash.async.max_pending_bytes} of backlog, writes complete only once durable (backpressure).
 *
 * <p>Threads: every method on the owner reactor thread only ({@code owner}); nothing here blocks it. Volume
 * completions hop back to the owner, so returned stages complete on the owner thread. Byte arrays passed in are
 * retained (keys, fields) or read later (values are copied into a record at once): do not modify them after the
 * call.
 */
public final class ShardPersistence {
    /** No expiry. */
    public static final long NO_EXPIRY = StashRecordDescriptor.NO_EXPIRY;
    private static final Logger LOG = LoggerFactory.getLogger(ShardPersistence.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Volume volume;
    private final long prefix;
    private final StashConfig config;
    private final EventExecutor owner;
    private final LongSupplier clockMs;
    private final boolean sync;
    private final DeleteBatcher deletes;
    private final Map<ByteKey, KeyState> index = new HashMap<>();
    private final ByteKey probe = new ByteKey(new byte[0]);
    private final ArrayDeque<Slot> dirtyQueue = new ArrayDeque<>();
    private final Set<Slot> busy = new HashSet<>();
    private final FailedSlots failed;
    private ScheduledFuture<?> ticker;
    private long nextSequence = 1;
    private boolean recovered;
    private boolean ready;
    private boolean closed;
    private long entries;
    private long backlogBytes;
    private long failedWrites;

    /**
     * @param volume  the shard's volume (opened and closed by its owner)
     * @param db      the metastore the volume's metadata lives in (deletes are grouped into its transactions)
     * @param prefix  the 8-byte prefix of this shard's entries in the volume
     * @param owner   the shard's owner reactor
     * @param clockMs wall clock in ms, for dropping expired keys at recovery
     */
    public ShardPersistence(Volume volume, Database db, long prefix, StashConfig config, EventExecutor owner,
                            LongSupplier clockMs) {
        this.volume = volume;
        this.prefix = prefix;
        this.config = config;
        this.owner = owner;
        this.clockMs = clockMs;
        this.sync = config.durability() == StashDurability.SYNC;
        this.deletes = new DeleteBatcher(volume, db, prefix, owner);
        this.failed = new FailedSlots(volume.name(), owner, this::issue);
    }

    /**
     * Rebuilds the shard: streams every live record to {@code visitor} (on the owner thread), drops expired keys
     * and superseded records and deletes them from the volume, and fills the index. Call once; writes are refused
     * until the stage completes (after the clean-up deletes are committed).
     */
    public CompletionStage<RecoverySummary> recover(RecoveryVisitor visitor) {
        assert owner.inEventLoop();
        if (recovered) {
            return CompletableFuture.failedFuture(new IllegalStateException("shard already recovered"));
        }
        recovered = true;
        StashLoader loader = new StashLoader(this, clockMs.getAsLong());
        return volume.forEachEntry(prefix, config.recoveryPageEntries(), loader::onEntry)
            .thenComposeAsync(count -> loader.resolve(visitor), owner)
            .thenApplyAsync(summary -> {
                nextSequence = summary.nextSequence();
                ready = true;
                if (!sync) {
                    ticker = owner.scheduleAtFixedRate(this::tick, config.asyncWindowMs(), config.asyncWindowMs(),
                        TimeUnit.MILLISECONDS);
                }
                LOG.info("stash {}/{}: recovered {} strings, {} hashes ({} fields) from {} entries; {} expired, "
                        + "{} superseded, {} unreadable", volume.name(), Long.toHexString(prefix), summary.strings(),
                    summary.hashes(), summary.hashFields(), summary.entries(), summary.expiredKeys(),
                    summary.supersededEntries(), summary.unreadableEntries());
                return summary;
            }, owner);
    }

    /** SET and friends, also EXPIRE/PERSIST of a string (with its current value). Replaces a hash of that key. */
    public CompletionStage<Void> putString(byte[] key, byte[] value, long expiryAtMs) {
        KeyState state = keyState(key, true);
        List<Slot> replaced = state.hasHashSlots() ? state.detachHash() : null;
        if (state.string == null) {
            state.string = new Slot(state, null, StashRecordDescriptor.TYPE_STRING);
        }
        CompletableFuture<Void> written = enqueue(state.string,
            StashRecordDescriptor.encodeString(nextSequence++, key, value, expiryAtMs));
        deleteAfter(state.string, replaced);
        return written;
    }

    /** HSET of one field. Replaces a string of that key. */
    public CompletionStage<Void> putHashField(byte[] key, byte[] field, byte[] value) {
        KeyState state = keyState(key, true);
        List<Slot> replaced = state.string != null ? state.detachString() : null;
        Slot slot = state.field(probe.wrap(field));
        if (slot == null) {
            slot = state.addField(field);
        }
        CompletableFuture<Void> written = enqueue(slot,
            StashRecordDescriptor.encodeHashField(nextSequence++, key, field, value));
        deleteAfter(slot, replaced);
        return written;
    }

    /** HDEL of one field. When it removes the last field, call {@link #deleteKey} instead (or as well). */
    public CompletionStage<Void> deleteHashField(byte[] key, byte[] field) {
        KeyState state = keyState(key, false);
        Slot slot = state == null ? null : state.field(probe.wrap(field));
        return slot == null ? DONE : delete(slot);
    }

    /** EXPIRE/PERSIST of a hash: sets its expiry, or clears it with {@link #NO_EXPIRY}. */
    public CompletionStage<Void> setHashExpiry(byte[] key, long expiryAtMs) {
        if (expiryAtMs < 0) {
            KeyState state = keyState(key, false);
            return state == null || state.hashExpiry == null ? DONE : delete(state.hashExpiry);
        }
        KeyState state = keyState(key, true);
        if (state.hashExpiry == null) {
            state.hashExpiry = new Slot(state, null, StashRecordDescriptor.TYPE_HASH_EXPIRY);
        }
        return enqueue(state.hashExpiry, StashRecordDescriptor.encodeHashExpiry(nextSequence++, key, expiryAtMs));
    }

    /** DEL, UNLINK, GETDEL, expiry: removes every entry of the key. */
    public CompletionStage<Void> deleteKey(byte[] key) {
        KeyState state = keyState(key, false);
        return state == null ? DONE : deleteSlots(state);
    }

    /** FLUSHDB/FLUSHALL: removes every entry of the shard. */
    public CompletionStage<Void> clear() {
        checkWritable();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (KeyState state : new ArrayList<>(index.values())) {
            all.add(deleteSlots(state));
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
    }

    /**
     * Hands every pending change to the volume now (async mode) and completes once everything submitted before
     * this call is durable (both modes). Fails if any of those writes failed.
     */
    public CompletionStage<Void> flush() {
        assert owner.inEventLoop();
        tick();
        List<CompletableFuture<Void>> waits = new ArrayList<>(busy.size());
        for (Slot slot : busy) {
            if (slot.dirty) {
                if (slot.pendingDone == null) {
                    slot.pendingDone = new CompletableFuture<>();
                }
                waits.add(slot.pendingDone);
            } else if (slot.inFlight) {
                waits.add(slot.inFlightDone);
            }
        }
        return CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]));
    }

    /** Flushes, then stops the async ticker; later writes are refused. The volume stays open (its owner closes it). */
    public CompletionStage<Void> close() {
        assert owner.inEventLoop();
        return flush().whenCompleteAsync((ignored, error) -> {
            closed = true;
            if (ticker != null) {
                ticker.cancel(false);
            }
            failed.close();
        }, owner);
    }

    /** Counts for INFO. */
    public PersistenceStats stats() {
        assert owner.inEventLoop();
        long dirty = 0;
        long inFlight = 0;
        for (Slot slot : busy) {
            dirty += slot.dirty ? 1 : 0;
            inFlight += slot.inFlight ? 1 : 0;
        }
        return new PersistenceStats(index.size(), entries, dirty, inFlight, backlogBytes, failedWrites,
            failed.size());
    }

    /**
     * Why writes to this shard should be refused: the error of the last failed volume operation while some change
     * could not be written and waits to be tried again ({@link FailedSlots}); null when every change handed over
     * so far is durable or on its way. Owner thread.
     */
    public Throwable writeError() {
        return failed.error();
    }

    // ---- recovery hooks (StashLoader, owner thread) ----

    Volume volume() {
        return volume;
    }

    long prefix() {
        return prefix;
    }

    String volumeName() {
        return volume.name();
    }

    DeleteBatcher deletes() {
        return deletes;
    }

    /** Records a recovered entry in the index. */
    void onRecovered(byte[] key, byte[] field, byte type, Versionstamp id) {
        KeyState state = index.computeIfAbsent(new ByteKey(key), KeyState::new);
        Slot slot = switch (type) {
            case StashRecordDescriptor.TYPE_STRING -> state.string = new Slot(state, null, type);
            case StashRecordDescriptor.TYPE_HASH_EXPIRY -> state.hashExpiry = new Slot(state, null, type);
            default -> state.addField(field);
        };
        slot.entryId(id);
        entries++;
    }

    // ---- the slot machinery ----

    private KeyState keyState(byte[] key, boolean create) {
        checkWritable();
        KeyState state = index.get(probe.wrap(key));
        if (state == null && create) {
            ByteKey stored = new ByteKey(key);
            state = new KeyState(stored);
            index.put(stored, state);
        }
        return state;
    }

    private void checkWritable() {
        assert owner.inEventLoop();
        if (!ready || closed) {
            throw new IllegalStateException(closed ? "shard persistence is closed" : "not recovered yet");
        }
    }

    private CompletableFuture<Void> deleteSlots(KeyState state) {
        List<Slot> slots = state.slots();
        if (slots.size() == 1) {
            return delete(slots.getFirst());
        }
        CompletableFuture<?>[] waits = new CompletableFuture<?>[slots.size()];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = delete(slots.get(i));
        }
        return CompletableFuture.allOf(waits);
    }

    /**
     * A type change: the slots of the key's old type, already detached from it (so later commands on the key
     * cannot reach them), are deleted only once {@code slot}, which holds the new record, has been written. A
     * crash in between leaves both, and recovery keeps the newer; deleting first could leave neither. This holds
     * in async mode too (the deletes would otherwise commit before the new record's batch), and when the write
     * fails, until a retry writes it.
     */
    private void deleteAfter(Slot slot, List<Slot> replaced) {
        if (replaced == null) {
            return;
        }
        if (slot.deleteOnceWritten == null) {
            slot.deleteOnceWritten = new ArrayList<>(replaced);
        } else {
            slot.deleteOnceWritten.addAll(replaced);
        }
    }

    private void deleteAll(List<Slot> slots) {
        for (Slot slot : slots) {
            delete(slot);
        }
    }

    private CompletableFuture<Void> delete(Slot slot) {
        nextSequence++;
        return enqueue(slot, null);
    }

    /** Makes {@code record} (null: delete) the slot's next operation and returns what the caller waits for. */
    private CompletableFuture<Void> enqueue(Slot slot, byte[] record) {
        if (slot.dirty) {
            backlogBytes -= slot.pendingRecord == null ? 0 : slot.pendingRecord.length;
        } else {
            slot.dirty = true;
            busy.add(slot);
        }
        slot.pendingRecord = record;
        backlogBytes += record == null ? 0 : record.length;
        boolean wait = sync || backlogBytes > config.asyncMaxPendingBytes();
        CompletableFuture<Void> waiter = DONE;
        if (wait) {
            if (slot.pendingDone == null) {
                slot.pendingDone = new CompletableFuture<>();
            }
            waiter = slot.pendingDone;
        }
        if (!slot.inFlight) {
            if (wait) {
                issue(slot);
                if (!sync) {
                    tick();
                }
            } else if (!slot.queued) {
                slot.queued = true;
                dirtyQueue.add(slot);
            }
        }
        return waiter;
    }

    /** Async window: hands every queued dirty slot that is not in flight to the volume. */
    private void tick() {
        Slot slot;
        while ((slot = dirtyQueue.poll()) != null) {
            slot.queued = false;
            if (slot.dirty && !slot.inFlight) {
                issue(slot);
            }
        }
    }

    private void issue(Slot slot) {
        byte[] record = slot.pendingRecord;
        CompletableFuture<Void> done = slot.pendingDone != null ? slot.pendingDone : new CompletableFuture<>();
        slot.pendingRecord = null;
        slot.pendingDone = null;
        slot.dirty = false;
        slot.inFlight = true;
        slot.inFlightDone = done;
        slot.inFlightRecord = record;
        if (record == null) {
            if (!slot.hasEntry) {
                onDone(slot, null);
                return;
            }
            deletes.submit(slot.entryId()).whenCompleteAsync((ignored, error) -> {
                if (error == null) {
                    slot.hasEntry = false;
                    entries--;
                }
                onDone(slot, error);
            }, owner);
        } else if (slot.hasEntry) {
            volume.update(prefix, slot.entryId(), MemorySegment.ofArray(record))
                .whenCompleteAsync((updated, error) -> {
                    if (error == null && !updated) {
                        LOG.warn("stash {}: entry of a {} record vanished; appending it again", volume.name(),
                            slot.type);
                        slot.hasEntry = false;
                        entries--;
                        append(slot, record);
                        return;
                    }
                    onDone(slot, error);
                }, owner);
        } else {
            append(slot, record);
        }
    }

    private void append(Slot slot, byte[] record) {
        volume.append(prefix, MemorySegment.ofArray(record)).whenCompleteAsync((id, error) -> {
            if (error == null) {
                slot.entryId(id);
                entries++;
            }
            onDone(slot, error);
        }, owner);
    }

    private void onDone(Slot slot, Throwable error) {
        CompletableFuture<Void> done = slot.inFlightDone;
        byte[] record = slot.inFlightRecord;
        backlogBytes -= record == null ? 0 : record.length;
        slot.inFlight = false;
        slot.inFlightDone = null;
        slot.inFlightRecord = null;
        if (error != null) {
            boolean retry = onFailed(slot, record, error);
            done.completeExceptionally(error);
            if (retry) {
                return; // the slot's pending change, failed or newer, goes with the next retry
            }
        } else {
            done.complete(null);
            failed.settled(slot);
            List<Slot> replaced = slot.deleteOnceWritten;
            if (replaced != null) {
                slot.deleteOnceWritten = null;
                deleteAll(replaced);
            }
        }
        if (slot.dirty) {
            issue(slot);
        } else {
            busy.remove(slot);
            if (slot.idle() && slot.key.remove(slot)) {
                index.remove(slot.key.key, slot.key);
            }
        }
    }

    /**
     * Keeps a failed change so that memory and volume meet again: unless a newer change of the slot already waits,
     * the failed record (or delete) becomes the slot's pending change, and the retry timer issues it. Until every
     * failed slot has been written, {@link #writeError()} tells the keyspace to refuse writes (Redis's MISCONF).
     *
     * @return whether the slot waits for a retry (false for a record the volume can never take)
     */
    private boolean onFailed(Slot slot, byte[] record, Throwable error) {
        failedWrites++;
        if (MetastoreErrors.unwrap(error) instanceof IllegalArgumentException) {
            // a record this volume can never take (larger than a segment): trying again cannot help, and the
            // volume works for every other change
            if (Long.bitCount(failedWrites) == 1) {
                LOG.error("stash {}: a record was refused by the volume and is kept in memory only ({} failed "
                    + "writes so far)", volume.name(), failedWrites, error);
            }
            failed.settled(slot);
            return false;
        }
        if (!slot.dirty) {
            slot.dirty = true;
            slot.pendingRecord = record;
            backlogBytes += record == null ? 0 : record.length;
        }
        failed.add(slot, error, failedWrites);
        return true;
    }
}
