package io.kronotop.server.redis.persist;

import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.volume.Volume;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One flush of a shard: the records its slots had in flight, cut into packs of at most {@code maxPackBytes} of
 * records (a larger record goes alone), each appended to the volume as one entry. The appends may commit in one
 * volume batch or several; {@link #done()} completes when all have ended, each with its own outcome.
 */
final class FlushBatch {
    final List<Slot> slots;
    private final List<byte[]> records;
    private final int[] offsets;
    private final List<int[]> ranges = new ArrayList<>();
    private final List<CompletableFuture<Versionstamp>> appends = new ArrayList<>();

    /** Appends the in-flight records of {@code slots}, in order. */
    FlushBatch(List<Slot> slots, Volume volume, long prefix, long maxPackBytes) {
        this.slots = slots;
        this.records = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            records.add(slot.inFlightRecord);
        }
        this.offsets = new int[records.size()];
        int from = 0;
        long bytes = 0;
        for (int i = 0; i <= records.size(); i++) {
            int length = i < records.size() ? records.get(i).length : 0;
            if (i == records.size() || (i > from && bytes + length > maxPackBytes)) {
                ranges.add(new int[]{from, i});
                appends.add(append(volume, prefix, from, i, bytes));
                from = i;
                bytes = 0;
            }
            if (i < records.size()) {
                offsets[i] = (int) (StashPack.HEADER_LENGTH + bytes);
            }
            bytes += length;
        }
    }

    private CompletableFuture<Versionstamp> append(Volume volume, long prefix, int from, int to, long bytes) {
        try {
            return volume.append(prefix, MemorySegment.ofArray(StashPack.encode(records, from, to, bytes)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
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
        long bytes = StashPack.HEADER_LENGTH;
        for (int i = from(p); i < to(p); i++) {
            bytes += records.get(i).length;
        }
        return new Pack(appends.get(p).join(), bytes);
    }
}
