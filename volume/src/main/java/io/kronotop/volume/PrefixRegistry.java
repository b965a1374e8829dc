package io.kronotop.volume;

import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;

/**
 * The cluster's registry of prefixes, one subspace shared by every volume: {@code (prefix) -> binding key}. An owner
 * (a bucket, the stash) registers its prefix together with a binding key of its own metadata whose value is the
 * prefix, 8 bytes little-endian. A prefix is stale once its binding key is gone or holds another prefix (the owner
 * was removed or recreated); {@link io.kronotop.volume.vacuum.StalePrefixTask} then removes its entries from the
 * volumes so vacuum can reclaim their bytes. Prefixes never registered are never considered stale.
 *
 * <p>Stateless: any thread.
 */
public final class PrefixRegistry {
    private final Subspace root;

    public PrefixRegistry(Subspace root) {
        this.root = root;
    }

    public Subspace subspace() {
        return root;
    }

    /** Registers {@code prefix}, bound to {@code bindingKey}, and writes the binding in {@code tr}. */
    public void register(Transaction tr, long prefix, byte[] bindingKey) {
        tr.set(root.pack(Tuple.from(prefix)), bindingKey);
        tr.set(bindingKey, VolumeSubspace.le(prefix));
    }

    /** Whether {@code bindingValue} (the value at a registration's binding key, or null) still binds {@code prefix}. */
    public static boolean binds(long prefix, byte[] bindingValue) {
        return bindingValue != null && bindingValue.length == Long.BYTES && VolumeSubspace.readLe(bindingValue) == prefix;
    }
}
