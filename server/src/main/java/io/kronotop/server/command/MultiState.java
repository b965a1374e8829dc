package io.kronotop.server.command;

import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.WatchedKey;

import java.util.ArrayList;
import java.util.List;

/**
 * One connection's MULTI queue and WATCHed keys. Connection reactor only, but for {@link #queuedCount()} and
 * {@link #watchCount()}, which CLIENT LIST reads from any thread.
 */
public final class MultiState {
    /** A queued command: its spec and a copy of its arguments. */
    public record Queued(CommandSpec spec, RespArgs args) {
    }

    /** A watched key and its version when WATCH ran. */
    public record Watch(WatchedKey key, long version) {
    }

    private boolean active;
    private boolean dirty;
    private boolean crossSlot;
    private int slot = -1;
    private RedisShard shard;
    private final List<Queued> queued = new ArrayList<>();
    private final List<Watch> watches = new ArrayList<>();
    /** -1 outside MULTI, else the number of queued commands. */
    private volatile int queuedCount = -1;
    private volatile int watchCount;

    public boolean active() {
        return active;
    }

    public void begin() {
        active = true;
        queuedCount = 0;
    }

    /** A command was rejected while queueing: EXEC will answer EXECABORT. */
    public void flagDirty() {
        if (active) {
            dirty = true;
        }
    }

    public boolean dirty() {
        return dirty;
    }

    public boolean crossSlot() {
        return crossSlot;
    }

    /** The shard every keyed queued command runs on, or null when none has keys. */
    public RedisShard shard() {
        return shard;
    }

    /** Queues a command whose keys hash to {@code slot} (-1 when keyless) on {@code slotShard}. */
    public void queue(CommandSpec spec, RespArgs args, int keySlot, RedisShard slotShard) {
        if (keySlot >= 0) {
            if (slot < 0) {
                slot = keySlot;
                shard = slotShard;
            } else if (slot != keySlot) {
                crossSlot = true;
            }
        }
        queued.add(new Queued(spec, args.copy()));
        queuedCount = queued.size();
    }

    public List<Queued> queued() {
        return queued;
    }

    public List<Watch> watches() {
        return watches;
    }

    /** Watches keys (WATCH). */
    public void watch(List<Watch> keys) {
        watches.addAll(keys);
        watchCount = watches.size();
    }

    /** Takes every watched key out (EXEC, which checks and releases them). */
    public List<Watch> takeWatches() {
        List<Watch> taken = new ArrayList<>(watches);
        watches.clear();
        watchCount = 0;
        return taken;
    }

    /** CLIENT LIST's {@code multi}: -1 outside MULTI, else the commands queued. Any thread. */
    public int queuedCount() {
        return queuedCount;
    }

    /** CLIENT LIST's {@code watch}: the keys watched. Any thread. */
    public int watchCount() {
        return watchCount;
    }

    /** Ends the transaction (EXEC, DISCARD, RESET): the queue is emptied; watches are left to the caller. */
    public void end() {
        active = false;
        dirty = false;
        crossSlot = false;
        slot = -1;
        shard = null;
        queued.clear();
        queuedCount = -1;
    }

    /** Forgets every watched key, releasing it on its shard's reactor. */
    public void unwatchAll() {
        release(watches);
        watches.clear();
        watchCount = 0;
    }

    /** Releases {@code list}'s watched keys on their shards' reactors. */
    public static void release(List<Watch> list) {
        for (Watch w : list) {
            RedisShard s = w.key().shard();
            WatchedKey key = w.key();
            s.owner().execute(() -> s.unwatch(key));
        }
    }
}
