package io.kronotop.server.command.txn;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.Transaction;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TICK FRESH|CACHED: a metastore read version. FRESH asks the metastore on every call; CACHED serves a
 * server-wide value refreshed when it is older than one second. Monotonic, not unique.
 */
final class TickHandler implements CommandHandler {
    private static final byte[] FRESH = "FRESH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CACHED = "CACHED".getBytes(StandardCharsets.US_ASCII);
    private static final long CACHE_NS = 1_000_000_000L;

    private final Database db;
    private final AtomicLong cachedVersion = new AtomicLong(-1);
    private final AtomicLong cachedAtNs = new AtomicLong();

    TickHandler(Database db) {
        this.db = db;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        boolean cached = args.equalsIgnoreCase(1, CACHED);
        if (!cached && !args.equalsIgnoreCase(1, FRESH)) {
            reply.error(RespError.illegalArgument("TICK", args.string(1)));
            return;
        }
        long nowNs = System.nanoTime();
        long version = cachedVersion.get();
        if (cached && version >= 0 && nowNs - cachedAtNs.get() < CACHE_NS) {
            reply.integer(version);
            return;
        }
        CompletableFuture<Long> fresh;
        Transaction tr;
        try {
            tr = db.createTransaction();
        } catch (RuntimeException e) {
            TransactionRunner.fail(e, reply);
            return;
        }
        try {
            fresh = tr.getReadVersion();
        } catch (RuntimeException e) {
            fresh = CompletableFuture.failedFuture(e);
        }
        fresh.whenComplete((v, e) -> tr.close());
        TransactionRunner.complete(ctx, reply, fresh, (v, out) -> {
            long newest = cachedVersion.accumulateAndGet(v, Math::max);
            cachedAtNs.set(System.nanoTime());
            out.integer(cached ? newest : v);
        });
    }
}
