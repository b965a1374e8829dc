package io.kronotop.server.redis;

import io.kronotop.server.cluster.Member;
import io.kronotop.server.cluster.RoutingTable;
import io.kronotop.server.cluster.ShardKind;
import io.kronotop.server.cluster.ShardRoute;
import io.kronotop.server.cluster.ShardStatus;
import io.kronotop.server.error.RespError;

import java.util.Arrays;

/**
 * What this member does with a command for each REDIS shard, decided once per routing change: serve it,
 * serve reads only, redirect ({@code MOVED}) or refuse. An immutable snapshot built from the cluster's
 * {@link RoutingTable} on the routing thread and published through a volatile field of {@link RedisShards},
 * so the data path reads no metastore and takes no lock. Any thread.
 *
 * <p>Checks in order: a shard without a primary is refused ({@code not owned by any member yet}); an INOPERABLE
 * shard refuses every command on every member; a shard primaried elsewhere redirects to its primary's client
 * port; a READONLY shard refuses writes.
 */
public final class SlotRouting {
    private static final byte SERVED = 0;
    private static final byte READ_ONLY = 1;
    private static final byte INOPERABLE = 2;
    private static final byte MOVED = 3;
    private static final byte UNOWNED = 4;
    private static final byte PRIMARY_UNKNOWN = 5;

    private final byte[] states;
    /** {@code host:port} of the primary's client port for MOVED shards, else null. */
    private final String[] targets;

    private SlotRouting(byte[] states, String[] targets) {
        this.states = states;
        this.targets = targets;
    }

    /** Every shard served here, read-write: a keyspace used without a cluster (unit tests, tools). */
    public static SlotRouting allLocal(int shardCount) {
        return new SlotRouting(new byte[shardCount], new String[shardCount]);
    }

    /**
     * The decisions for {@code shardCount} local shards as {@code table} routes them for member
     * {@code localMemberId}. Shards the table does not know (not initialised, or fewer shards than configured)
     * are unowned.
     */
    public static SlotRouting from(RoutingTable table, String localMemberId, int shardCount) {
        byte[] states = new byte[shardCount];
        String[] targets = new String[shardCount];
        Arrays.fill(states, UNOWNED);
        int known = Math.min(shardCount, table.initialized() ? table.shardCount(ShardKind.REDIS) : 0);
        for (int shard = 0; shard < known; shard++) {
            ShardRoute route = table.route(ShardKind.REDIS, shard);
            if (route.primary() == null) {
                continue;
            }
            if (route.status() == ShardStatus.INOPERABLE) {
                states[shard] = INOPERABLE;
            } else if (!route.primary().equals(localMemberId)) {
                Member primary = table.member(route.primary());
                if (primary == null) {
                    states[shard] = PRIMARY_UNKNOWN;
                } else {
                    states[shard] = MOVED;
                    targets[shard] = primary.externalHost() + ":" + primary.externalPort();
                }
            } else {
                states[shard] = route.status() == ShardStatus.READWRITE ? SERVED : READ_ONLY;
            }
        }
        return new SlotRouting(states, targets);
    }

    /** Whether this member serves reads of {@code shard} (it is its primary and the shard is not INOPERABLE). */
    public boolean servesLocally(int shard) {
        return states[shard] == SERVED || states[shard] == READ_ONLY;
    }

    /**
     * Null when this member runs a command on {@code slot} of {@code shard}, else the error reply to send:
     * {@code MOVED <slot> <host>:<port>} or a shard-status error.
     */
    public String refusal(int shard, int slot, boolean write) {
        return switch (states[shard]) {
            case SERVED -> null;
            case READ_ONLY -> write ? RespError.shardNotReadWrite(shard) : null;
            case INOPERABLE -> RespError.shardInoperable(shard);
            case MOVED -> "MOVED " + slot + " " + targets[shard];
            case UNOWNED -> RespError.shardNotOwnedYet(shard);
            default -> RespError.shardNotOwned(shard);
        };
    }
}
