package io.kronotop.metastore;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A transaction handed to the commit thread. Immutable once submitted, apart from the result fields. */
final class CommitRequest {
    static final int OP_SET = -1;
    static final int OP_CLEAR = -2;
    static final int OP_CLEAR_RANGE = -3;

    /** One mutation, in the order it was issued. {@code type} is an {@code OP_*} or an atomic code. */
    record Op(int type, byte[] key, byte[] param) {
    }

    final long readVersion;
    final long readVersionNs;
    final List<byte[]> readConflicts;
    final List<byte[]> writeConflicts;
    final List<Op> ops;
    final List<WatchRegistry.Watch> watches;
    final boolean growsMemory;
    final Executor executor;
    /** Completed directly by the log-sync thread: only for callers that merely wait (the {@code run} loop). */
    final boolean direct;
    final CompletableFuture<Long> done = new CompletableFuture<>();
    volatile int batchIndex;

    CommitRequest(long readVersion, long readVersionNs, List<byte[]> readConflicts, List<byte[]> writeConflicts,
                  List<Op> ops, List<WatchRegistry.Watch> watches, boolean growsMemory, Executor executor,
                  boolean direct) {
        this.direct = direct;
        this.readVersion = readVersion;
        this.readVersionNs = readVersionNs;
        this.readConflicts = readConflicts;
        this.writeConflicts = writeConflicts;
        this.ops = ops;
        this.watches = watches;
        this.growsMemory = growsMemory;
        this.executor = executor;
    }

    boolean isWatchOnly() {
        return ops.isEmpty() && writeConflicts.isEmpty();
    }
}
