package io.kronotop.metastore;

import java.util.List;

/**
 * What the commit thread hands to the log-sync thread, in version order: a resolved batch with its encoded log record
 * ({@code version > 0}; {@code record} is null when the batch changed nothing), watch registrations of read-only
 * transactions ({@code version == -1}), a log file to close once its records are durable ({@code close}), or the end
 * marker ({@code stop}). Immutable once handed over.
 */
record CommitBatch(long version, List<CommitRequest> accepted, List<CommitRequest> watchOnly, List<byte[]> changedKeys,
                   byte[] record, WriteAheadLog wal, boolean close, boolean stop) {

    static CommitBatch watchesOnly(List<CommitRequest> watchOnly, WriteAheadLog wal) {
        return new CommitBatch(-1, List.of(), watchOnly, List.of(), null, wal, false, false);
    }

    static CommitBatch closeLog(WriteAheadLog wal) {
        return new CommitBatch(0, List.of(), List.of(), List.of(), null, wal, true, false);
    }

    static CommitBatch stopMarker(WriteAheadLog wal) {
        return new CommitBatch(0, List.of(), List.of(), List.of(), null, wal, false, true);
    }
}
