package io.kronotop.metastore;

import com.apple.foundationdb.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs {@link MutationContract} on a real FoundationDB cluster when {@code FDB_CLUSTER_FILE} is set. */
class ClusterMutationIT extends MutationContract {
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
