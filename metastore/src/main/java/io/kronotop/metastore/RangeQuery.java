package io.kronotop.metastore;

import com.apple.foundationdb.KeySelector;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.StreamingMode;
import com.apple.foundationdb.async.AsyncIterable;
import com.apple.foundationdb.async.AsyncIterator;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A lazy range read: nothing is read until {@link #iterator()} or {@link #asList()}; the iterator fetches in chunks
 * from where the previous chunk ended, each chunk seeing the transaction's writes at that moment.
 */
final class RangeQuery implements AsyncIterable<KeyValue> {
    /** Mutable progress of one iteration. Guarded by the transaction's monitor. */
    static final class Cursor {
        final KeySelector begin;
        final KeySelector end;
        final int limit;
        final boolean reverse;
        final boolean snapshot;
        final StreamingMode mode;
        boolean resolved;
        boolean first = true;
        boolean done;
        byte[] lo;
        byte[] hi;
        byte[] conflictEnd;
        int returned;

        Cursor(KeySelector begin, KeySelector end, int limit, boolean reverse, boolean snapshot, StreamingMode mode) {
            this.begin = begin;
            this.end = end;
            this.limit = limit;
            this.reverse = reverse;
            this.snapshot = snapshot;
            this.mode = mode;
        }
    }

    private final EmbeddedTransaction tr;
    private final KeySelector begin;
    private final KeySelector end;
    private final int limit;
    private final boolean reverse;
    private final boolean snapshot;
    private final StreamingMode mode;

    RangeQuery(EmbeddedTransaction tr, KeySelector begin, KeySelector end, int limit, boolean reverse,
               boolean snapshot, StreamingMode mode) {
        if (begin == null || end == null) {
            throw new IllegalArgumentException("range selectors must not be null");
        }
        this.tr = tr;
        this.begin = begin;
        this.end = end;
        this.limit = limit;
        this.reverse = reverse;
        this.snapshot = snapshot;
        this.mode = mode == null ? StreamingMode.ITERATOR : mode;
    }

    private Cursor cursor() {
        return new Cursor(begin, end, limit, reverse, snapshot, mode);
    }

    @Override
    public AsyncIterator<KeyValue> iterator() {
        return new Iter(cursor());
    }

    @Override
    public CompletableFuture<List<KeyValue>> asList() {
        try {
            Cursor c = cursor();
            List<KeyValue> first = tr.fetchRange(c, Integer.MAX_VALUE);
            if (c.done) {
                return CompletableFuture.completedFuture(first);
            }
            List<KeyValue> all = new ArrayList<>(first);
            while (!c.done) {
                all.addAll(tr.fetchRange(c, Integer.MAX_VALUE));
            }
            return CompletableFuture.completedFuture(all);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static int firstChunk(StreamingMode mode) {
        return switch (mode) {
            case WANT_ALL, EXACT, SERIAL -> Integer.MAX_VALUE;
            case SMALL -> 64;
            case MEDIUM -> 512;
            case LARGE -> 4096;
            default -> 128;
        };
    }

    private final class Iter implements AsyncIterator<KeyValue> {
        private final Cursor cursor;
        private List<KeyValue> buffer = List.of();
        private int index;
        private int chunk;
        private boolean cancelled;

        Iter(Cursor cursor) {
            this.cursor = cursor;
            this.chunk = firstChunk(cursor.mode);
        }

        @Override
        public CompletableFuture<Boolean> onHasNext() {
            try {
                return CompletableFuture.completedFuture(fill());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        private boolean fill() {
            while (index >= buffer.size()) {
                if (cancelled || cursor.done) {
                    return false;
                }
                buffer = tr.fetchRange(cursor, chunk);
                index = 0;
                if (cursor.mode == StreamingMode.ITERATOR && chunk < 8192) {
                    chunk *= 2;
                }
            }
            return true;
        }

        @Override
        public boolean hasNext() {
            try {
                return fill();
            } catch (RuntimeException e) {
                throw new CompletionException(e);
            }
        }

        @Override
        public KeyValue next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffer.get(index++);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
