package io.kronotop.server.cluster;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.Transaction;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code KR.ADMIN ROUTE SET|UNSET PRIMARY|STANDBY}: checks every named shard first and writes only when all pass,
 * in one transaction, so {@code *} is all-or-nothing. Thread-safe.
 */
public final class RouteOperations {
    private final Database db;
    private final ClusterLayout layout;
    private final ClusterAdmin admin;

    RouteOperations(Database db, ClusterLayout layout, ClusterAdmin admin) {
        this.db = db;
        this.layout = layout;
        this.admin = admin;
    }

    /** ROUTE SET PRIMARY: assigns a primary, or moves it to one of the shard's standbys. */
    public CompletableFuture<Void> setPrimary(ShardKind kind, String shardArg, String memberArg) {
        return db.runAsync(tr -> admin.readForChange(tr).thenCompose(table -> {
            String member = MemberResolver.resolve(table.members(), memberArg, RespError::memberNotFound);
            int[] ids = ClusterAdmin.shardIds(table, kind, shardArg);
            List<Integer> moves = new ArrayList<>();
            for (int id : ids) {
                ShardRoute route = table.route(kind, id);
                if (route.primary() == null || route.primary().equals(member)) {
                    continue;
                }
                if (route.status() == ShardStatus.READWRITE) {
                    throw new CommandException(RespError.SHARD_IS_READWRITE);
                }
                if (!route.standbys().contains(member)) {
                    throw new CommandException(RespError.notAStandby(member));
                }
                moves.add(id);
            }
            return checkVolumesReadOnly(tr, kind, moves).thenApply(ignored -> {
                for (int id : ids) {
                    tr.set(layout.primaryKey(kind, id), ClusterLayout.ascii(member));
                    tr.clear(layout.standbyKey(kind, id, member));
                }
                layout.bumpTopology(tr);
                return null;
            });
        }));
    }

    /** A primary moves only after its volume was made READONLY (a volume never opened has nothing to protect). */
    private CompletableFuture<Void> checkVolumesReadOnly(Transaction tr, ShardKind kind, List<Integer> ids) {
        List<CompletableFuture<byte[]>> reads = new ArrayList<>(ids.size());
        for (int id : ids) {
            reads.add(tr.get(layout.volumeStatusKey(kind, id)));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            for (CompletableFuture<byte[]> read : reads) {
                byte[] status = read.join();
                if (status != null && !ClusterLayout.ascii(status).equals("READONLY")) {
                    throw new CommandException(RespError.VOLUME_NOT_READONLY);
                }
            }
            return null;
        });
    }

    /** ROUTE SET STANDBY: adds a standby to shards that have a primary other than that member. */
    public CompletableFuture<Void> setStandby(ShardKind kind, String shardArg, String memberArg) {
        return db.runAsync(tr -> admin.readForChange(tr).thenApply(table -> {
            String member = MemberResolver.resolve(table.members(), memberArg, RespError::memberNotFound);
            int[] ids = ClusterAdmin.shardIds(table, kind, shardArg);
            for (int id : ids) {
                ShardRoute route = table.route(kind, id);
                if (route.primary() == null) {
                    throw new CommandException(RespError.NO_PRIMARY_YET);
                }
                if (route.primary().equals(member)) {
                    throw new CommandException(RespError.PRIMARY_AS_STANDBY);
                }
                if (route.standbys().contains(member)) {
                    throw new CommandException(RespError.ALREADY_STANDBY);
                }
            }
            for (int id : ids) {
                tr.set(layout.standbyKey(kind, id, member), new byte[0]);
            }
            layout.bumpTopology(tr);
            return null;
        }));
    }

    /** ROUTE UNSET STANDBY: removes a standby from shards where it is one. */
    public CompletableFuture<Void> unsetStandby(ShardKind kind, String shardArg, String memberArg) {
        return db.runAsync(tr -> admin.readForChange(tr).thenApply(table -> {
            String member = MemberResolver.resolve(table.members(), memberArg, RespError::memberNotFound);
            int[] ids = ClusterAdmin.shardIds(table, kind, shardArg);
            for (int id : ids) {
                if (!table.route(kind, id).standbys().contains(member)) {
                    throw new CommandException(RespError.MEMBER_NOT_STANDBY);
                }
            }
            for (int id : ids) {
                tr.clear(layout.standbyKey(kind, id, member));
            }
            layout.bumpTopology(tr);
            return null;
        }));
    }
}
