package io.kronotop.server.redis.persist;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.volume.Volume;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A shard's committed packs, oldest first, and the rule that keeps deletes safe without per-key metadata: a pack is
 * deleted only when none of its records is live <em>and</em> every older pack is already deleted. A dead record
 * (overwritten, or deleted by a tombstone) can then never outlive the newer record or tombstone that made it dead,
 * so recovery, which keeps the newest record of each slot, cannot bring it back; and a tombstone can never outlive
 * nothing it hides. The price is that a live record at the head holds back the packs behind it: when the log
 * outgrows both {@code minLogBytes} and twice its live bytes, the live records of the oldest packs are written again
 * at the tail ({@link #cleanCandidate}), as a log-structured store cleans its oldest segments.
 *
 * <p>A pack is a volume entry, or staged: its bytes under its id in {@code stage} until {@link ShardPersistence}
 * moves them into the volume. A pack being moved is not deleted until the move has ended, and a pack being deleted
 * is not moved.
 *
 * <p>Owner reactor thread only; the volume's completions hop back to it.
 */
final class PackLog {
    static final int MAX_DELETES_PER_TRANSACTION = 1000;
    /** Flushes that end before a cleaned pack that still holds live records is cleaned again. */
    static final int RECLEAN_AFTER_FLUSHES = ShardPersistence.MAX_FLUSHES_IN_FLIGHT + 1;
    private static final Logger LOG = LoggerFactory.getLogger(PackLog.class);

    private final Volume volume;
    private final Database db;
    private final long prefix;
    private final EventExecutor owner;
    private final long minLogBytes;
    private final Subspace stage;
    private final Consumer<Pack> onDeleted;
    private final ArrayDeque<Pack> packs = new ArrayDeque<>();
    private long logBytes;
    private long liveBytes;
    /** Bytes of the packs whose live records the cleaner has queued again: they go once those are written. */
    private long cleanedBytes;
    private CompletableFuture<Void> collection;
    private boolean cleaning;
    private long deleteFailures;
    /** A rewrite (BGREWRITEAOF) under way: the packs older than this one go, whatever the log's size; else null. */
    private Versionstamp rewriteBefore;
    private CompletableFuture<Void> rewriteDone;

    /**
     * @param stage     where staged packs are, by id
     * @param onDeleted told of each pack deleted, on the owner thread
     */
    PackLog(Volume volume, Database db, long prefix, EventExecutor owner, long minLogBytes, Subspace stage,
            Consumer<Pack> onDeleted) {
        this.stage = stage;
        this.onDeleted = onDeleted;
        this.volume = volume;
        this.db = db;
        this.prefix = prefix;
        this.owner = owner;
        this.minLogBytes = minLogBytes;
    }

    /**
     * A newly committed pack (or one found at recovery), in its place by id: the shard's flushes may commit in any
     * order and their completions may arrive in another, but the log is kept in commit order. A pack is usually the
     * newest.
     */
    void add(Pack pack) {
        if (packs.isEmpty() || packs.peekLast().id.compareTo(pack.id) < 0) {
            packs.addLast(pack);
        } else {
            ArrayDeque<Pack> newer = new ArrayDeque<>();
            while (!packs.isEmpty() && packs.peekLast().id.compareTo(pack.id) > 0) {
                newer.push(packs.pollLast());
            }
            packs.addLast(pack);
            packs.addAll(newer);
        }
        logBytes += pack.bytes;
    }

    /** {@code slot}'s record ({@link Held#length} bytes at {@link Held#offset}) in {@code pack} became live. */
    void hold(Pack pack, Held slot) {
        pack.link(slot);
        liveBytes += slot.length;
    }

    /** {@code slot}'s record in {@code pack} is no longer live. */
    void release(Pack pack, Held slot) {
        pack.unlink(slot);
        liveBytes -= slot.length;
    }

    int size() {
        return packs.size();
    }

    /** The packs' ids, oldest first (tests). */
    List<Versionstamp> ids() {
        List<Versionstamp> ids = new ArrayList<>(packs.size());
        for (Pack pack : packs) {
            ids.add(pack.id);
        }
        return ids;
    }

    /**
     * Starts a rewrite, as Redis's BGREWRITEAOF rewrites its append-only file: the live records of every pack older
     * than the newest one now are written again by the cleaner ({@link #cleanCandidate}), whatever the log's size,
     * and the stage completes once those packs have all been deleted. One rewrite at a time: while one is under way,
     * its stage is returned.
     */
    CompletableFuture<Void> rewrite() {
        if (rewriteDone != null) {
            return rewriteDone;
        }
        if (packs.size() < 2) {
            return CompletableFuture.completedFuture(null);
        }
        rewriteBefore = packs.peekLast().id;
        rewriteDone = new CompletableFuture<>();
        return rewriteDone;
    }

    /** Ends the rewrite under way, if any, with {@code error} (the shard is closing). */
    void abandonRewrite(Throwable error) {
        CompletableFuture<Void> done = rewriteDone;
        rewriteDone = null;
        rewriteBefore = null;
        if (done != null) {
            done.completeExceptionally(error);
        }
    }

    /** The rewrite is done once every pack older than its mark has gone. */
    private void checkRewrite() {
        if (rewriteDone != null && (packs.isEmpty() || packs.peekFirst().id.compareTo(rewriteBefore) >= 0)) {
            CompletableFuture<Void> done = rewriteDone;
            rewriteDone = null;
            rewriteBefore = null;
            done.complete(null);
        }
    }

    /** Completes once the delete under way, if any, has ended. */
    CompletableFuture<Void> idle() {
        return collection == null ? CompletableFuture.completedFuture(null)
            : collection.handle((ignored, error) -> null);
    }

    /** The key of staged pack {@code id}. */
    static byte[] stageKey(Subspace stage, Versionstamp id) {
        return stage.pack(Tuple.from(id));
    }

    /**
     * Deletes the run of dead packs at the head in one transaction, then the next run; one run at a time. A pack
     * being moved stops the run.
     */
    void collect() {
        assert owner.inEventLoop();
        if (collection != null || packs.isEmpty() || packs.peekFirst().live > 0) {
            return;
        }
        List<Pack> dead = new ArrayList<>();
        List<Versionstamp> entries = new ArrayList<>();
        for (Pack pack : packs) {
            if (pack.live > 0 || pack.moving || dead.size() == MAX_DELETES_PER_TRANSACTION) {
                break;
            }
            dead.add(pack);
            entries.add(pack.entry); // read here, on the owner thread
            pack.deleting = true;
        }
        if (dead.isEmpty()) {
            return;
        }
        collection = db.runAsync(tr -> {
            CompletableFuture<?>[] deletes = new CompletableFuture<?>[dead.size()];
            for (int i = 0; i < deletes.length; i++) {
                deletes[i] = delete(tr, dead.get(i).id, entries.get(i));
            }
            return CompletableFuture.allOf(deletes);
        }).whenCompleteAsync((ignored, error) -> {
            collection = null;
            if (error != null) {
                for (Pack pack : dead) {
                    pack.deleting = false;
                }
                // tried again after the next flush; the packs stay until then
                if (Long.bitCount(++deleteFailures) == 1) {
                    LOG.warn("stash {}: deleting {} dead packs failed ({} failures so far)", volume.name(),
                        dead.size(), deleteFailures, error);
                }
                return;
            }
            for (Pack pack : dead) {
                Pack removed = packs.pollFirst();
                assert removed == pack;
                logBytes -= pack.bytes;
                if (pack.cleanedAt >= 0) {
                    cleanedBytes -= pack.bytes;
                }
                onDeleted.accept(pack);
            }
            checkRewrite();
            collect();
        }, owner);
    }

    /** Deletes one pack in {@code tr}: its volume entry, or its staged bytes when {@code entry} is null. */
    private CompletableFuture<?> delete(Transaction tr, Versionstamp id, Versionstamp entry) {
        if (entry != null) {
            return volume.delete(tr, prefix, entry);
        }
        tr.clear(stageKey(stage, id));
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The pack to write again at the tail, or null: only when the log, less the packs already cleaned, has outgrown
     * both the minimum and twice its live bytes, or a {@link #rewrite} is under way (then a pack older than its
     * mark), and no cleaning is under way. That is the oldest pack with live
     * records, other than the newest, that was not cleaned during the last {@link #RECLEAN_AFTER_FLUSHES} flushes
     * ({@code flushes} counts the shard's flushes that ended): the records queued again by a cleaning go with a
     * flush that starts after it, which ends at the latest after those in flight then, so a pack cleaned longer ago
     * that still holds live records (a record whose slot was busy then) is cleaned again.
     * Several packs can so be on their way at once, and the cleaner keeps up with a fast stream of overwrites.
     */
    Pack cleanCandidate(long flushes) {
        if (cleaning || packs.size() < 2) {
            return null;
        }
        boolean overBound = logBytes - cleanedBytes > Math.max(minLogBytes, 2 * liveBytes);
        if (!overBound && rewriteBefore == null) {
            return null;
        }
        Pack newest = packs.peekLast();
        for (Pack pack : packs) {
            if (pack == newest || !overBound && pack.id.compareTo(rewriteBefore) >= 0) {
                return null; // a rewrite alone cleans only the packs older than its mark
            }
            if (pack.live > 0 && (pack.cleanedAt < 0 || flushes - pack.cleanedAt >= RECLEAN_AFTER_FLUSHES)) {
                return pack;
            }
        }
        return null;
    }

    /**
     * The cleaner has queued every live record of {@code pack} that it could again, at flush count {@code flushes}.
     * A pack whose records all died while it was being cleaned may be deleted by then: it no longer counts.
     */
    void cleaned(Pack pack, long flushes) {
        if (pack.deleting) {
            return; // collect() takes or took it out of the log: counted now, it would never be subtracted
        }
        if (pack.cleanedAt < 0) {
            cleanedBytes += pack.bytes;
        }
        pack.cleanedAt = flushes;
    }

    void cleaning(boolean underWay) {
        cleaning = underWay;
    }

    /** Bytes of the packs cleaned and not yet deleted (tests). */
    long cleanedBytes() {
        return cleanedBytes;
    }

    /** The log's sizes and packs, for a failing test's message. */
    @Override
    public String toString() {
        return "PackLog[" + logBytes + " bytes, " + liveBytes + " live, " + cleanedBytes + " cleaned"
            + (cleaning ? ", cleaning" : "") + (collection != null ? ", collecting" : "") + ", " + deleteFailures
            + " delete failures, packs " + packs + "]";
    }
}
