package io.kronotop.metastore;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.Range;
import com.apple.foundationdb.tuple.Tuple;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Shared helpers of the conformance suites. Everything is written against the fdb-java API only, so that each
 * suite runs on the embedded store and, with {@code FDB_CLUSTER_FILE} set, on a real cluster. Each test works under
 * its own key prefix and clears it afterwards.
 */
abstract class ContractBase {
    protected byte[] prefix;

    protected abstract Database db();

    @BeforeEach
    void makePrefix(TestInfo info) {
        prefix = Tuple.from("kronotop-contract", info.getDisplayName(), UUID.randomUUID().toString()).pack();
    }

    @AfterEach
    void clearPrefix() {
        db().run(tr -> {
            tr.clear(Range.startsWith(prefix));
            return null;
        });
    }

    protected byte[] k(String suffix) {
        byte[] s = suffix.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[prefix.length + s.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(s, 0, out, prefix.length, s.length);
        return out;
    }

    protected static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    protected static String str(byte[] v) {
        return v == null ? null : new String(v, StandardCharsets.ISO_8859_1);
    }

    protected String suffix(byte[] key) {
        return new String(key, prefix.length, key.length - prefix.length, StandardCharsets.ISO_8859_1);
    }

    protected static byte[] le(long v) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    protected static long leLong(byte[] b) {
        long v = 0;
        for (int i = b.length - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    protected byte[] value(byte[] key) {
        return db().read(tr -> tr.get(key).join());
    }

    protected void put(String key, String value) {
        db().run(tr -> {
            tr.set(k(key), b(value));
            return null;
        });
    }

    /** The FDB error code of a failed call, unwrapping futures. */
    protected static int code(ThrowableAssert.ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("expected an FDBException").isNotNull();
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        assertThat(t).isInstanceOf(FDBException.class);
        return ((FDBException) t).getCode();
    }

    protected static int code(CompletableFuture<?> f) {
        return code(f::join);
    }
}
