package io.kronotop.server.command.txn;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.Transaction;
import io.kronotop.server.command.CommandRegistry;

import static io.kronotop.server.command.CommandSpec.of;

/** Transaction commands over the metastore, client port. */
public final class TxnCommands {
    private static final String G = "transactions";

    private TxnCommands() {
    }

    public static void register(CommandRegistry registry, Database db) {
        registry.add(of("begin", 1, "fast", G, "", "Opens a transaction for this session.", new BeginHandler(db)));
        registry.add(of("commit", -1, "write", G, "[RETURNING committed-version|versionstamp]",
            "Commits the session's transaction.", new CommitHandler()));
        registry.add(of("rollback", 1, "fast", G, "", "Cancels the session's transaction.", new RollbackHandler()));
        registry.add(of("getapproximatesize", 1, "readonly fast", G, "",
            "Approximate size of the session's transaction in bytes.",
            new TransactionNumberHandler(Transaction::getApproximateSize)));
        registry.add(of("getreadversion", 1, "readonly fast", G, "",
            "Read version of the session's transaction.",
            new TransactionNumberHandler(Transaction::getReadVersion)));
        registry.add(of("snapshotread", 2, "fast", G, "ON|OFF", "Turns snapshot reads on or off for this session.",
            new SnapshotReadHandler()));
        registry.add(of("tick", 2, "readonly fast", G, "FRESH|CACHED", "Returns a metastore read version.",
            new TickHandler(db)));
    }
}
