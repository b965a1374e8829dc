package io.kronotop.metastore;

import com.apple.foundationdb.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs {@link TransactionContract} on a real FoundationDB cluster when {@code FDB_CLUSTER_FILE} is set. */
class ClusterTransactionIT extends TransactionContract {
    private static Database db;

    @BeforeAll
    static void open() {
        db = ClusterSupport.openOrSkip();
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected Database db() {
        return db;
    }
}
