package io.kronotop.server.txn;

import com.apple.foundationdb.FDBException;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.MetastoreErrors;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The one mapping from metastore failures to error replies. */
class MetastoreErrorsTest {
    @Test
    void shouldNameFoundationDbErrorsInCapitals() {
        assertThat(MetastoreErrors.reply(new FDBException(
            "Transaction not committed due to conflict with another transaction", 1020)))
            .isEqualTo("NOT_COMMITTED Transaction not committed due to conflict with another transaction");
        assertThat(MetastoreErrors.reply(new FDBException("Value length exceeds limit", 2103)))
            .isEqualTo("VALUE_TOO_LARGE Value length exceeds limit");
        assertThat(MetastoreErrors.reply(new FDBException("Too many watches currently set", 1032)))
            .isEqualTo("TOO_MANY_WATCHES Too many watches currently set");
    }

    @Test
    void shouldKeepTheSeedWordForTransactionTooOld() {
        assertThat(MetastoreErrors.reply(new FDBException("Transaction is too old", 1007)))
            .isEqualTo("TRANSACTIONOLD transaction is too old to perform reads or be committed");
    }

    @Test
    void shouldUnwrapFuturesAndKeepCommandErrors() {
        FDBException conflict = new FDBException("conflict", 1020);
        assertThat(MetastoreErrors.reply(new CompletionException(new ExecutionException(conflict))))
            .isEqualTo("NOT_COMMITTED conflict");
        assertThat(MetastoreErrors.isConflict(new CompletionException(conflict))).isTrue();
        assertThat(MetastoreErrors.reply(new CompletionException(new CommandException("NOSUCHNAMESPACE No such namespace: x"))))
            .isEqualTo("NOSUCHNAMESPACE No such namespace: x");
    }

    @Test
    void shouldFallBackToErrForUnknownCodesAndNullForForeignFailures() {
        assertThat(MetastoreErrors.reply(new FDBException("odd\r\nthing", 9999))).isEqualTo("ERR odd  thing");
        assertThat(MetastoreErrors.reply(new IllegalStateException("boom"))).isNull();
    }
}
