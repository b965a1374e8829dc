package io.kronotop.metastore;

import com.apple.foundationdb.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Runs {@link TransactionContract} on the embedded store. */
class EmbeddedTransactionTest extends TransactionContract {
    private static EmbeddedDatabase db;

    @BeforeAll
    static void open(@TempDir Path dir) {
        db = EmbeddedDatabase.open(dir);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    protected Database db() {
        return db;
    }
}
