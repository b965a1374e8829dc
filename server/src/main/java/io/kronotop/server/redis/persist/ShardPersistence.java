package io.kronotop.server.redis.persist;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.KeySelector;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.MutationType;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.Versionstamps;
import io.kronotop.server.error.MetastoreErrors;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeStatus;
import io.kronotop.volume.VolumeStatusException;
import io.kronotop.volume.vacuum.Vacuum;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Persists one REDIS shard's keyspace in the shard's {@link Volume}, under one prefix, as a log of packs: each
 * flush writes the changed slots' records (a string key, one hash field, a hash's expiry; a tombstone for a delete)
 * into one pack, a single volume entry ({@link StashPack}). The metadata cost of a flush is one entry however many
 * keys it carries, instead of one entry update per key. The shard keeps its data in memory and reports each change
 * here; this class keeps, per slot, which pack holds its newest durable record, and {@link PackLog} deletes packs
 * none of whose records is live, oldest first.
 *
 * <p>Ordering: up to {@link #MAX_FLUSHES_IN_FLIGHT} flushes are in flight at a time, so that one flush's volume sync
 * overlaps the metadata commit of the one before; but a slot is in at most one of them. A change to a slot whose
 * record is in flight waits, coalesced with later ones (the latest wins), until that record has been written, so
 * a slot's records reach the volume in command order. Flushes may commit in any order, and their packs take their
 * place in the log by id (commit order). Every record carries a per-shard sequence number taken in command order;
 * recovery keeps the newest record of each slot and drops slots whose newest record is a tombstone, so a type
 * change (DEL then SET, SET over a hash), whose records are in different slots and may be in different flushes,
 * resolves the same way whichever of its packs reached the disk.
 *
 * <p>Staging: a pack of at most {@link StashConfig#stageMaxBytes()} is made durable by one metastore commit that holds
 * its bytes (under its versionstamp in the volume's {@link Volume#userSubspace() user subspace}) instead of a volume
 * sync followed by a metadata commit: one sync instead of two, and one thread hand-off less, before the writes are
 * acknowledged. The staged packs are moved into the volume together, once they add up to
 * {@link StashConfig#stageMoveBytes()} or {@link StashConfig#stageMoveAfterMs()} after the first of them: one volume
 * sync and one commit that adds their volume entries and clears their staged keys, so a pack is in exactly one of the
 * two places at any commit. A moved pack keeps its place in the log (its id), which its volume copy carries
 * ({@link StashPack#withOrder}); the staged bytes stay in memory until moved, for the move and the cleaner.
 *
 * <p>Durability ({@link StashConfig#durability()}): in {@code SYNC} mode every returned stage completes once the
 * change is durable (its pack synced and its metadata committed); the flush runs once the reactor's current work
 * is done, so a pipeline's writes share one pack (group commit). In {@code ASYNC} mode it completes at once and the
 * change is written at the next tick of {@code stash.async.window.ms}, or sooner once the changes waiting for a tick
 * reach a quarter of {@code stash.async.max_pending_bytes}; beyond that bound of backlog, writes complete only once
 * durable (backpressure).
 *
 * <p>Threads: every method on the owner reactor thread only ({@code owner}); nothing here blocks it. The volume
 * completes this shard's appends on the owner ({@link Volume#completeAppendsOn}), where a flush is settled at once;
 * other completions hop back to it, so returned stages complete on the owner thread. Byte arrays passed in are
 * retained (keys, fields) or read at once (values are copied into a record): do not modify them after the call.
 */
public final class ShardPersistence {
    /** No expiry. */
    public static final long NO_EXPIRY = StashRecordDescriptor.NO_EXPIRY;
    /** Packs are cut at about this size; a larger record travels alone. */
    static final int PACK_BYTES = 1 << 20;
    /** Live records of a pack being cleaned that the cleaner queues again per reactor step. */
    static final int CLEAN_CHUNK_RECORDS = 256;
    /**
     * Slots a flush takes from the queue, records it copies into packs, and slots it settles, per chunk; a reactor
     * step runs one chunk, or more when writers wait for the flush ({@link StepBudget}).
     */
    static final int FLUSH_CHUNK_SLOTS = 512;
    /**
     * Flushes in flight at once. Each is a volume sync then a metadata commit (itself synced); with two, a flush's
     * sync runs while the one before commits, and a write arriving during a flush goes out at once instead of
     * waiting for that flush to end.
     */
    static final int MAX_FLUSHES_IN_FLIGHT = 2;
    /**
     * Patches written after a string's full record beyond which its next change is written whole again, bounding
     * what a hot key costs the index and recovery; the patches' bytes are bounded too, to half the value
     * ({@link #encodePending}).
     */
    static final int MAX_PATCHES = 65_536;
    /** A rewrite's vacuum moves the sealed segments with at least this percentage of garbage. */
    static final double REWRITE_VACUUM_PERCENT = 10;
    /** Staged packs moved per metastore transaction (each is one volume entry of it). */
    static final int MAX_MOVE_PACKS = 1000;
    /** Staged packs read per metastore transaction at recovery (each at most 90,000 bytes). */
    static final int STAGE_PAGE_PACKS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ShardPersistence.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Volume volume;
    private final long prefix;
    private final Database db;
    /** Where this shard's staged packs are, by id. */
    private final Subspace stage;
    private final StashConfig config;
    private final EventExecutor owner;
    private final Executor reader;
    private final LongSupplier clockMs;
    private final boolean sync;
    /** Async mode: changes waiting for a tick that start a flush at once (a quarter of the backpressure bound). */
    private final long earlyFlushBytes;
    private final PackLog log;
    private final Map<ByteKey, KeyState> index = new HashMap<>();
    private final ByteKey probe = new ByteKey(new byte[0]);
    private final StashRecordFlyweight cleaner = new StashRecordFlyweight();
    private final ArrayDeque<Slot> dirtyQueue = new ArrayDeque<>();
    private final FailedSlots failed;
    /** How many chunks a step of a flush that writers wait for runs ({@link #later}). */
    private StepBudget budget = new StepBudget(System::nanoTime);
    private List<byte[]> deadAtRecovery = new ArrayList<>();
    /** The slots of each flush in flight, oldest first. */
    private final List<List<Slot>> flushing = new ArrayList<>(MAX_FLUSHES_IN_FLIGHT);
    /**
     * A flush is still taking its slots from the queue, or copying their records into packs (in steps): the next
     * one starts after it.
     */
    private boolean taking;
    /** Slots with a change not yet handed to the volume ({@link Slot#dirty}), for {@link #stats()}. */
    private long dirtySlots;
    private boolean flushScheduled;
    /** Someone waits for a queued change (sync mode, backpressure, flush()): flush without waiting for a tick. */
    private boolean urgent;
    private ScheduledFuture<?> ticker;
    private long nextSequence = 1;
    private boolean recovered;
    private boolean ready;
    private boolean closed;
    /** Record bytes waiting or in flight (the backpressure bound counts both). */
    private long backlogBytes;
    /** The part of {@link #backlogBytes} handed to the volume and not yet written. */
    private long inFlightBytes;
    private long failedWrites;
    private long cleanMismatches;
    /** Flushes ended so far (see {@link PackLog#cleanCandidate}). */
    private long flushes;
    /** Time of the settled flushes, each from its start to its last slot settled. */
    private long flushNanos;
    /** Staged packs not yet moved into the volume (nor deleted), oldest first, and their bytes. */
    private final ArrayDeque<Pack> staged = new ArrayDeque<>();
    private long stagedBytes;
    /** The move of staged packs under way, or null. */
    private CompletableFuture<Void> move;
    private ScheduledFuture<?> moveTimer;
    private long moveFailures;
    /** Where the cleaner reads a patched string's current value to write it whole; null: strings are never patched. */
    private CurrentStrings currentStrings;
    private int maxPatches = MAX_PATCHES;
    private long patchRecords;
    private long compactions;

    /**
     * @param volume  the shard's volume (opened and closed by its owner)
     * @param db      the metastore the volume's metadata lives in (dead packs are deleted in its transactions)
     * @param prefix  the 8-byte prefix of this shard's entries in the volume
     * @param owner   the shard's owner reactor
     * @param reader  where the cleaner reads and checks a pack, off the reactor (a read of a pack the volume
     *                has just written is served from its mapping on the calling thread)
     * @param clockMs wall clock in ms, for dropping expired keys at recovery
     */
    public ShardPersistence(Volume volume, Database db, long prefix, StashConfig config, EventExecutor owner,
                            Executor reader, LongSupplier clockMs) {
        this.volume = volume;
        this.prefix = prefix;
        this.db = db;
        this.stage = stageSubspace(volume, prefix);
        this.config = config;
        this.owner = owner;
        this.reader = reader;
        this.clockMs = clockMs;
        this.sync = config.durability() == StashDurability.SYNC;
        this.earlyFlushBytes = Math.max(1, config.asyncMaxPendingBytes() / 4);
        this.log = new PackLog(volume, db, prefix, owner, config.logMinBytes(), stage, this::unstage);
        this.failed = new FailedSlots(volume.name(), owner, this::retry);
        volume.completeAppendsOn(owner);
    }

    /**
     * Rebuilds the shard: streams every live record to {@code visitor} (on the owner thread), drops expired keys
     * and dead records, and fills the index. Call once; writes are refused until the stage completes. Packs left
     * without live records are deleted afterwards, oldest first.
     */
    public CompletionStage<RecoverySummary> recover(RecoveryVisitor visitor) {
        assert owner.inEventLoop();
        if (recovered) {
            return CompletableFuture.failedFuture(new IllegalStateException("shard already recovered"));
        }
        recovered = true;
        StashLoader loader = new StashLoader(this, clockMs.getAsLong());
        return volume.forEachEntry(prefix, config.recoveryPageEntries(), loader::onEntry)
            .thenCompose(count -> readStaged(loader, KeySelector.firstGreaterOrEqual(stage.range().begin)))
            .thenApplyAsync(ignored -> {
                RecoverySummary summary = loader.resolve(visitor);
                nextSequence = summary.nextSequence();
                ready = true;
                for (byte[] key : deadAtRecovery) {
                    deleteKey(key);
                }
                deadAtRecovery = null;
                if (!sync) {
                    // Shards sharing a reactor start their windows at random offsets, so that their flushes (each
                    // encodes its window's changes on the reactor) do not fall on the same moment.
                    long window = config.asyncWindowMs();
                    long first = window + ThreadLocalRandom.current().nextLong(window);
                    ticker = owner.scheduleAtFixedRate(this::tick, first, window, TimeUnit.MILLISECONDS);
                }
                log.collect();
                clean();
                scheduleMove();
                LOG.info("stash {}/{}: recovered {} strings, {} hashes ({} fields) from {} entries; {} expired, "
                        + "{} dead records, {} unreadable entries", volume.name(), Long.toHexString(prefix),
                    summary.strings(), summary.hashes(), summary.hashFields(), summary.entries(),
                    summary.expiredKeys(), summary.supersededEntries(), summary.unreadableEntries());
                return summary;
            }, owner);
    }

    /** Where the staged packs of the shard with {@code prefix} in {@code volume} are, by id. */
    static Subspace stageSubspace(Volume volume, long prefix) {
        return volume.userSubspace().get(Tuple.from("stash-stage", prefix));
    }

    /** Hands the staged packs from {@code from} on to the loader, a page per transaction (a metastore thread). */
    private CompletableFuture<Void> readStaged(StashLoader loader, KeySelector from) {
        KeySelector end = KeySelector.firstGreaterOrEqual(stage.range().end);
        return db.readAsync(tr -> tr.getRange(from, end, STAGE_PAGE_PACKS).asList()).thenCompose(page -> {
            for (KeyValue kv : page) {
                loader.onStaged(stage.unpack(kv.getKey()).getVersionstamp(0), kv.getValue());
            }
            if (page.size() < STAGE_PAGE_PACKS) {
                return CompletableFuture.completedFuture(null);
            }
            return readStaged(loader, KeySelector.firstGreaterThan(page.getLast().getKey()));
        });
    }

    /** SET and friends, also EXPIRE/PERSIST of a string (with its current value). Replaces a hash of that key. */
    public CompletionStage<Void> putString(byte[] key, byte[] value, long expiryAtMs) {
        return putString(key, value, value.length, expiryAtMs);
    }

    /**
     * As {@link #putString(byte[], byte[], long)} for the first {@code length} bytes of {@code value}: the keyspace's
     * own array, which may have room after the string (never read) and may be changed in place as long as every
     * change is reported again in the same reactor step; the record is encoded from it when a flush takes the slot,
     * so a string changed by every command of a pipeline is copied once per flush, not once per command.
     */
    public CompletionStage<Void> putString(byte[] key, byte[] value, int length, long expiryAtMs) {
        KeyState state = keyState(key, true);
        if (state.hasHashSlots()) {
            for (Slot slot : state.hashSlots()) {
                delete(slot);
            }
            index.put(state.key, state); // the deletes may have emptied the key and dropped it from the index
        }
        if (state.string == null) {
            state.string = new Slot(state, null, StashRecordDescriptor.TYPE_STRING);
        }
        return enqueueString(state.string, key, value, length, expiryAtMs);
    }

    /**
     * The keyspace's strings as they are now, for the cleaner to write a patched string whole
     * ({@link #patchString}). Without it, patches are written whole at once.
     */
    public void currentStrings(CurrentStrings source) {
        assert owner.inEventLoop();
        this.currentStrings = source;
    }

    /**
     * SETRANGE, SETBIT, BITFIELD, APPEND, EXPIRE of a string: the string is now the first {@code length} bytes of
     * {@code value} (the keyspace's own array, which may be changed in place, and may have room after those bytes,
     * which stays unread), and of it only {@code [from, to)} changed since the previous change reported
     * (an empty range: only the expiry); {@code fresh} when the key did not exist before, so that every byte outside
     * the range is zero. A large value is then written as a STRING_PATCH record of the changed bytes, not whole; a
     * small one (under {@link StashConfig#patchMinBytes()}) is written whole, as by {@link #putString}.
     */
    public CompletionStage<Void> patchString(byte[] key, byte[] value, int length, long from, long to,
                                             long expiryAtMs, boolean fresh) {
        if (currentStrings == null || length < config.patchMinBytes() || from < 0 || to > length) {
            return putString(key, value, length, expiryAtMs);
        }
        KeyState state = keyState(key, false);
        Slot slot = state == null ? null : state.string;
        if (state != null && state.hasHashSlots()) {
            return putString(key, value, length, expiryAtMs);
        }
        if (!fresh && (slot == null || slot.diverged || slot.pack == null && !slot.inFlight && !slot.dirty
            || slot.dirty && slot.pendingPatch == null)) {
            // nothing to patch (or a change waits that is not a patch: a whole value, a record written again)
            return putString(key, value, length, expiryAtMs);
        }
        if (slot == null) {
            state = keyState(key, true);
            slot = state.string = new Slot(state, null, StashRecordDescriptor.TYPE_STRING);
        }
        int previous = slot.dirty ? slot.pendingLength : 0;
        PatchRanges ranges = fresh || !slot.dirty ? new PatchRanges() : slot.pendingPatch;
        boolean base = fresh || slot.dirty && slot.pendingPatchBase;
        ranges.add(from, to);
        long record = StashRecordDescriptor.patchRecordLength(key.length, ranges.count(), ranges.bytes());
        if (record > Integer.MAX_VALUE - 64) {
            return putString(key, value, length, expiryAtMs);
        }
        slot.clearPending();
        slot.deferString(value, length, expiryAtMs, nextSequence++, (int) record);
        slot.pendingPatch = ranges;
        slot.pendingPatchBase = base;
        return enqueued(slot, previous);
    }

    /** HSET of one field. Replaces a string of that key. */
    public CompletionStage<Void> putHashField(byte[] key, byte[] field, byte[] value) {
        KeyState state = keyState(key, true);
        if (state.string != null) {
            delete(state.string);
            index.put(state.key, state); // the delete may have emptied the key and dropped it from the index
        }
        Slot slot = state.field(probe.wrap(field));
        if (slot == null) {
            slot = state.addField(field);
        }
        return enqueue(slot, StashRecordDescriptor.encodeHashField(nextSequence++, key, field, value));
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

    /** DEL, UNLINK, GETDEL, expiry: removes every slot of the key. */
    public CompletionStage<Void> deleteKey(byte[] key) {
        KeyState state = keyState(key, false);
        return state == null ? DONE : deleteSlots(state);
    }

    /** FLUSHDB/FLUSHALL: removes every slot of the shard. */
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
        flushNow();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (List<Slot> slots : flushing) {
            for (Slot slot : slots) {
                waits.add(inFlightDone(slot));
                if (slot.dirty) {
                    waits.add(pendingDone(slot)); // queued once its record in flight has been written
                    urgent = true;
                }
            }
        }
        for (Slot slot : dirtyQueue) {
            if (slot.dirty) {
                waits.add(pendingDone(slot));
            }
        }
        for (Slot slot : failed.slots()) {
            if (slot.dirty && !slot.queued) {
                waits.add(pendingDone(slot));
            }
        }
        urgent |= !dirtyQueue.isEmpty();
        return CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]));
    }

    /**
     * BGREWRITEAOF for this shard: the live records of every pack older than the newest are written again, and once
     * those packs are deleted a vacuum run starts on the volume if a sealed segment has at least
     * {@link #REWRITE_VACUUM_PERCENT} garbage, so that the space they took is reclaimed. Completes when the packs are
     * gone and the vacuum, if any, has started (VOLUME.ADMIN VACUUM STATUS follows it). Owner reactor only.
     */
    public CompletionStage<Void> rewrite() {
        assert owner.inEventLoop();
        if (closed || !ready) {
            return DONE; // nothing of it is ours to rewrite (closing, or still loading)
        }
        CompletableFuture<Void> done = log.rewrite();
        log.collect();
        clean();
        return done.thenRunAsync(this::vacuumAfterRewrite, reader);
    }

    /** Starts a vacuum run after a rewrite, as {@code AutoVacuum} would; on a reader thread (it does I/O). */
    private void vacuumAfterRewrite() {
        Vacuum vacuum = volume.vacuum();
        if (vacuum.active() || volume.status() != VolumeStatus.READWRITE) {
            return;
        }
        if (volume.maintenance().candidates().stream()
            .noneMatch(c -> c.garbagePercentage() >= REWRITE_VACUUM_PERCENT)) {
            return;
        }
        if (vacuum.status().run() != null) {
            vacuum.drop();
        }
        vacuum.start(REWRITE_VACUUM_PERCENT);
        LOG.info("stash {}: vacuum started after a rewrite", volume.name());
    }

    /** Flushes, then stops the async ticker; later writes are refused. The volume stays open (its owner closes it). */
    public CompletionStage<Void> close() {
        assert owner.inEventLoop();
        CompletableFuture<Void> flushed = flush().toCompletableFuture();
        return flushed.handle((ignored, error) -> null)
            .thenComposeAsync(ignored -> log.idle(), owner)
            .thenComposeAsync(ignored -> move == null ? DONE : move.handle((v, e) -> (Void) null), owner)
            .thenComposeAsync(ignored -> {
                closed = true;
                if (ticker != null) {
                    ticker.cancel(false);
                }
                if (moveTimer != null) {
                    moveTimer.cancel(false);
                    moveTimer = null;
                }
                failed.close();
                log.abandonRewrite(new IllegalStateException("stash " + volume.name() + " closed during a rewrite"));
                return flushed;
            }, owner);
    }

    /** Counts for INFO. */
    public PersistenceStats stats() {
        assert owner.inEventLoop();
        long inFlight = 0;
        for (List<Slot> slots : flushing) {
            inFlight += slots.size();
        }
        assert inFlightBytes == countInFlightBytes() : inFlightBytes + " bytes in flight counted, "
            + countInFlightBytes() + " found";
        assert dirtySlots == countDirtySlots() : dirtySlots + " dirty slots counted, " + countDirtySlots() + " found";
        return new PersistenceStats(index.size(), log.size(), dirtySlots, inFlight, backlogBytes, failedWrites,
            failed.size(), staged.size(), stagedBytes, patchRecords, compactions, flushes, flushNanos / 1000);
    }

    /**
     * {@link #inFlightBytes} the slow way, for the assertion in {@link #stats()}. A slot settled by a flush that is
     * still settling may already be in the next one: each slot counts once.
     */
    private long countInFlightBytes() {
        Set<Slot> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long bytes = 0;
        for (List<Slot> slots : flushing) {
            for (Slot slot : slots) {
                if (slot.inFlightRecord != null && seen.add(slot)) {
                    bytes += slot.inFlightRecord.length;
                }
            }
        }
        return bytes;
    }

    /** {@link #dirtySlots} the slow way, for the assertion in {@link #stats()}: every dirty slot is in one place. */
    private long countDirtySlots() {
        long dirty = 0;
        for (Slot slot : dirtyQueue) {
            dirty += slot.dirty ? 1 : 0;
        }
        for (List<Slot> slots : flushing) {
            for (Slot slot : slots) {
                dirty += slot.dirty && !slot.queued ? 1 : 0;
            }
        }
        for (Slot slot : failed.slots()) {
            dirty += slot.dirty && !slot.queued && !slot.inFlight ? 1 : 0; // those in flight are counted above
        }
        return dirty;
    }

    /**
     * Why writes to this shard should be refused: the error of the last failed volume write while some change
     * could not be written and waits to be tried again ({@link FailedSlots}); null when every change handed over
     * so far is durable or on its way. Owner thread.
     */
    public Throwable writeError() {
        return failed.error();
    }

    // ---- recovery hooks (StashLoader, owner thread) ----

    String volumeName() {
        return volume.name();
    }

    /** A pack found at recovery, in log order; the records it holds are reported after it. */
    void onRecoveredPack(Pack pack) {
        log.add(pack);
        if (pack.staged != null) {
            staged.add(pack);
            stagedBytes += pack.bytes;
        }
    }

    /** A recovered key that is dead without a newer record (expired): deleted once the shard takes writes. */
    void onRecoveredDead(byte[] key) {
        deadAtRecovery.add(key);
    }

    /** Records a recovered live record in the index. */
    void onRecovered(byte[] key, byte[] field, byte type, Pack pack, int offset, int length, long sequence) {
        KeyState state = index.computeIfAbsent(new ByteKey(key), KeyState::new);
        Slot slot = switch (type) {
            case StashRecordDescriptor.TYPE_STRING -> state.string = new Slot(state, null, type);
            case StashRecordDescriptor.TYPE_HASH_EXPIRY -> state.hashExpiry = new Slot(state, null, type);
            default -> state.addField(field);
        };
        slot.pack = pack;
        slot.offset = offset;
        slot.length = length;
        slot.sequence = sequence;
        log.hold(pack, slot);
    }

    /** Records a recovered live patch of the string {@code key}, applied after the string's full record. */
    void onRecoveredPatch(byte[] key, Pack pack, int offset, int length, long sequence) {
        Slot slot = index.get(probe.wrap(key)).string;
        PatchHold hold = new PatchHold(slot, pack, offset, length, sequence);
        slot.addPatch(hold);
        log.hold(pack, hold);
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
     * Deletes a slot: a tombstone when a record of it is durable or on its way; otherwise its pending change is
     * simply dropped, as nothing of it can be on the disk.
     */
    private CompletableFuture<Void> delete(Slot slot) {
        long sequence = nextSequence++;
        if (slot.pack == null && !slot.inFlight) {
            if (slot.dirty) {
                backlogBytes -= slot.pendingLength;
                slot.dirty = false;
                dirtySlots--;
                slot.clearPending();
                if (slot.pendingDone != null) {
                    slot.pendingDone.complete(null);
                    slot.pendingDone = null;
                }
            }
            failed.settled(slot);
            forget(slot);
            return DONE;
        }
        byte[] field = slot.field == null ? null : slot.field.bytes();
        return enqueue(slot, StashRecordDescriptor.encodeTombstone(slot.type, sequence, slot.key.key.bytes(),
            field));
    }

    /**
     * Makes a string's value the slot's next change, its record encoded only when a flush takes it: a value changed
     * in place and enqueued again meanwhile (SETBIT on a large bitmap) is copied once per flush, not once per
     * command. The value array must not change afterwards unless it is enqueued again in the same reactor step.
     */
    private CompletableFuture<Void> enqueueString(Slot slot, byte[] key, byte[] value, int valueLength,
                                                  long expiryAtMs) {
        long length = StashRecordDescriptor.recordLength(key.length, 0, valueLength);
        if (length > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("stash record of " + length + " bytes is too large");
        }
        int previous = slot.dirty ? slot.pendingLength : 0;
        slot.deferString(value, valueLength, expiryAtMs, nextSequence++, (int) length);
        return enqueued(slot, previous);
    }

    /** Makes {@code record} the slot's next change and returns what the caller waits for. */
    private CompletableFuture<Void> enqueue(Slot slot, byte[] record) {
        int previous = slot.dirty ? slot.pendingLength : 0;
        slot.clearPending();
        slot.pendingRecord = record;
        slot.pendingLength = record.length;
        return enqueued(slot, previous);
    }

    /**
     * The slot's next change is set (replacing one of {@code previous} bytes, 0 when it was clean): queues it and
     * returns what the caller waits for.
     */
    private CompletableFuture<Void> enqueued(Slot slot, int previous) {
        if (slot.dirty) {
            backlogBytes -= previous;
        } else {
            slot.dirty = true;
            dirtySlots++;
        }
        backlogBytes += slot.pendingLength;
        queue(slot);
        if (!writersWait()) {
            if (backlogBytes - inFlightBytes >= earlyFlushBytes) {
                // a heavy write load: flush before the tick, so that writers do not reach the backpressure bound
                urgent = true;
                scheduleFlush();
            }
            return DONE;
        }
        urgent = true;
        scheduleFlush();
        return pendingDone(slot);
    }

    /** Queues a dirty slot for the next flush; one with a record in flight is queued once that has been written. */
    private void queue(Slot slot) {
        if (!slot.queued && !slot.inFlight) {
            slot.queued = true;
            dirtyQueue.add(slot);
        }
    }

    /** Failed slots, on the retry timer: their kept changes go with a flush now. */
    private void retry(Slot slot) {
        queue(slot);
        urgent = true;
        scheduleFlush();
    }

    private static CompletableFuture<Void> pendingDone(Slot slot) {
        if (slot.pendingDone == null) {
            slot.pendingDone = new CompletableFuture<>();
        }
        return slot.pendingDone;
    }

    private static CompletableFuture<Void> inFlightDone(Slot slot) {
        if (slot.inFlightDone == null) {
            slot.inFlightDone = new CompletableFuture<>();
        }
        return slot.inFlightDone;
    }

    /**
     * The record of a string's change waiting: a STRING_PATCH of its changed ranges, or the whole value when the
     * slot has no full record to patch, already carries {@link #MAX_PATCHES} patches, or its patches would add up
     * to more than half the value (a value written whole then costs at most about twice its patches).
     */
    private byte[] encodePending(Slot slot) {
        PatchRanges ranges = slot.pendingPatch;
        byte[] key = slot.key.key.bytes();
        byte[] value = slot.pendingValue;
        int length = slot.pendingValueLength;
        if (ranges != null) {
            long bytes = StashRecordDescriptor.patchRecordLength(key.length, ranges.count(), ranges.bytes());
            boolean whole = slot.pendingPatchBase ? bytes > length / 2
                : slot.pack == null || slot.diverged || (slot.patches == null ? 0 : slot.patches.size()) >= maxPatches
                || slot.patchBytes + bytes > length / 2;
            if (!whole) {
                patchRecords++;
                return StashRecordDescriptor.encodeStringPatch(slot.pendingSequence, key, value, length,
                    ranges.pairs(), ranges.count(), slot.pendingExpiry, slot.pendingPatchBase);
            }
        }
        return StashRecordDescriptor.encodeString(slot.pendingSequence, key, value, length, slot.pendingExpiry);
    }

    /** Flushes once the reactor's current task is done, so that a pipeline's writes share one pack. */
    private void scheduleFlush() {
        if (!flushScheduled && !taking && flushing.size() < MAX_FLUSHES_IN_FLIGHT) {
            flushScheduled = true;
            owner.execute(this::flushNow);
        }
    }

    /**
     * Runs the next step of a long piece of work on the reactor after the I/O it has waiting. A task submitted with
     * {@code execute} would not do: the reactor runs every task queued, those queued meanwhile included, before it
     * turns to I/O again, so the steps would run back to back and hold up the commands just the same. A task
     * scheduled with no delay is picked up by the next round of tasks, after an I/O pass. A step of a flush that
     * writers wait for ({@code flushStep} and {@link #writersWait}) may run more than one chunk, as {@link #budget}
     * allows; any other step, and the first chunk of a piece of work (which does not run through here), is one chunk.
     */
    private void later(Runnable step, boolean flushStep) {
        owner.schedule(() -> {
            budget.begin(flushStep && writersWait() ? StepBudget.MAX_WAITED_STEP_NANOS : 0);
            try {
                step.run();
            } finally {
                budget.end();
            }
        }, 0, TimeUnit.NANOSECONDS);
    }

    /** Whether writers wait for the flushes: sync mode, or async mode past its backlog bound (backpressure). */
    private boolean writersWait() {
        return sync || backlogBytes > config.asyncMaxPendingBytes();
    }

    /** Async window. */
    private void tick() {
        if (taking || flushing.size() >= MAX_FLUSHES_IN_FLIGHT) {
            urgent = true; // the flushes under way outlasted the window: the next one starts when one ends
        } else {
            flushNow();
        }
        clean();
    }

    /**
     * Writes every queued change in packs, unless {@link #MAX_FLUSHES_IN_FLIGHT} flushes are in flight or one is
     * still taking its slots (then the end of one starts the next). The queued slots are taken
     * {@link #FLUSH_CHUNK_SLOTS} at a time, in reactor steps of one chunk or more ({@link #later}), so that a large
     * window's flush does not hold up the commands waiting behind it; the flush covers the slots queued when it
     * started.
     */
    private void flushNow() {
        flushScheduled = false;
        if (taking || flushing.size() >= MAX_FLUSHES_IN_FLIGHT || dirtyQueue.isEmpty()) {
            return;
        }
        urgent = false;
        taking = true;
        FlushBatch batch = new FlushBatch(dirtyQueue.size(),
            Math.min(PACK_BYTES, volume.maxPayloadBytes() - StashPack.HEADER_LENGTH));
        flushing.add(batch.slots);
        take(batch, dirtyQueue.size());
    }

    /**
     * Moves up to {@code remaining} queued slots to {@code batch}, in chunks (the batch cuts its packs as they come);
     * then hands them to the volume.
     */
    private void take(FlushBatch batch, int remaining) {
        int left = remaining;
        do {
            int n = Math.min(left, FLUSH_CHUNK_SLOTS);
            takeChunk(batch, n);
            left -= n;
        } while (left > 0 && !dirtyQueue.isEmpty() && budget.more());
        if (left > 0 && !dirtyQueue.isEmpty()) {
            int rest = left;
            later(() -> take(batch, rest), true);
            return;
        }
        if (batch.isEmpty()) {
            taking = false;
            ended(batch.slots);
            if (!dirtyQueue.isEmpty() && (sync || urgent)) {
                scheduleFlush();
            }
            return;
        }
        batch.seal();
        encode(batch);
    }

    /** Moves up to {@code n} queued slots to {@code batch} (fewer when the queue runs out). */
    private void takeChunk(FlushBatch batch, int n) {
        Slot slot;
        for (int i = 0; i < n && (slot = dirtyQueue.poll()) != null; i++) {
            slot.queued = false;
            assert !slot.inFlight;
            if (!slot.dirty) {
                continue;
            }
            slot.dirty = false;
            dirtySlots--;
            slot.inFlight = true;
            slot.inFlightRecord = slot.pendingRecord != null ? slot.pendingRecord : encodePending(slot);
            backlogBytes += slot.inFlightRecord.length - slot.pendingLength; // a patch may go whole after all
            inFlightBytes += slot.inFlightRecord.length;
            slot.inFlightDone = slot.pendingDone;
            slot.clearPending();
            slot.pendingDone = null;
            batch.add(slot);
        }
    }

    /**
     * Copies the batch's records into packs, {@link #FLUSH_CHUNK_SLOTS} per chunk, each pack appended to the volume
     * once complete; then the next flush may start.
     */
    private void encode(FlushBatch batch) {
        boolean encoded;
        do {
            encoded = batch.encode(this::writePack, FLUSH_CHUNK_SLOTS);
        } while (!encoded && budget.more());
        if (!encoded) {
            later(() -> encode(batch), true);
            return;
        }
        taking = false;
        CompletableFuture<Void> done = batch.done();
        if (done.isDone()) {
            owner.execute(() -> onFlushed(batch)); // every append refused at once: not from inside encode()
        } else {
            done.thenRun(() -> {
                // the volume completes its appends on this reactor (completeAppendsOn): settle now rather than
                // queue a task behind the others; a failure may complete them elsewhere
                if (owner.inEventLoop()) {
                    onFlushed(batch);
                } else {
                    owner.execute(() -> onFlushed(batch));
                }
            });
        }
        if (!dirtyQueue.isEmpty() && (sync || urgent)) {
            scheduleFlush(); // changes that came while this flush took its slots
        }
    }

    /** Drops a flush from those in flight. */
    private void ended(List<Slot> slots) {
        for (int i = 0; i < flushing.size(); i++) {
            if (flushing.get(i) == slots) {
                flushing.remove(i);
                return;
            }
        }
        throw new IllegalStateException("flush not in flight");
    }

    /** The volume has ended every append of {@code batch}: logs the committed packs, then settles the slots. */
    private void onFlushed(FlushBatch batch) {
        int packs = batch.packs();
        Pack[] pack = new Pack[packs];
        Throwable[] error = new Throwable[packs];
        List<Pack> committed = new ArrayList<>(packs);
        for (int p = 0; p < packs; p++) {
            error[p] = batch.error(p);
            if (error[p] != null) {
                failedWrites++;
            } else {
                pack[p] = batch.pack(p);
                committed.add(pack[p]);
            }
        }
        for (Pack p : committed) {
            log.add(p);
            if (p.staged != null) {
                staged.add(p);
                stagedBytes += p.bytes;
            }
        }
        settle(batch, pack, error, 0, 0);
    }

    /** Makes one pack of a flush durable: staged when it is small enough, else as a volume entry. */
    private CompletableFuture<Pack> writePack(byte[] bytes) {
        if (bytes.length > config.stageMaxBytes()) {
            return volume.append(prefix, MemorySegment.ofArray(bytes))
                .thenApply(id -> new Pack(id, id, bytes.length));
        }
        VolumeStatus status = volume.status();
        if (status != VolumeStatus.READWRITE) {
            return CompletableFuture.failedFuture(new VolumeStatusException(volume.name(), status, "write"));
        }
        byte[] key = Versionstamps.packWithVersionstamp(stage, Tuple.from(Versionstamp.incomplete(0)));
        AtomicReference<CompletableFuture<byte[]>> stamp = new AtomicReference<>();
        return db.runAsync(tr -> {
            tr.mutate(MutationType.SET_VERSIONSTAMPED_KEY, key, bytes);
            stamp.set(tr.getVersionstamp());
            return DONE;
        }, owner).thenCompose(ignored -> stamp.get())
            .thenApply(committed -> Pack.staged(Versionstamp.complete(committed, 0), bytes));
    }

    /** Moves the staged packs once they reach the move size, else starts the timer that moves them later. */
    private void scheduleMove() {
        if (move != null || closed || staged.isEmpty()) {
            return;
        }
        if (stagedBytes >= config.stageMoveBytes()) {
            moveStaged();
        } else {
            armMoveTimer();
        }
    }

    /** Moves whatever is staged {@link StashConfig#stageMoveAfterMs()} from now, unless the timer already runs. */
    private void armMoveTimer() {
        if (moveTimer == null) {
            moveTimer = owner.schedule(() -> {
                moveTimer = null;
                if (move == null && !closed && !staged.isEmpty()) {
                    moveStaged();
                }
            }, config.stageMoveAfterMs(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Moves the staged packs (up to {@link #MAX_MOVE_PACKS}, skipping those being deleted) into the volume in one
     * transaction: each becomes a volume entry (joined to it once its bytes are synced) carrying its place in the
     * log, and its staged key is cleared. The packs stay staged until that commits.
     */
    private void moveStaged() {
        if (moveTimer != null) {
            moveTimer.cancel(false);
            moveTimer = null;
        }
        List<Pack> packs = new ArrayList<>();
        List<byte[]> copies = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        for (Pack pack : staged) {
            if (packs.size() == MAX_MOVE_PACKS) {
                break;
            }
            if (!pack.deleting) {
                pack.moving = true;
                packs.add(pack);
                copies.add(StashPack.withOrder(pack.staged, pack.id));
                keys.add(PackLog.stageKey(stage, pack.id));
            }
        }
        if (packs.isEmpty()) {
            armMoveTimer(); // every staged pack is being deleted; one whose delete fails is moved later
            return;
        }
        AtomicReference<CompletableFuture<byte[]>> stamp = new AtomicReference<>();
        CompletableFuture<Void> moved = db.runAsync(tr -> {
            CompletableFuture<?>[] appends = new CompletableFuture<?>[packs.size()];
            for (int i = 0; i < appends.length; i++) {
                appends[i] = volume.append(tr, i, prefix, MemorySegment.ofArray(copies.get(i)));
                tr.clear(keys.get(i));
            }
            stamp.set(tr.getVersionstamp());
            return CompletableFuture.allOf(appends);
        }, owner).thenCompose(ignored -> stamp.get()).handleAsync((committed, error) -> {
            move = null;
            for (Pack pack : packs) {
                pack.moving = false;
            }
            if (error != null) {
                if (Long.bitCount(++moveFailures) == 1) {
                    LOG.warn("stash {}: moving {} staged packs into the volume failed ({} failures so far); they "
                        + "stay staged and are tried again", volume.name(), packs.size(), moveFailures, error);
                }
            } else {
                for (int i = 0; i < packs.size(); i++) {
                    Pack pack = packs.get(i);
                    pack.entry = Versionstamp.complete(committed, i);
                    unstage(pack);
                }
            }
            if (!closed) {
                log.collect();
                if (error != null) {
                    armMoveTimer();
                } else {
                    scheduleMove();
                }
            }
            return null;
        }, owner);
        move = moved;
    }

    /** Moves the staged packs now (tests); completes once that move, or the one under way, has ended. */
    CompletionStage<Void> moveStagedNow() {
        assert owner.inEventLoop();
        if (move == null && !closed) {
            moveStaged();
        }
        return move == null ? DONE : move;
    }

    /** A staged pack is no longer staged: moved, or deleted ({@link PackLog} tells). */
    private void unstage(Pack pack) {
        if (pack.staged != null) {
            pack.staged = null;
            stagedBytes -= pack.bytes;
            staged.remove(pack);
        }
    }

    /**
     * Settles the batch's slots from index {@code from} (of pack {@code p}) on, {@link #FLUSH_CHUNK_SLOTS} per
     * chunk; after the last, ends the flush and starts the next if changes wait.
     */
    private void settle(FlushBatch batch, Pack[] packs, Throwable[] errors, int p, int from) {
        int to = from;
        int pack = p;
        do {
            int end = Math.min(batch.slots.size(), to + FLUSH_CHUNK_SLOTS);
            for (int i = to; i < end; i++) {
                while (i >= batch.to(pack)) {
                    pack++;
                }
                Slot slot = batch.slots.get(i);
                if (errors[pack] != null) {
                    onFailed(slot, batch.record(i), errors[pack]);
                } else {
                    onWritten(slot, batch.record(i), packs[pack], batch.offset(i));
                }
                if (slot.idle()) {
                    forget(slot);
                }
            }
            to = end;
        } while (to < batch.slots.size() && budget.more());
        if (to < batch.slots.size()) {
            int next = pack;
            int rest = to;
            later(() -> settle(batch, packs, errors, next, rest), true);
            return;
        }
        ended(batch.slots);
        flushes++;
        flushNanos += System.nanoTime() - batch.startNanos;
        log.collect();
        clean();
        scheduleMove();
        if (!dirtyQueue.isEmpty() && (sync || urgent)) {
            flushNow();
        }
    }

    /** {@code record}, at {@code offset} of {@code pack}, is durable. */
    private void onWritten(Slot slot, byte[] record, Pack pack, int offset) {
        slot.inFlight = false;
        slot.inFlightRecord = null;
        inFlightBytes -= record.length;
        backlogBytes -= record.length;
        if (StashRecordDescriptor.isPatch(record)) {
            PatchHold hold = new PatchHold(slot, pack, offset, record.length, StashRecordDescriptor.sequence(record));
            slot.addPatch(hold);
            log.hold(pack, hold);
        } else {
            releaseAll(slot);
            slot.diverged = false;
            if (!StashRecordDescriptor.isTombstone(record)) {
                slot.pack = pack;
                slot.offset = offset;
                slot.length = record.length;
                slot.sequence = StashRecordDescriptor.sequence(record);
                log.hold(pack, slot);
            }
        }
        failed.settled(slot);
        if (slot.dirty) {
            queue(slot); // the change that came meanwhile
        }
        CompletableFuture<Void> done = slot.inFlightDone;
        slot.inFlightDone = null;
        if (done != null) {
            done.complete(null);
        }
    }

    /** The slot's durable records (its full record and the patches after it) are no longer live. */
    private void releaseAll(Slot slot) {
        if (slot.pack != null) {
            log.release(slot.pack, slot);
            slot.pack = null;
        }
        if (slot.patches != null) {
            for (PatchHold hold : slot.patches) {
                log.release(hold.pack, hold);
            }
            slot.patches = null;
            slot.patchBytes = 0;
        }
    }

    /**
     * The string change waiting is a patch but the record before it was not written: it goes whole instead, as the
     * patch would apply to a value the disk does not have.
     */
    private void patchWhole(Slot slot) {
        if (slot.dirty && slot.pendingPatch != null && !slot.pendingPatchBase) {
            slot.pendingPatch = null;
            int whole = (int) StashRecordDescriptor.recordLength(slot.key.key.bytes().length, 0,
                slot.pendingValueLength);
            backlogBytes += whole - slot.pendingLength;
            slot.pendingLength = whole;
        }
    }

    /**
     * Keeps a failed change so that memory and volume meet again: unless a newer change of the slot already waits,
     * the failed record becomes the slot's pending change, and the retry timer issues it. Until every failed slot
     * has been written, {@link #writeError()} tells the keyspace to refuse writes (Redis's MISCONF). A record the
     * volume can never take (larger than a segment) is kept in memory only.
     */
    private void onFailed(Slot slot, byte[] record, Throwable error) {
        slot.inFlight = false;
        slot.inFlightRecord = null;
        inFlightBytes -= record.length;
        CompletableFuture<Void> done = slot.inFlightDone;
        slot.inFlightDone = null;
        if (MetastoreErrors.unwrap(error) instanceof IllegalArgumentException) {
            if (Long.bitCount(failedWrites) == 1) {
                LOG.error("stash {}: a record was refused by the volume and is kept in memory only ({} failed "
                    + "writes so far)", volume.name(), failedWrites, error);
            }
            backlogBytes -= record.length;
            failed.settled(slot);
            slot.diverged = slot.type == StashRecordDescriptor.TYPE_STRING; // a patch of it would be wrong
            patchWhole(slot);
            if (slot.dirty) {
                queue(slot); // the change that came meanwhile
            }
        } else if (!slot.dirty) {
            slot.dirty = true;
            dirtySlots++;
            slot.pendingRecord = record;
            slot.pendingLength = record.length;
            failed.add(slot, error, failedWrites);
        } else {
            backlogBytes -= record.length;
            failed.add(slot, error, failedWrites);
            patchWhole(slot);
            queue(slot); // the change that came meanwhile replaces the failed one and goes with the next flush
        }
        if (done != null) {
            done.completeExceptionally(error);
        }
    }

    /** Drops an idle slot from the index. */
    private void forget(Slot slot) {
        if (slot.idle() && slot.key.remove(slot)) {
            index.remove(slot.key.key, slot.key);
        }
    }

    /**
     * When the log has grown past its bound ({@link PackLog#cleanCandidate}), reads its oldest pack not yet cleaned
     * and queues that pack's live records again, unchanged (same sequence): once they are durable in a newer pack,
     * it holds nothing live and goes when the packs before it have gone. The pack is read on {@code reader}, off the
     * reactor; then only its live records are visited (the pack links the slots whose newest record it holds),
     * {@link #CLEAN_CHUNK_RECORDS} per reactor task, so that cleaning costs the reactor in proportion to what it
     * keeps, in short steps. A slot that has changed since is skipped. Then the next pack, while the log, less the
     * packs cleaned, is still over its bound.
     */
    private void clean() {
        Pack pack = ready && !closed ? log.cleanCandidate(flushes) : null;
        if (pack == null) {
            return;
        }
        log.cleaning(true);
        CompletableFuture<MemorySegment> read;
        Versionstamp entry = pack.entry;
        if (pack.staged != null) {
            read = CompletableFuture.completedFuture(MemorySegment.ofArray(pack.staged));
        } else {
            try {
                read = CompletableFuture.supplyAsync(() -> volume.get(prefix, entry), reader)
                    .thenCompose(payload -> payload);
            } catch (RejectedExecutionException e) {
                read = CompletableFuture.failedFuture(e); // shutting down
            }
        }
        read.whenCompleteAsync((payload, error) -> {
            if (error != null || payload == null) {
                log.cleaning(false);
                LOG.debug("stash {}: cannot read pack {} to clean it", volume.name(), pack.id, error);
                return;
            }
            cleanChunk(new CleanPass(pack, payload, pack.liveHolds()));
        }, owner);
    }

    /** Requeues the pass's next {@link #CLEAN_CHUNK_RECORDS} slots if still live in its pack, then yields. */
    private void cleanChunk(CleanPass pass) {
        if (closed) {
            log.cleaning(false);
            return;
        }
        int to = Math.min(pass.slots.length, pass.next + CLEAN_CHUNK_RECORDS);
        int requeued = 0;
        for (int i = pass.next; i < to; i++) {
            requeued += requeueIfCurrent(pass, pass.slots[i]) ? 1 : 0;
        }
        pass.next = to;
        if (requeued > 0 && sync) {
            scheduleFlush();
        }
        if (to < pass.slots.length) {
            later(() -> cleanChunk(pass), false);
        } else {
            log.cleaned(pass.pack, flushes);
            log.cleaning(false);
            clean(); // the next pack, while the log is still over its bound
        }
    }

    /**
     * Queues {@code held}'s record again, copied from the pack, if it is still live and nothing of its slot waits. A
     * patched string, whose value spans several records, is written whole instead, from the keyspace.
     */
    private boolean requeueIfCurrent(CleanPass pass, Held held) {
        Slot slot = held.slot();
        if (held.pack != pass.pack || slot.dirty || slot.inFlight) {
            return false;
        }
        if (held != slot || slot.hasPatches()) {
            return writeWhole(slot);
        }
        long length = cleaner.tryWrapAt(pass.payload, slot.offset);
        if (length != slot.length || cleaner.tombstone() || cleaner.sequence() != slot.sequence) {
            // cannot happen unless the pack read back differs from what was written; the pack then stays
            if (Long.bitCount(++cleanMismatches) == 1) {
                LOG.error("stash {}: pack {} does not hold the record expected at offset {} ({} mismatches so far)",
                    volume.name(), pass.pack.id, slot.offset, cleanMismatches);
            }
            return false;
        }
        slot.pendingRecord = cleaner.bytes().toArray(ValueLayout.JAVA_BYTE);
        slot.pendingLength = slot.pendingRecord.length;
        requeued(slot);
        return true;
    }

    /** The cleaner has set the pending change of {@code slot}, which had none: counts it and queues the slot. */
    private void requeued(Slot slot) {
        slot.dirty = true;
        dirtySlots++;
        backlogBytes += slot.pendingLength;
        queue(slot);
    }

    /** Queues a patched string's current value, whole, as the slot's next change (a new sequence). */
    private boolean writeWhole(Slot slot) {
        byte[] key = slot.key.key.bytes();
        CurrentString current = currentStrings == null ? null : currentStrings.get(key);
        if (current == null) {
            // cannot happen while the keyspace reports every change; the records stay until the key changes
            if (Long.bitCount(++cleanMismatches) == 1) {
                LOG.error("stash {}: patched string {} is not in the keyspace ({} mismatches so far)", volume.name(),
                    new String(key, java.nio.charset.StandardCharsets.UTF_8), cleanMismatches);
            }
            return false;
        }
        slot.deferString(current.value(), current.value().length, current.expiryAtMs(), nextSequence++,
            (int) StashRecordDescriptor.recordLength(key.length, 0, current.value().length));
        requeued(slot);
        compactions++;
        return true;
    }

    /** The pack log and the flush count, as text (tests' failure messages); owner reactor. */
    String describeLog() {
        return log + ", " + flushes + " flushes";
    }

    /** For tests: the clock the step budget reads ({@link StepBudget}); owner thread. */
    void stepClock(LongSupplier nanos) {
        budget = new StepBudget(nanos);
    }

    /** Lowers {@link #MAX_PATCHES} (tests). */
    void maxPatches(int max) {
        this.maxPatches = max;
    }

    /** Patch records written, and patched strings written whole by the cleaner (tests). */
    long[] patchCounts() {
        return new long[]{patchRecords, compactions};
    }

    /** The keyspace's strings as they are now (owner reactor). */
    @FunctionalInterface
    public interface CurrentStrings {
        /** The string {@code key} holds now, or null when it holds none. */
        CurrentString get(byte[] key);
    }

    /** A string's current value (the keyspace's own array) and its expiry, or {@link #NO_EXPIRY}. */
    public record CurrentString(byte[] value, long expiryAtMs) {
    }

    /** A cleaning under way: the pack, its payload, its live records when it started, the next to look at. */
    private static final class CleanPass {
        final Pack pack;
        final MemorySegment payload;
        final Held[] slots;
        int next;

        CleanPass(Pack pack, MemorySegment payload, Held[] slots) {
            this.pack = pack;
            this.payload = payload;
            this.slots = slots;
        }
    }
}
