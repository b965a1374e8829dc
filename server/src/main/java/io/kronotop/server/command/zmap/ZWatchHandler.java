package io.kronotop.server.command.zmap;

import com.apple.foundationdb.Transaction;
import io.kronotop.server.command.txn.TransactionRunner;
import io.kronotop.server.error.RespError;
import io.kronotop.server.session.Session;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * ZWATCH key: replies OK once the key's value changes. Only this connection waits (its later requests queue
 * behind the reply); the reactor does not. The watch is cancelled when the connection closes.
 */
final class ZWatchHandler implements CommandHandler {
    private final ZMapContext z;

    ZWatchHandler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Session session = ctx.session();
        if (session.transaction() != null) {
            reply.error(RespError.ZWATCH_IN_TRANSACTION);
            return;
        }
        String ns = z.namespace(ctx);
        byte[] key = args.bytes(1);
        Transaction tr;
        try {
            tr = z.runner().database().createTransaction();
        } catch (RuntimeException e) {
            TransactionRunner.fail(e, reply);
            return;
        }
        AtomicReference<CompletableFuture<Void>> watch = new AtomicReference<>();
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean armed = new AtomicBoolean();
        LongAdder blocked = ctx.server().stats().blockedClients;
        CompletableFuture<Void> fired;
        try {
            fired = z.store().prefix(tr, ns).thenCompose(p -> {
                CompletableFuture<Void> w = tr.watch(ZMapStore.key(p, key));
                watch.set(w);
                if (closed.get()) {
                    w.cancel(true);
                }
                return tr.commit().thenCompose(committed -> {
                    // From here on a change is guaranteed to fire it: INFO counts the client as blocked.
                    armed.set(true);
                    blocked.increment();
                    return w;
                });
            });
        } catch (RuntimeException e) {
            fired = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> wait = fired;
        Runnable cancel = () -> {
            // Cancel the metastore's watch itself, not only the future composed on it, so it is unregistered.
            closed.set(true);
            CompletableFuture<Void> w = watch.get();
            if (w != null) {
                w.cancel(true);
            }
            wait.cancel(true);
        };
        session.onClose(cancel);
        wait.whenComplete((v, e) -> {
            tr.close();
            if (armed.getAndSet(false)) {
                blocked.decrement();
            }
        });
        ctx.await(wait, (v, failure, out) -> {
            session.removeOnClose(cancel);
            if (failure == null) {
                out.ok();
            } else {
                TransactionRunner.fail(failure, out);
            }
        });
    }
}
