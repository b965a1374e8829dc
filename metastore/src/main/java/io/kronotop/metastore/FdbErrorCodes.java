package io.kronotop.metastore;

/**
 * FoundationDB error names and retry predicates for callers that map {@code FDBException} codes (for instance the
 * server's error mapper). Use these instead of {@code FDBException.isRetryable()} and friends, which initialise
 * fdb-java's {@code FDB} class and so fail without the native client library.
 */
public final class FdbErrorCodes {
    private FdbErrorCodes() {
    }

    /**
     * FoundationDB's name of an error code, such as {@code not_committed} for 1020.
     *
     * @param code the error code
     * @return the name, or {@code unknown_error} for a code the metastore never raises
     */
    public static String name(int code) {
        return FdbErrors.name(code);
    }

    /**
     * {@code fdb_error_predicate(RETRYABLE, code)}: the transaction may be retried.
     *
     * @param code the error code
     * @return true for the retryable codes
     */
    public static boolean isRetryable(int code) {
        return FdbErrors.isRetryable(code);
    }

    /**
     * {@code fdb_error_predicate(MAYBE_COMMITTED, code)}: the transaction may have committed.
     *
     * @param code the error code
     * @return true for 1021 and 1039
     */
    public static boolean isMaybeCommitted(int code) {
        return FdbErrors.isMaybeCommitted(code);
    }

    /**
     * {@code fdb_error_predicate(RETRYABLE_NOT_COMMITTED, code)}: retryable, and certainly not committed.
     *
     * @param code the error code
     * @return true for 1020, 1007, 1009 and the throttling and proxy-memory codes
     */
    public static boolean isRetryableNotCommitted(int code) {
        return FdbErrors.isRetryableNotCommitted(code);
    }
}
