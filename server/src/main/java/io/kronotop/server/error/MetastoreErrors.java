package io.kronotop.server.error;

import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.directory.DirectoryAlreadyExistsException;
import com.apple.foundationdb.directory.NoSuchDirectoryException;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a metastore failure into an error reply, once, for every handler: an {@link FDBException} becomes
 * {@code <FDB_ERROR_NAME> <description>} (e.g. {@code NOT_COMMITTED Transaction not committed due to conflict
 * with another transaction}), except {@code transaction_too_old}, which keeps the seed's {@code TRANSACTIONOLD}
 * word. {@link CommandException}s keep their reply. Anything else is not a metastore error: {@link #reply}
 * returns null and the caller reports an internal error.
 */
public final class MetastoreErrors {
    public static final int TRANSACTION_TOO_OLD = 1007;
    public static final int NOT_COMMITTED = 1020;

    /** Codes a client can meet, with FoundationDB's names; an unknown code falls back to {@code ERR}. */
    private static final Map<Integer, String> NAMES = Map.ofEntries(
        Map.entry(1000, "operation_failed"), Map.entry(1004, "timed_out"), Map.entry(1007, "transaction_too_old"),
        Map.entry(1009, "future_version"), Map.entry(1020, "not_committed"),
        Map.entry(1021, "commit_unknown_result"), Map.entry(1025, "transaction_cancelled"),
        Map.entry(1029, "watch_cancelled"), Map.entry(1031, "transaction_timed_out"),
        Map.entry(1032, "too_many_watches"), Map.entry(1034, "watches_disabled"),
        Map.entry(1036, "accessed_unreadable"), Map.entry(1037, "process_behind"),
        Map.entry(1038, "database_locked"), Map.entry(1043, "shutdown_in_progress"),
        Map.entry(1051, "batch_transaction_throttled"), Map.entry(1101, "operation_cancelled"),
        Map.entry(1213, "tag_throttled"), Map.entry(1510, "io_error"),
        Map.entry(2000, "client_invalid_operation"), Map.entry(2004, "key_outside_legal_range"),
        Map.entry(2005, "inverted_range"), Map.entry(2006, "invalid_option_value"),
        Map.entry(2007, "invalid_option"), Map.entry(2010, "read_version_already_set"),
        Map.entry(2011, "version_invalid"), Map.entry(2012, "range_limits_invalid"),
        Map.entry(2017, "used_during_commit"), Map.entry(2018, "invalid_mutation_type"),
        Map.entry(2020, "transaction_invalid_version"), Map.entry(2021, "no_commit_version"),
        Map.entry(2023, "transaction_read_only"), Map.entry(2101, "transaction_too_large"),
        Map.entry(2102, "key_too_large"), Map.entry(2103, "value_too_large"),
        Map.entry(2108, "unsupported_operation"), Map.entry(4100, "internal_error"));

    private MetastoreErrors() {
    }

    /** The error reply for {@code failure}, or null when it is not a metastore or command error. */
    public static String reply(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof CommandException e) {
            return e.reply();
        }
        if (t instanceof FDBException e) {
            return forCode(e.getCode(), e.getMessage());
        }
        if (t instanceof NoSuchDirectoryException) {
            return "NOSUCHNAMESPACE No such namespace";
        }
        if (t instanceof DirectoryAlreadyExistsException) {
            return "NAMESPACEALREADYEXISTS Namespace already exists";
        }
        return null;
    }

    /** {@code <NAME> <message>} for an FDB error code. */
    public static String forCode(int code, String message) {
        if (code == TRANSACTION_TOO_OLD) {
            return RespError.TRANSACTION_OLD;
        }
        String name = NAMES.get(code);
        String text = message == null || message.isEmpty() ? "error " + code : oneLine(message);
        return name == null ? "ERR " + text : name.toUpperCase(Locale.ROOT) + " " + text;
    }

    /** True when {@code failure} is a conflict ({@code not_committed}) a client may retry. */
    public static boolean isConflict(Throwable failure) {
        return unwrap(failure) instanceof FDBException e && e.getCode() == NOT_COMMITTED;
    }

    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }
}
