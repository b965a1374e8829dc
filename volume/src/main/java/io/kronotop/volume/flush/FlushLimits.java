package io.kronotop.volume.flush;

/**
 * Bounds of one group-commit batch.
 *
 * @param maxEntries entries per batch at most
 * @param maxBytes   record bytes per batch at most; a larger single entry still forms a batch alone
 * @param maxDelayNs how long a batch that is not full may wait for more entries; 0 means not at all
 */
public record FlushLimits(int maxEntries, long maxBytes, long maxDelayNs) {
    public FlushLimits {
        if (maxEntries < 1 || maxBytes < 1 || maxDelayNs < 0) {
            throw new IllegalArgumentException("bad flush limits " + maxEntries + "/" + maxBytes + "/" + maxDelayNs);
        }
    }
}
