package io.kronotop.server.redis.persist;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One flush of a shard: the records its slots had in flight, cut into packs of at most {@code maxPackBytes} of
 * records (a larger record goes alone), each written as one pack (a volume entry, or staged in the metastore). The
 * packs are built in steps of a bounded number of records ({@link #encode}), so that a large flush does not hold its
 * reactor for long; each pack is written as soon as it is complete. The writes may commit together or apart;
 * {@link #done()} completes when all have ended, each with its own outcome.
 */
final class FlushBatch {
    final List<Slot> slots;
    private final long maxPackBytes;
    private final List<byte[]> records;
    private final int[] offsets;
    private final List<int[]> ranges = new ArrayList<>();
    private final List<Long> packBytes = new ArrayList<>();
    private final List<CompletableFuture<Pack>> appends = new ArrayList<>();
    /** While slots are added: the first record of the pack being cut, and that pack's record bytes so far. */
    private int cutFrom;
    private long cutBytes;
    /** The next record to copy into its pack, and that pack's bytes (null until its first record is copied). */
    private int next;
    private byte[] out;
    /** {@link System#nanoTime()} when the flush started, for the flush time in INFO. */
    final long startNanos = System.nanoTime();

    /**
     * An empty batch that {@link #add} fills with at most {@code capacity} slots. The packs are cut as the slots come
     * (the caller reads each record then anyway), so no step has to walk the whole batch.
     */
    FlushBatch(int capacity, long maxPackBytes) {
        this.slots = new ArrayList<>(capacity);
        this.records = new ArrayList<>(capacity);
        this.offsets = new int[capacity];
        this.maxPackBytes = maxPackBytes;
    }

    /** Adds {@code slot} and its in-flight record, in order: it closes the pack being cut when it does not fit. */
    void add(Slot slot) {
        byte[] record = slot.inFlightRecord;
        int i = records.size();
        if (i > cutFrom && cutBytes + record.length > maxPackBytes) {
            ranges.add(new int[]{cutFrom, i});
            packBytes.add(cutBytes);
            cutFrom = i;
            cutBytes = 0;
        }
        offsets[i] = (int) (StashPack.HEADER_LENGTH + cutBytes);
        cutBytes += record.length;
        slots.add(slot);
        records.add(record);
    }

    /** Closes the last pack; call once, after the last {@link #add} and before {@link #encode}. */
    void seal() {
        if (records.size() > cutFrom) {
            ranges.add(new int[]{cutFrom, records.size()});
            packBytes.add(cutBytes);
            cutFrom = records.size();
        }
    }

    boolean isEmpty() {
        return slots.isEmpty();
    }

    /**
     * Copies up to {@code maxRecords} more records into their packs and hands each pack to {@code writer} once it is
     * complete. Returns true when every pack has been handed over (then {@link #done()} may be called).
     */
    boolean encode(Function<byte[], CompletableFuture<Pack>> writer, int maxRecords) {
        int budget = maxRecords;
        while (appends.size() < ranges.size()) {
            int[] range = ranges.get(appends.size());
            try {
                if (out == null) {
                    out = StashPack.allocate(range[1] - range[0], packBytes.get(appends.size()));
                }
                int to = (int) Math.min(range[1], (long) next + budget);
                budget -= to - next;
                for (; next < to; next++) {
                    byte[] record = records.get(next);
                    System.arraycopy(record, 0, out, offsets[next], record.length);
                }
                if (next < range[1]) {
                    return false;
                }
                appends.add(writer.apply(out));
            } catch (RuntimeException e) {
                appends.add(CompletableFuture.failedFuture(e));
                next = range[1];
            }
            out = null;
            if (budget <= 0 && appends.size() < ranges.size()) {
                return false;
            }
        }
        return true;
    }

    /** Completes (normally) once every append has ended. */
    CompletableFuture<Void> done() {
        return CompletableFuture.allOf(appends.toArray(new CompletableFuture<?>[0])).handle((ignored, e) -> null);
    }

    int packs() {
        return ranges.size();
    }

    /** Index of pack {@code p}'s first slot. */
    int from(int p) {
        return ranges.get(p)[0];
    }

    /** Index after pack {@code p}'s last slot. */
    int to(int p) {
        return ranges.get(p)[1];
    }

    byte[] record(int i) {
        return records.get(i);
    }

    /** Where record {@code i} starts in its pack. */
    int offset(int i) {
        return offsets[i];
    }

    /** Why pack {@code p} failed, or null when it committed; after {@link #done()}. */
    Throwable error(int p) {
        return appends.get(p).handle((id, e) -> e).join();
    }

    /** Pack {@code p} as committed; after {@link #done()}, when {@link #error} is null. */
    Pack pack(int p) {
        return appends.get(p).join();
    }
}
