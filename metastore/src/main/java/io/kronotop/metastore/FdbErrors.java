package io.kronotop.metastore;

import com.apple.foundationdb.FDBException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * FoundationDB error codes the embedded metastore raises, their descriptions, and the retry predicates of
 * {@code fdb_error_predicate}. {@link FDBException#isRetryable()} must never be called: it initialises {@code FDB}.
 */
final class FdbErrors {
    static final int OPERATION_FAILED = 1000;
    static final int TRANSACTION_TOO_OLD = 1007;
    static final int FUTURE_VERSION = 1009;
    static final int NOT_COMMITTED = 1020;
    static final int COMMIT_UNKNOWN_RESULT = 1021;
    static final int TRANSACTION_CANCELLED = 1025;
    static final int TRANSACTION_TIMED_OUT = 1031;
    static final int TOO_MANY_WATCHES = 1032;
    static final int WATCHES_DISABLED = 1034;
    static final int ACCESSED_UNREADABLE = 1036;
    static final int SHUTDOWN_IN_PROGRESS = 1043;
    static final int IO_ERROR = 1510;
    static final int CLIENT_INVALID_OPERATION = 2000;
    static final int KEY_OUTSIDE_LEGAL_RANGE = 2004;
    static final int INVERTED_RANGE = 2005;
    static final int INVALID_OPTION_VALUE = 2006;
    static final int INVALID_OPTION = 2007;
    static final int READ_VERSION_ALREADY_SET = 2010;
    static final int VERSION_INVALID = 2011;
    static final int RANGE_LIMITS_INVALID = 2012;
    static final int USED_DURING_COMMIT = 2017;
    static final int INVALID_MUTATION_TYPE = 2018;
    static final int TRANSACTION_INVALID_VERSION = 2020;
    static final int NO_COMMIT_VERSION = 2021;
    static final int TRANSACTION_TOO_LARGE = 2101;
    static final int KEY_TOO_LARGE = 2102;
    static final int VALUE_TOO_LARGE = 2103;
    static final int UNSUPPORTED_OPERATION = 2108;
    static final int EXACT_MODE_WITHOUT_LIMITS = 2210;
    static final int INTERNAL_ERROR = 4100;

    private FdbErrors() {
    }

    static String name(int code) {
        return switch (code) {
            case OPERATION_FAILED -> "operation_failed";
            case TRANSACTION_TOO_OLD -> "transaction_too_old";
            case FUTURE_VERSION -> "future_version";
            case NOT_COMMITTED -> "not_committed";
            case COMMIT_UNKNOWN_RESULT -> "commit_unknown_result";
            case TRANSACTION_CANCELLED -> "transaction_cancelled";
            case TRANSACTION_TIMED_OUT -> "transaction_timed_out";
            case TOO_MANY_WATCHES -> "too_many_watches";
            case WATCHES_DISABLED -> "watches_disabled";
            case ACCESSED_UNREADABLE -> "accessed_unreadable";
            case SHUTDOWN_IN_PROGRESS -> "shutdown_in_progress";
            case IO_ERROR -> "io_error";
            case CLIENT_INVALID_OPERATION -> "client_invalid_operation";
            case KEY_OUTSIDE_LEGAL_RANGE -> "key_outside_legal_range";
            case INVERTED_RANGE -> "inverted_range";
            case INVALID_OPTION_VALUE -> "invalid_option_value";
            case INVALID_OPTION -> "invalid_option";
            case READ_VERSION_ALREADY_SET -> "read_version_already_set";
            case VERSION_INVALID -> "version_invalid";
            case RANGE_LIMITS_INVALID -> "range_limits_invalid";
            case USED_DURING_COMMIT -> "used_during_commit";
            case INVALID_MUTATION_TYPE -> "invalid_mutation_type";
            case TRANSACTION_INVALID_VERSION -> "transaction_invalid_version";
            case NO_COMMIT_VERSION -> "no_commit_version";
            case TRANSACTION_TOO_LARGE -> "transaction_too_large";
            case KEY_TOO_LARGE -> "key_too_large";
            case VALUE_TOO_LARGE -> "value_too_large";
            case UNSUPPORTED_OPERATION -> "unsupported_operation";
            case EXACT_MODE_WITHOUT_LIMITS -> "exact_mode_without_limits";
            case INTERNAL_ERROR -> "internal_error";
            default -> "unknown_error";
        };
    }

    static String description(int code) {
        return switch (code) {
            case OPERATION_FAILED -> "Operation failed";
            case TRANSACTION_TOO_OLD -> "Transaction is too old to perform reads or be committed";
            case FUTURE_VERSION -> "Request for future version";
            case NOT_COMMITTED -> "Transaction not committed due to conflict with another transaction";
            case COMMIT_UNKNOWN_RESULT -> "Transaction may or may not have committed";
            case TRANSACTION_CANCELLED -> "Operation aborted because the transaction was cancelled";
            case TRANSACTION_TIMED_OUT -> "Operation aborted because the transaction timed out";
            case TOO_MANY_WATCHES -> "Too many watches currently set";
            case WATCHES_DISABLED -> "Watches cannot be set if read your writes is disabled";
            case ACCESSED_UNREADABLE -> "Read or wrote an unreadable key";
            case SHUTDOWN_IN_PROGRESS -> "Operation no longer supported due to shutdown";
            case IO_ERROR -> "Disk i/o operation failed";
            case CLIENT_INVALID_OPERATION -> "Invalid API call";
            case KEY_OUTSIDE_LEGAL_RANGE -> "Key outside legal range";
            case INVERTED_RANGE -> "Range begin key larger than end key";
            case INVALID_OPTION_VALUE -> "Option set with an invalid value";
            case INVALID_OPTION -> "Option not valid in this context";
            case READ_VERSION_ALREADY_SET -> "Transaction already has a read version set";
            case VERSION_INVALID -> "Version not valid";
            case RANGE_LIMITS_INVALID -> "Range limits not valid";
            case USED_DURING_COMMIT -> "Operation issued while a commit was outstanding";
            case INVALID_MUTATION_TYPE -> "Unrecognized atomic mutation type";
            case TRANSACTION_INVALID_VERSION -> "Transaction does not have a valid commit version";
            case NO_COMMIT_VERSION -> "Transaction is read-only and therefore does not have a commit version";
            case TRANSACTION_TOO_LARGE -> "Transaction exceeds byte limit";
            case KEY_TOO_LARGE -> "Key length exceeds limit";
            case VALUE_TOO_LARGE -> "Value length exceeds limit";
            case UNSUPPORTED_OPERATION -> "Operation is not supported";
            case EXACT_MODE_WITHOUT_LIMITS -> "EXACT streaming mode requires limits, but none were given";
            case INTERNAL_ERROR -> "An internal error occurred";
            default -> "An unknown error occurred";
        };
    }

    static FDBException error(int code) {
        return new FDBException(description(code), code);
    }

    static FDBException error(int code, String detail) {
        return new FDBException(description(code) + ": " + detail, code);
    }

    static <T> CompletableFuture<T> failed(int code) {
        return CompletableFuture.failedFuture(error(code));
    }

    static boolean isMaybeCommitted(int code) {
        return code == COMMIT_UNKNOWN_RESULT || code == 1039;
    }

    static boolean isRetryableNotCommitted(int code) {
        return switch (code) {
            case NOT_COMMITTED, TRANSACTION_TOO_OLD, FUTURE_VERSION, 1038, 1078, 1042, 1051, 1037, 1213, 1223 -> true;
            default -> false;
        };
    }

    static boolean isRetryable(int code) {
        return isMaybeCommitted(code) || isRetryableNotCommitted(code);
    }

    /** Codes {@code onError} resets on (with backoff), as {@code Transaction::onError} does. */
    static boolean isRetriedByOnError(int code) {
        return switch (code) {
            case NOT_COMMITTED, COMMIT_UNKNOWN_RESULT, 1038, 1042, 1078, 1037, 1051, 1213, 1079, 1223,
                 TRANSACTION_TOO_OLD, FUTURE_VERSION -> true;
            default -> false;
        };
    }

    static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
