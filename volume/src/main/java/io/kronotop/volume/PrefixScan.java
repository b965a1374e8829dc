package io.kronotop.volume;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.Range;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One walk of {@link Volume#forEachEntry}: the entry keys of a prefix in pages of {@code pageSize}, one read
 * transaction per page, each entry's bytes read through {@code reader}. Never blocks; the visitor runs on a metastore
 * thread.
 */
final class PrefixScan {
    private final Database db;
    private final Subspace entries;
    private final int pageSize;
    private final Volume.EntryVisitor visitor;
    private final Function<EntryLocation, MemorySegment> reader;

    PrefixScan(Database db, Subspace entries, int pageSize, Volume.EntryVisitor visitor,
               Function<EntryLocation, MemorySegment> reader) {
        this.db = db;
        this.entries = entries;
        this.pageSize = pageSize;
        this.visitor = visitor;
        this.reader = reader;
    }

    CompletableFuture<Long> run(long prefix) {
        Range range = entries.range(Tuple.from(prefix));
        return page(range.begin, range.end, 0);
    }

    private CompletableFuture<Long> page(byte[] begin, byte[] end, long visited) {
        return db.readAsync(tr -> tr.getRange(begin, end, pageSize).asList()).thenCompose(page -> {
            for (KeyValue kv : page) {
                Versionstamp entryId = entries.unpack(kv.getKey()).getVersionstamp(1);
                visitor.onEntry(entryId, reader.apply(VolumeSubspace.decodeLocation(kv.getValue())));
            }
            long total = visited + page.size();
            if (page.size() < pageSize) {
                return CompletableFuture.completedFuture(total);
            }
            byte[] last = page.getLast().getKey();
            return page(Arrays.copyOf(last, last.length + 1), end, total);
        });
    }
}
