package io.kronotop.metastore;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.KeyArrayResult;
import com.apple.foundationdb.KeyRangeArrayResult;
import com.apple.foundationdb.KeySelector;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.MappedKeyValue;
import com.apple.foundationdb.MutationType;
import com.apple.foundationdb.Range;
import com.apple.foundationdb.ReadTransaction;
import com.apple.foundationdb.StreamingMode;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.TransactionOptions;
import com.apple.foundationdb.async.AsyncIterable;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One attempt of an embedded transaction. Every method is guarded by the transaction's monitor, so a transaction
 * may be shared between threads as fdb-java allows; reads never block on other transactions.
 */
final class EmbeddedTransaction implements Transaction, RangeOverloads {
    private static final long MUTATION_OVERHEAD_BYTES = 24;
    private static final long CONFLICT_OVERHEAD_BYTES = 24;

    private enum State { ACTIVE, COMMITTING, COMMITTED, COMMIT_FAILED, CANCELLED, TIMED_OUT, RESET, CLOSED }

    private final EmbeddedDatabase db;
    private final Executor executor;
    private final MvccStore store;
    private final CommitPipeline pipeline;
    private final SnapshotView snapshotView = new SnapshotView(this);

    // Options that survive onError.
    private long timeoutMs;
    private long retryLimit;
    private long maxRetryDelayMs;
    private long sizeLimit;
    private final long creationNs;
    private final int retries;

    // Per-attempt options.
    private boolean nextWriteNoConflict;
    private boolean rywDisabled;
    private boolean accessSystemKeys;
    private boolean readSystemKeys;
    private boolean usedDuringCommitProtectionDisabled;
    private int snapshotRywBalance;

    private long readVersion = -1;
    private long readVersionNs;
    private boolean touched;
    private final WriteBuffer writes = new WriteBuffer();
    private final List<byte[]> readConflicts = new ArrayList<>();
    private final List<byte[]> writeConflicts = new ArrayList<>();
    private final List<CommitRequest.Op> ops = new ArrayList<>();
    private boolean growsMemory;
    private long approximateSize;
    private State state = State.ACTIVE;
    private final CompletableFuture<byte[]> versionstamp = new CompletableFuture<>();
    private long committedVersion = -1;
    private final List<WatchRegistry.Watch> pendingWatches = new ArrayList<>();

    EmbeddedTransaction(EmbeddedDatabase db, Executor executor, EmbeddedTransaction previous) {
        this.db = db;
        this.executor = executor;
        this.store = db.store();
        this.pipeline = db.pipeline();
        if (previous == null) {
            this.timeoutMs = db.defaultTimeoutMs;
            this.retryLimit = db.defaultRetryLimit;
            this.maxRetryDelayMs = db.defaultMaxRetryDelayMs;
            this.sizeLimit = db.defaultSizeLimit;
            this.creationNs = db.nowNs();
            this.retries = 0;
        } else {
            this.timeoutMs = previous.timeoutMs;
            this.retryLimit = previous.retryLimit;
            this.maxRetryDelayMs = previous.maxRetryDelayMs;
            this.sizeLimit = previous.sizeLimit;
            this.creationNs = previous.creationNs;
            this.retries = previous.retries + 1;
        }
        this.snapshotRywBalance = db.defaultSnapshotRywDisables;
        if (timeoutMs > 0) {
            scheduleTimeout();
        }
    }

    // ------------------------------------------------------------------ state checks

    private boolean timedOut() {
        return timeoutMs > 0 && db.nowNs() - creationNs > timeoutMs * 1_000_000L;
    }

    /** For reads, watches and commit. */
    private void checkUsable() {
        switch (state) {
            case ACTIVE -> {
            }
            case COMMITTING, COMMITTED, COMMIT_FAILED -> {
                if (!usedDuringCommitProtectionDisabled || state == State.COMMITTING) {
                    throw FdbErrors.error(FdbErrors.USED_DURING_COMMIT);
                }
            }
            case CANCELLED, RESET -> throw FdbErrors.error(FdbErrors.TRANSACTION_CANCELLED);
            case TIMED_OUT -> throw FdbErrors.error(FdbErrors.TRANSACTION_TIMED_OUT);
            case CLOSED -> throw new IllegalStateException("Cannot access closed object");
        }
        if (timedOut()) {
            expire();
            throw FdbErrors.error(FdbErrors.TRANSACTION_TIMED_OUT);
        }
    }

    /** Fails pending operations (watches) with 1031 when the timeout expires, not only the next call. */
    private void scheduleTimeout() {
        if (timeoutMs <= 0) {
            return;
        }
        long remainingNs = creationNs + timeoutMs * 1_000_000L - db.nowNs();
        Runnable onTimeout = () -> {
            synchronized (this) {
                if (state == State.ACTIVE && timedOut()) {
                    expire();
                }
            }
        };
        if (remainingNs <= 0) {
            onTimeout.run();
        } else {
            CompletableFuture.delayedExecutor(remainingNs, TimeUnit.NANOSECONDS, executor).execute(onTimeout);
        }
    }

    private void expire() {
        state = State.TIMED_OUT;
        failPending(FdbErrors.TRANSACTION_TIMED_OUT);
    }

    /** For writes: after commit, cancel or timeout they are silently dropped, as the error surfaces later. */
    private boolean writesIgnored() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("Cannot access closed object");
        }
        return state != State.ACTIVE;
    }

    private long readVersion() {
        if (readVersion < 0) {
            readVersion = pipeline.committedVersion();
            readVersionNs = db.nowNs();
        }
        checkReadVersionAge();
        return readVersion;
    }

    /** After reading: a concurrent prune past the read version may have removed what the read needed. */
    private void checkNotPruned() {
        if (readVersion < pipeline.horizon()) {
            throw FdbErrors.error(FdbErrors.TRANSACTION_TOO_OLD);
        }
    }

    private void checkReadVersionAge() {
        if (readVersion > pipeline.committedVersion()) {
            throw FdbErrors.error(FdbErrors.FUTURE_VERSION);
        }
        if (readVersion < pipeline.horizon() || db.nowNs() - readVersionNs > CommitPipeline.WINDOW_NS) {
            throw FdbErrors.error(FdbErrors.TRANSACTION_TOO_OLD);
        }
    }

    private byte[] maxReadKey() {
        return accessSystemKeys || readSystemKeys ? Keys.SPECIAL_BEGIN : Keys.SYSTEM_BEGIN;
    }

    private byte[] maxWriteKey() {
        return accessSystemKeys ? Keys.SPECIAL_BEGIN : Keys.SYSTEM_BEGIN;
    }

    private boolean ryw(boolean snapshot) {
        return !rywDisabled && !(snapshot && snapshotRywBalance > 0);
    }

    private static <T> CompletableFuture<T> future(java.util.function.Supplier<T> body) {
        try {
            return CompletableFuture.completedFuture(body.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public boolean isSnapshot() {
        return false;
    }

    @Override
    public ReadTransaction snapshot() {
        return snapshotView;
    }

    @Override
    public synchronized CompletableFuture<Long> getReadVersion() {
        return future(() -> {
            checkUsable();
            if (readVersion >= 0) {
                return readVersion;
            }
            return readVersion();
        });
    }

    @Override
    public synchronized void setReadVersion(long version) {
        if (readVersion >= 0) {
            throw FdbErrors.error(FdbErrors.READ_VERSION_ALREADY_SET);
        }
        if (version <= 0) {
            throw FdbErrors.error(FdbErrors.VERSION_INVALID);
        }
        readVersion = version;
        readVersionNs = db.nowNs();
    }

    @Override
    public boolean addReadConflictRangeIfNotSnapshot(byte[] begin, byte[] end) {
        addReadConflictRange(begin, end);
        return true;
    }

    @Override
    public boolean addReadConflictKeyIfNotSnapshot(byte[] key) {
        addReadConflictKey(key);
        return true;
    }

    @Override
    public CompletableFuture<byte[]> get(byte[] key) {
        return get(key, false);
    }

    synchronized CompletableFuture<byte[]> get(byte[] key, boolean snapshot) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        try {
            return CompletableFuture.completedFuture(doGet(key, snapshot));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private byte[] doGet(byte[] key, boolean snapshot) {
        checkUsable();
        if (Keys.compare(key, maxReadKey()) >= 0 && !Arrays.equals(key, Keys.METADATA_VERSION)) {
            throw FdbErrors.error(FdbErrors.KEY_OUTSIDE_LEGAL_RANGE);
        }
        if (key.length > (Keys.isSystem(key) ? Keys.SYSTEM_KEY_SIZE_LIMIT : Keys.KEY_SIZE_LIMIT)) {
            return null;
        }
        WriteBuffer.Entry e = null;
        if (ryw(snapshot)) {
            e = writes.entry(key);
            if (e != null) {
                if (e.unreadable) {
                    throw FdbErrors.error(FdbErrors.ACCESSED_UNREADABLE);
                }
                if (e.known) {
                    return e.value;
                }
            } else if (writes.isCleared(key)) {
                return null;
            } else if (writes.hasUnreadable() && writes.touchesUnreadable(key, Keys.keyAfter(key))) {
                throw FdbErrors.error(FdbErrors.ACCESSED_UNREADABLE);
            }
        }
        long rv = readVersion();
        byte[] base = store.get(key, rv);
        checkNotPruned();
        if (!snapshot) {
            addReadConflict(key, Keys.keyAfter(key));
        }
        return e == null ? base : e.resolve(base);
    }

    @Override
    public CompletableFuture<byte[]> getKey(KeySelector selector) {
        return getKey(selector, false);
    }

    synchronized CompletableFuture<byte[]> getKey(KeySelector selector, boolean snapshot) {
        return future(() -> {
            checkUsable();
            byte[] ref = selector.getKey();
            if (Keys.compare(ref, maxReadKey()) > 0) {
                throw FdbErrors.error(FdbErrors.KEY_OUTSIDE_LEGAL_RANGE);
            }
            long rv = readVersion();
            boolean ryw = ryw(snapshot);
            byte[] result = resolve(selector, rv, ryw);
            checkNotPruned();
            byte[] refP = referencePoint(selector);
            byte[] lo = Keys.min(refP, result);
            byte[] hi = Keys.min(Keys.max(refP, Keys.keyAfter(result)), maxReadKey());
            if (ryw && Keys.compare(lo, hi) < 0 && writes.touchesUnreadable(lo, hi)) {
                throw FdbErrors.error(FdbErrors.ACCESSED_UNREADABLE);
            }
            if (!snapshot) {
                addSelectorConflict(selector, result, maxReadKey());
            }
            return result;
        });
    }

    private static byte[] referencePoint(KeySelector sel) {
        return sel.orEqual() ? Keys.keyAfter(sel.getKey()) : sel.getKey();
    }

    /** Resolves a selector against the merged view, adding no conflict. */
    private byte[] resolve(KeySelector sel, long rv, boolean ryw) {
        byte[] refP = referencePoint(sel);
        int offset = sel.getOffset();
        byte[] max = maxReadKey();
        if (offset >= 1) {
            if (Keys.compare(refP, max) >= 0) {
                return max;
            }
            List<KeyValue> rows = writes.scan(store, rv, refP, max, false, offset, ryw);
            return rows.size() == offset ? rows.get(offset - 1).getKey() : max;
        }
        int n = 1 - offset;
        List<KeyValue> rows = writes.scan(store, rv, Keys.EMPTY, Keys.min(refP, max), true, n, ryw);
        return rows.size() == n ? rows.get(n - 1).getKey() : Keys.EMPTY;
    }

    AsyncIterable<KeyValue> range(KeySelector begin, KeySelector end, int limit, boolean reverse, StreamingMode mode,
                                  boolean snapshot) {
        return new RangeQuery(this, begin, end, limit, reverse, snapshot, mode);
    }

    /** Fetches the next chunk of a range read; see {@link RangeQuery}. */
    synchronized List<KeyValue> fetchRange(RangeQuery.Cursor c, int chunk) {
        checkUsable();
        boolean ryw = ryw(c.snapshot);
        byte[] max = maxReadKey();
        if (!c.resolved) {
            if (c.limit < 0) {
                throw FdbErrors.error(FdbErrors.RANGE_LIMITS_INVALID);
            }
            if (c.mode == StreamingMode.EXACT && c.limit == 0) {
                throw FdbErrors.error(FdbErrors.EXACT_MODE_WITHOUT_LIMITS);
            }
            if (Keys.compare(c.begin.getKey(), max) > 0 || Keys.compare(c.end.getKey(), max) > 0) {
                throw FdbErrors.error(FdbErrors.KEY_OUTSIDE_LEGAL_RANGE);
            }
            long rv = readVersion();
            // A firstGreater* selector (offset 1) resolves to the first key at or after its reference point, so
            // scanning from (or up to) the reference point itself reads exactly the same keys: no resolution, and
            // the scanned span is the whole conflict. Other selectors are resolved, and the keys between their
            // reference and their result become a read conflict, since the answer depends on them.
            byte[] b;
            if (c.begin.getOffset() == 1) {
                b = Keys.min(referencePoint(c.begin), max);
            } else {
                b = resolve(c.begin, rv, ryw);
                if (!c.snapshot) {
                    addSelectorConflict(c.begin, b, max);
                }
            }
            byte[] e;
            if (c.end.getOffset() == 1) {
                e = Keys.min(referencePoint(c.end), max);
            } else {
                e = resolve(c.end, rv, ryw);
                if (!c.snapshot) {
                    addSelectorConflict(c.end, e, max);
                }
            }
            c.conflictEnd = e;
            c.lo = b;
            c.hi = e;
            c.resolved = true;
        }
        if (c.done) {
            return List.of();
        }
        int want = chunk;
        if (c.limit > 0) {
            want = Math.min(want, c.limit - c.returned);
        }
        long rv = readVersion();
        List<KeyValue> rows = writes.scan(store, rv, c.lo, c.hi, c.reverse, want, ryw);
        checkNotPruned();
        boolean full = want != Integer.MAX_VALUE && rows.size() == want;
        byte[] spanBegin;
        byte[] spanEnd;
        if (!c.reverse) {
            spanBegin = c.lo;
            spanEnd = full ? Keys.keyAfter(rows.getLast().getKey()) : c.conflictEnd;
            if (full) {
                c.lo = spanEnd;
            }
        } else {
            spanEnd = c.first ? c.conflictEnd : c.hi;
            spanBegin = full ? rows.getLast().getKey() : c.lo;
            if (full) {
                c.hi = spanBegin;
            }
        }
        c.first = false;
        if (ryw && Keys.compare(spanBegin, spanEnd) < 0 && writes.touchesUnreadable(spanBegin, spanEnd)) {
            throw FdbErrors.error(FdbErrors.ACCESSED_UNREADABLE);
        }
        if (!c.snapshot && Keys.compare(spanBegin, spanEnd) < 0) {
            addReadConflict(spanBegin, spanEnd);
        }
        c.returned += rows.size();
        if (!full || (c.limit > 0 && c.returned >= c.limit)) {
            c.done = true;
        }
        return rows;
    }

    /** Read conflict on the keys a selector's resolution to {@code result} depended on. */
    private void addSelectorConflict(KeySelector sel, byte[] result, byte[] max) {
        byte[] refP = referencePoint(sel);
        byte[] cb;
        byte[] ce;
        if (sel.getOffset() > 0) {
            cb = refP;
            ce = Keys.compare(result, max) >= 0 ? max : Keys.keyAfter(result);
        } else {
            cb = result;
            ce = Keys.min(refP, max);
        }
        if (Keys.compare(cb, ce) < 0) {
            addReadConflict(cb, ce);
        }
    }

    @Override
    public AsyncIterable<KeyValue> getRange(KeySelector begin, KeySelector end, int limit, boolean reverse,
                                           StreamingMode mode) {
        return range(begin, end, limit, reverse, mode, false);
    }

    @Override
    public AsyncIterable<MappedKeyValue> getMappedRange(KeySelector begin, KeySelector end, byte[] mapper, int limit,
                                                        boolean reverse, StreamingMode mode) {
        throw FdbErrors.error(FdbErrors.UNSUPPORTED_OPERATION);
    }

    @Override
    public synchronized CompletableFuture<Long> getEstimatedRangeSizeBytes(byte[] begin, byte[] end) {
        return future(() -> {
            checkUsable();
            long rv = readVersion();
            return Keys.compare(begin, end) >= 0 ? 0L : store.rangeBytes(begin, end, rv);
        });
    }

    @Override
    public CompletableFuture<Long> getEstimatedRangeSizeBytes(Range range) {
        return getEstimatedRangeSizeBytes(range.begin, range.end);
    }

    @Override
    public synchronized CompletableFuture<KeyArrayResult> getRangeSplitPoints(byte[] begin, byte[] end,
                                                                            long chunkSize) {
        return future(() -> {
            checkUsable();
            if (chunkSize <= 0 || Keys.compare(begin, end) > 0) {
                throw FdbErrors.error(FdbErrors.INVERTED_RANGE);
            }
            long rv = readVersion();
            List<byte[]> keys = new ArrayList<>();
            keys.add(begin);
            long acc = 0;
            for (Map.Entry<byte[], MvccStore.Versions> e : store.range(begin, end, false).entrySet()) {
                byte[] v = MvccStore.valueAt(e.getValue(), rv);
                if (v == null) {
                    continue;
                }
                if (acc >= chunkSize && Keys.compare(e.getKey(), begin) > 0) {
                    keys.add(e.getKey());
                    acc = 0;
                }
                acc += e.getKey().length + v.length;
            }
            keys.add(end);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            int[] lengths = new int[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                all.writeBytes(keys.get(i));
                lengths[i] = keys.get(i).length;
            }
            return new KeyArrayResult(all.toByteArray(), lengths);
        });
    }

    @Override
    public CompletableFuture<KeyArrayResult> getRangeSplitPoints(Range range, long chunkSize) {
        return getRangeSplitPoints(range.begin, range.end, chunkSize);
    }

    @Override
    public CompletableFuture<KeyRangeArrayResult> getBlobGranuleRanges(byte[] begin, byte[] end, int rowLimit) {
        return FdbErrors.failed(FdbErrors.UNSUPPORTED_OPERATION);
    }

    // ------------------------------------------------------------------ conflict ranges

    private void addReadConflict(byte[] begin, byte[] end) {
        readConflicts.add(begin);
        readConflicts.add(end);
        approximateSize += begin.length + end.length + CONFLICT_OVERHEAD_BYTES;
    }

    private void addWriteConflict(byte[] begin, byte[] end) {
        writeConflicts.add(begin);
        writeConflicts.add(end);
        approximateSize += begin.length + end.length + CONFLICT_OVERHEAD_BYTES;
    }

    private void writeConflictForNextWrite(byte[] begin, byte[] end) {
        if (nextWriteNoConflict) {
            nextWriteNoConflict = false;
            return;
        }
        addWriteConflict(begin, end);
    }

    private static void checkRange(byte[] begin, byte[] end) {
        if (begin == null || end == null) {
            throw new IllegalArgumentException("range ends must not be null");
        }
        if (Keys.compare(begin, end) > 0) {
            throw FdbErrors.error(FdbErrors.INVERTED_RANGE);
        }
    }

    @Override
    public synchronized void addReadConflictRange(byte[] begin, byte[] end) {
        checkRange(begin, end);
        if (Keys.compare(begin, end) < 0 && !writesIgnored()) {
            addReadConflict(begin, end);
        }
    }

    @Override
    public void addReadConflictKey(byte[] key) {
        addReadConflictRange(key, Keys.keyAfter(key));
    }

    @Override
    public synchronized void addWriteConflictRange(byte[] begin, byte[] end) {
        checkRange(begin, end);
        if (Keys.compare(begin, end) < 0 && !writesIgnored()) {
            touched = true;
            addWriteConflict(begin, end);
        }
    }

    @Override
    public void addWriteConflictKey(byte[] key) {
        addWriteConflictRange(key, Keys.keyAfter(key));
    }

    // ------------------------------------------------------------------ writes

    private void checkWriteKey(byte[] key) {
        if (Arrays.equals(key, Keys.METADATA_VERSION)) {
            throw FdbErrors.error(FdbErrors.CLIENT_INVALID_OPERATION);
        }
        if (Keys.compare(key, maxWriteKey()) >= 0) {
            throw FdbErrors.error(FdbErrors.KEY_OUTSIDE_LEGAL_RANGE);
        }
        if (key.length > (Keys.isSystem(key) ? Keys.SYSTEM_KEY_SIZE_LIMIT : Keys.KEY_SIZE_LIMIT)) {
            throw FdbErrors.error(FdbErrors.KEY_TOO_LARGE);
        }
    }

    private static void checkValue(byte[] value) {
        if (value.length > Keys.VALUE_SIZE_LIMIT) {
            throw FdbErrors.error(FdbErrors.VALUE_TOO_LARGE);
        }
    }

    @Override
    public synchronized void set(byte[] key, byte[] value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("key and value must not be null");
        }
        checkWriteKey(key);
        checkValue(value);
        if (writesIgnored()) {
            return;
        }
        touched = true;
        growsMemory = true;
        ops.add(new CommitRequest.Op(CommitRequest.OP_SET, key, value));
        writes.set(key, value);
        approximateSize += key.length + value.length + MUTATION_OVERHEAD_BYTES;
        writeConflictForNextWrite(key, Keys.keyAfter(key));
        onLocalWrite(key, key, value, true);
    }

    @Override
    public synchronized void clear(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (Arrays.equals(key, Keys.METADATA_VERSION)) {
            throw FdbErrors.error(FdbErrors.CLIENT_INVALID_OPERATION);
        }
        if (Keys.compare(key, maxWriteKey()) >= 0) {
            throw FdbErrors.error(FdbErrors.KEY_OUTSIDE_LEGAL_RANGE);
        }
        if (key.length > (Keys.isSystem(key) ? Keys.SYSTEM_KEY_SIZE_LIMIT : Keys.KEY_SIZE_LIMIT)
                || writesIgnored()) {
            return;
        }
        touched = true;
        ops.add(new CommitRequest.Op(CommitRequest.OP_CLEAR, key, null));
        writes.set(key, null);
        approximateSize += key.length + MUTATION_OVERHEAD_BYTES;
        writeConflictForNextWrite(key, Keys.keyAfter(key));
        onLocalWrite(key, key, null, true);
    }

    @Override
    public synchronized void clear(byte[] begin, byte[] end) {
        if (begin == null || end == null) {
            throw new IllegalArgumentException("range ends must not be null");
        }
        byte[] max = maxWriteKey();
        if (Keys.compare(begin, max) > 0 || Keys.compare(end, max) > 0) {
            throw FdbErrors.error(FdbErrors.KEY_OUTSIDE_LEGAL_RANGE);
        }
        checkRange(begin, end);
        if (Keys.compare(begin, end) == 0 || writesIgnored()) {
            return;
        }
        touched = true;
        ops.add(new CommitRequest.Op(CommitRequest.OP_CLEAR_RANGE, begin, end));
        writes.clearRange(begin, end);
        approximateSize += begin.length + end.length + MUTATION_OVERHEAD_BYTES;
        writeConflictForNextWrite(begin, end);
        onLocalWrite(begin, end, null, true);
    }

    @Override
    public void clear(Range range) {
        clear(range.begin, range.end);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void clearRangeStartsWith(byte[] prefix) {
        clear(Range.startsWith(prefix));
    }

    @Override
    public synchronized void mutate(MutationType type, byte[] key, byte[] param) {
        if (type == null || key == null || param == null) {
            throw new IllegalArgumentException("mutation type, key and parameter must not be null");
        }
        int code = type.code();
        switch (code) {
            case Mutations.SET_VERSIONSTAMPED_KEY -> {
                if (Mutations.stampOffset(key) < 0) {
                    throw FdbErrors.error(FdbErrors.CLIENT_INVALID_OPERATION);
                }
                // the key without its offset; then, in place, the lowest key the stamp can give it
                byte[] lo = Arrays.copyOf(key, key.length - 4);
                checkWriteKey(lo);
                checkValue(param);
                if (writesIgnored()) {
                    return;
                }
                int pos = Mutations.stampOffset(key);
                byte[] hi = lo.clone();
                if (readVersion >= 0) {
                    Mutations.putStamp(lo, pos, readVersion, 0);
                } else {
                    Arrays.fill(lo, pos, pos + 10, (byte) 0);
                }
                Arrays.fill(hi, pos, pos + 10, (byte) 0xFF);
                byte[] end = Keys.keyAfter(hi);
                writes.addUnreadableRange(lo, end);
                approximateSize += key.length + param.length + MUTATION_OVERHEAD_BYTES;
                nextWriteNoConflict = false;
                onLocalWrite(lo, end, null, false);
            }
            case Mutations.SET_VERSIONSTAMPED_VALUE -> {
                if (Mutations.stampOffset(param) < 0) {
                    throw FdbErrors.error(FdbErrors.CLIENT_INVALID_OPERATION);
                }
                if (Arrays.equals(key, Keys.METADATA_VERSION)) {
                    if (param.length != 14 || !Arrays.equals(param, new byte[14])) {
                        throw FdbErrors.error(FdbErrors.CLIENT_INVALID_OPERATION);
                    }
                } else {
                    checkWriteKey(key);
                }
                if (param.length - 4 > Keys.VALUE_SIZE_LIMIT) {
                    throw FdbErrors.error(FdbErrors.VALUE_TOO_LARGE);
                }
                if (writesIgnored()) {
                    return;
                }
                writes.setUnreadable(key);
                approximateSize += key.length + param.length + MUTATION_OVERHEAD_BYTES;
                writeConflictForNextWrite(key, Keys.keyAfter(key));
                onLocalWrite(key, key, null, false);
            }
            default -> {
                if (!Mutations.isKnownAtomic(code)) {
                    throw FdbErrors.error(FdbErrors.INVALID_MUTATION_TYPE);
                }
                checkWriteKey(key);
                checkValue(param);
                if (writesIgnored()) {
                    return;
                }
                writes.atomic(key, code, param);
                approximateSize += key.length + param.length + MUTATION_OVERHEAD_BYTES;
                writeConflictForNextWrite(key, Keys.keyAfter(key));
                onLocalWrite(key, key, null, false);
            }
        }
        touched = true;
        growsMemory = true;
        ops.add(new CommitRequest.Op(code, key, param));
    }

    /** A watch created by this transaction fires at once when the transaction itself changes the key. */
    private void onLocalWrite(byte[] begin, byte[] endOrKey, byte[] value, boolean known) {
        if (pendingWatches.isEmpty()) {
            return;
        }
        boolean single = begin == endOrKey;
        for (WatchRegistry.Watch w : pendingWatches) {
            boolean hit = single ? Arrays.equals(w.key, begin)
                    : Keys.compare(w.key, begin) >= 0 && Keys.compare(w.key, endOrKey) < 0;
            if (hit && (!known || !Arrays.equals(value, w.seen))) {
                w.fire();
            }
        }
    }

    // ------------------------------------------------------------------ commit and lifecycle

    @Override
    public CompletableFuture<Void> commit() {
        return commit(false);
    }

    /**
     * Commit for a caller that only waits for the outcome (the {@code run} loop): the log-sync thread completes it
     * directly, saving the hand-off to the executor. The returned future must not be given to user code.
     */
    CompletableFuture<Void> commitAndWait() {
        return commit(true);
    }

    private synchronized CompletableFuture<Void> commit(boolean direct) {
        try {
            checkUsable();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        state = State.COMMITTING;
        if (ops.isEmpty() && writeConflicts.isEmpty()) {
            committedVersion = -1;
            state = State.COMMITTED;
            versionstamp.completeExceptionally(FdbErrors.error(FdbErrors.NO_COMMIT_VERSION));
            if (pendingWatches.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            CommitRequest req = new CommitRequest(-1, 0, List.of(), List.of(), List.of(),
                    List.copyOf(pendingWatches), false, executor, false);
            pendingWatches.clear();
            pipeline.submit(req);
            return req.done.handle((v, t) -> null);
        }
        if (approximateSize > sizeLimit) {
            state = State.COMMIT_FAILED;
            versionstamp.completeExceptionally(FdbErrors.error(FdbErrors.TRANSACTION_INVALID_VERSION));
            failPending(FdbErrors.TRANSACTION_TOO_LARGE);
            return FdbErrors.failed(FdbErrors.TRANSACTION_TOO_LARGE);
        }
        long rv = readVersion;
        long rvNs = readVersionNs;
        if (rv < 0 && !readConflicts.isEmpty()) {
            rv = pipeline.committedVersion();
            rvNs = db.nowNs();
        }
        CommitRequest req = new CommitRequest(rv, rvNs, readConflicts, writeConflicts, ops,
                List.copyOf(pendingWatches), growsMemory, executor, direct);
        CompletableFuture<Void> result = new CompletableFuture<>();
        req.done.whenComplete((version, err) -> {
            synchronized (this) {
                if (err == null) {
                    committedVersion = version;
                    if (state == State.COMMITTING) {
                        state = State.COMMITTED;
                    }
                    versionstamp.complete(Mutations.stamp(version, req.batchIndex));
                    pendingWatches.clear();
                } else {
                    if (state == State.COMMITTING) {
                        state = State.COMMIT_FAILED;
                    }
                    versionstamp.completeExceptionally(FdbErrors.error(FdbErrors.TRANSACTION_INVALID_VERSION));
                    int code = err instanceof FDBException fe ? fe.getCode() : FdbErrors.INTERNAL_ERROR;
                    failPending(code);
                }
            }
            if (err == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(err);
            }
        });
        pipeline.submit(req);
        return result;
    }

    private void failPending(int code) {
        for (WatchRegistry.Watch w : pendingWatches) {
            w.fail(code);
        }
        pendingWatches.clear();
    }

    @Override
    public synchronized Long getCommittedVersion() {
        return committedVersion;
    }

    @Override
    public CompletableFuture<byte[]> getVersionstamp() {
        return versionstamp;
    }

    @Override
    public synchronized CompletableFuture<Long> getApproximateSize() {
        return CompletableFuture.completedFuture(approximateSize);
    }

    @Override
    public synchronized CompletableFuture<Transaction> onError(Throwable e) {
        Throwable t = FdbErrors.unwrap(e);
        if (!(t instanceof FDBException fe)) {
            return CompletableFuture.failedFuture(t);
        }
        int code = fe.getCode();
        if (state == State.CLOSED) {
            return CompletableFuture.failedFuture(new IllegalStateException("Cannot access closed object"));
        }
        if (!FdbErrors.isRetriedByOnError(code) || (retryLimit >= 0 && retries >= retryLimit)) {
            state = State.CANCELLED;
            failPending(FdbErrors.TRANSACTION_CANCELLED);
            versionstamp.completeExceptionally(FdbErrors.error(FdbErrors.TRANSACTION_CANCELLED));
            return CompletableFuture.failedFuture(fe);
        }
        long delayMs;
        if (code == FdbErrors.TRANSACTION_TOO_OLD || code == FdbErrors.FUTURE_VERSION) {
            delayMs = Math.min(10, maxRetryDelayMs);
        } else {
            long backoff = Math.min(maxRetryDelayMs, 10L << Math.min(retries, 20));
            delayMs = (long) (backoff * ThreadLocalRandom.current().nextDouble());
        }
        state = State.RESET;
        failPending(FdbErrors.TRANSACTION_CANCELLED);
        versionstamp.completeExceptionally(FdbErrors.error(FdbErrors.TRANSACTION_CANCELLED));
        EmbeddedTransaction next = new EmbeddedTransaction(db, executor, this);
        if (delayMs <= 0) {
            return CompletableFuture.completedFuture(next);
        }
        return CompletableFuture.supplyAsync(() -> next,
                CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS, executor));
    }

    @Override
    public synchronized void cancel() {
        if (state == State.CLOSED) {
            return;
        }
        State before = state;
        state = State.CANCELLED;
        failPending(FdbErrors.TRANSACTION_CANCELLED);
        if (before != State.COMMITTING && before != State.COMMITTED) {
            versionstamp.completeExceptionally(FdbErrors.error(FdbErrors.TRANSACTION_CANCELLED));
        }
    }

    @Override
    public synchronized CompletableFuture<Void> watch(byte[] key) throws FDBException {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        try {
            checkUsable();
            if (rywDisabled) {
                throw FdbErrors.error(FdbErrors.WATCHES_DISABLED);
            }
            if (Keys.compare(key, maxReadKey()) >= 0 && !Arrays.equals(key, Keys.METADATA_VERSION)) {
                throw FdbErrors.error(FdbErrors.KEY_OUTSIDE_LEGAL_RANGE);
            }
            if (key.length > (Keys.isSystem(key) ? Keys.SYSTEM_KEY_SIZE_LIMIT : Keys.KEY_SIZE_LIMIT)) {
                throw FdbErrors.error(FdbErrors.KEY_TOO_LARGE);
            }
            WatchRegistry.Watch w = db.watches().tryCreate(key, executor);
            if (w == null) {
                throw FdbErrors.error(FdbErrors.TOO_MANY_WATCHES);
            }
            try {
                w.seen = doGet(key, true);
            } catch (RuntimeException e) {
                w.future.completeExceptionally(e);
                throw e;
            }
            pendingWatches.add(w);
            return w.future;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Database getDatabase() {
        return db;
    }

    @Override
    public <T> T run(Function<? super Transaction, T> retryable) {
        return retryable.apply(this);
    }

    @Override
    public <T> CompletableFuture<T> runAsync(Function<? super Transaction, ? extends CompletableFuture<T>> retryable) {
        try {
            return retryable.apply(this).thenApply(v -> v);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public <T> T read(Function<? super ReadTransaction, T> retryable) {
        return retryable.apply(this);
    }

    @Override
    public <T> CompletableFuture<T> readAsync(
            Function<? super ReadTransaction, ? extends CompletableFuture<T>> retryable) {
        try {
            return retryable.apply(this).thenApply(v -> v);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Executor getExecutor() {
        return executor;
    }

    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (state != State.COMMITTING && state != State.COMMITTED) {
            failPending(FdbErrors.TRANSACTION_CANCELLED);
        }
        state = State.CLOSED;
    }

    // ------------------------------------------------------------------ options

    @Override
    public TransactionOptions options() {
        return new TransactionOptions(this::setOption);
    }

    private synchronized void setOption(int code, byte[] param) {
        switch (code) {
            case 30 -> nextWriteNoConflict = true;
            case 51 -> {
                if (touched || readVersion >= 0) {
                    throw FdbErrors.error(FdbErrors.CLIENT_INVALID_OPERATION);
                }
                rywDisabled = true;
            }
            case 301 -> accessSystemKeys = true;
            case 302 -> readSystemKeys = true;
            case 500 -> {
                timeoutMs = EmbeddedDatabase.nonNegative(EmbeddedDatabase.longParam(param));
                scheduleTimeout();
            }
            case 501 -> retryLimit = EmbeddedDatabase.longParam(param);
            case 502 -> maxRetryDelayMs = EmbeddedDatabase.nonNegative(EmbeddedDatabase.longParam(param));
            case 503 -> sizeLimit = EmbeddedDatabase.sizeLimit(EmbeddedDatabase.longParam(param));
            case 600 -> snapshotRywBalance--;
            case 601 -> snapshotRywBalance++;
            case 701 -> usedDuringCommitProtectionDisabled = true;
            default -> {
                // priorities, tags, logging, causal risk, lock-aware and the rest are accepted with no effect
            }
        }
    }
}
