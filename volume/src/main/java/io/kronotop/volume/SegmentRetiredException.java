package io.kronotop.volume;

/**
 * A commit would have pointed at a segment that vacuum or orphan cleanup has retired (emptied and deleted). Raised
 * inside the metastore transaction; the operation's new bytes are garbage and the caller may retry it, which then
 * writes into the current writable segment.
 */
public final class SegmentRetiredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long segmentId;

    public SegmentRetiredException(long segmentId) {
        super("segment " + segmentId + " has been retired");
        this.segmentId = segmentId;
    }

    public long segmentId() {
        return segmentId;
    }
}
