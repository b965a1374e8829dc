package io.kronotop.server.error;

/**
 * The catalogue of error replies, Redis's exact wording. A reply is {@code prefix + " " + message}; the
 * prefix is what errorstats counts. Handlers pass these to {@code ReplyWriter.error}.
 */
public final class RespError {
    public static final String ERR = "ERR";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    public static final String NOPROTO = "NOPROTO unsupported protocol version";
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_A_FLOAT = "ERR value is not a valid float";
    public static final String DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range";
    /** Redis's reply to an integer argument read as a C int that does not fit one. */
    public static final String NOT_AN_INT =
        "ERR value is out of range, value must between -2147483648 and 2147483647";
    public static final String NO_SUCH_CLIENT = "ERR No such client";
    public static final String INVALID_CLIENT_NAME =
        "ERR Client names cannot contain spaces, newlines or special characters.";
    public static final String AUTH_NOT_CONFIGURED = "ERR AUTH <password> called without any password configured "
        + "for the default user. Are you sure your configuration is correct?";
    public static final String HELLO_NOAUTH = "NOAUTH HELLO must be called with the client already authenticated, "
        + "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and "
        + "select the RESP protocol version at the same time";
    public static final String PROTOCOL_VERSION_NOT_INTEGER = "ERR Protocol version is not an integer or out of range";
    public static final String MAX_CLIENTS = "ERR max number of clients reached";
    public static final String SHUTTING_DOWN = "ERR server is shutting down";
    public static final String BUSY_OFFLOAD = "ERR server busy, try again";
    /** A write ran in memory but its shard's volume did not make it durable (failed write, hand-over). */
    public static final String NOT_DURABLE = "ERR the change could not be made durable (persistence failure, see "
        + "the server log); it may be lost on restart";

    // Transactions, ZMap, namespaces and sessions (seed wording where the seed has it).
    public static final String TRANSACTION_IN_PROGRESS = "TRANSACTION there is already a transaction in progress.";
    public static final String NO_TRANSACTION = "TRANSACTION there is no transaction in progress.";
    public static final String TRANSACTION_OLD = "TRANSACTIONOLD transaction is too old to perform reads or be committed";
    public static final String ZWATCH_IN_TRANSACTION = "ERR ZWATCH is not allowed within a transaction";
    public static final String INVALID_I64 = "ERR Invalid stored value: expected 8-byte two's-complement int64";
    public static final String INVALID_F64 = "ERR Invalid stored value: expected 8-byte IEEE-754 double";
    public static final String INVALID_D128 = "ERR Invalid stored value: expected 16-byte Decimal128 (IEEE-754 BID)";
    public static final String NOT_FINITE = "ERR Invalid value: must be a finite IEEE-754 double";
    public static final String F64_OVERFLOW =
        "ERR Resulting value is not a finite IEEE-754 double (overflow or invalid operation)";
    public static final String INVALID_DECIMAL = "ERR invalid decimal";
    public static final String D128_OUT_OF_RANGE = "ERR Exponent is out of range for Decimal128 encoding";
    public static final String NAMESPACE_DEPTH = "ERR Namespace depth exceeds maximum allowed depth of 10";
    public static final String INTERNAL = "ERR internal error, see the server log";

    // Cluster administration (KR.ADMIN) and shard statuses.
    public static final String CLUSTER_NOT_INITIALIZED = "ERR cluster has not been initialized yet";
    public static final String CLUSTER_ALREADY_INITIALIZED = "ERR cluster has already been initialized";
    public static final String INVALID_SHARD_KIND = "ERR invalid shard kind";
    public static final String INVALID_SHARD_ID = "ERR invalid shard id";
    public static final String INVALID_NUMBER_OF_PARAMETERS = "ERR invalid number of parameters";
    public static final String MEMBER_ID_REQUIRED = "ERR member id is required";
    public static final String RUNNING_MEMBER_NOT_REMOVABLE = "ERR Member in RUNNING status cannot be removed";
    public static final String SHARD_IS_READWRITE = "ERR Shard status must not be READWRITE";
    public static final String VOLUME_NOT_READONLY = "ERR Volume status must be READONLY";
    public static final String NO_PRIMARY_YET = "ERR no primary member assigned yet";
    public static final String PRIMARY_AS_STANDBY = "ERR primary cannot be assigned as a standby";
    public static final String ALREADY_STANDBY = "ERR already assigned as a standby";
    public static final String MEMBER_NOT_STANDBY = "ERR member is not a standby";
    public static final String UNSET_PRIMARY = "ERR UNSET PRIMARY is not supported";
    public static final String CLUSTER_NAME_MISMATCH = "ERR cluster name does not match";
    public static final String NO_DROP_TOKEN = "ERR no pending drop-cluster token for this cluster";
    public static final String DROP_TOKEN_EXPIRED = "ERR drop-cluster token has expired";
    public static final String INVALID_DROP_TOKEN = "ERR invalid drop-cluster token";

    /** {@code ERR shard id: <n> is not in READWRITE status}: a write to a shard that is READONLY or INOPERABLE. */
    public static String shardNotReadWrite(int shardId) {
        return "ERR shard id: " + shardId + " is not in READWRITE status";
    }

    /** {@code ERR shard id: <n> is in INOPERABLE status}: any command on an INOPERABLE shard. */
    public static String shardInoperable(int shardId) {
        return "ERR shard id: " + shardId + " is in INOPERABLE status";
    }

    /** {@code ERR shard id: <n> not owned by any member yet}: a key of a shard that has no primary. */
    public static String shardNotOwnedYet(int shardId) {
        return "ERR shard id: " + shardId + " not owned by any member yet";
    }

    /** {@code ERR shard id: <n> is not owned by this member}: the shard's primary is another member. */
    public static String shardNotOwned(int shardId) {
        return "ERR shard id: " + shardId + " is not owned by this member";
    }

    /** {@code ERR Invalid memberId: <id>}. */
    public static String invalidMemberId(String id) {
        return "ERR Invalid memberId: " + truncate(id, 128);
    }

    /** {@code ERR no member found with prefix: <p>}. */
    public static String noMemberWithPrefix(String prefix) {
        return "ERR no member found with prefix: " + prefix;
    }

    /** {@code ERR more than one member found with prefix: <p>}. */
    public static String manyMembersWithPrefix(String prefix) {
        return "ERR more than one member found with prefix: " + prefix;
    }

    /** {@code ERR Member: <id> not registered}. */
    public static String memberNotRegistered(String id) {
        return "ERR Member: " + truncate(id, 128) + " not registered";
    }

    /** {@code ERR Member could not be found: <id>}. */
    public static String memberNotFound(String id) {
        return "ERR Member could not be found: " + truncate(id, 128);
    }

    /** {@code ERR Member id: <id> is not a standby}. */
    public static String notAStandby(String id) {
        return "ERR Member id: " + id + " is not a standby";
    }

    /** {@code ERR Invalid member status <v>}. */
    public static String invalidMemberStatus(String value) {
        return "ERR Invalid member status " + truncate(value, 128);
    }

    /** {@code ERR Invalid shard status <v>}. */
    public static String invalidShardStatus(String value) {
        return "ERR Invalid shard status " + truncate(value, 128);
    }

    /** {@code ERR Invalid operation kind: <v>} (ROUTE SET|UNSET). */
    public static String invalidOperationKind(String value) {
        return "ERR Invalid operation kind: " + truncate(value, 128);
    }

    /** {@code ERR Invalid route kind: <v>} (ROUTE ... PRIMARY|STANDBY). */
    public static String invalidRouteKind(String value) {
        return "ERR Invalid route kind: " + truncate(value, 128);
    }

    /** {@code NOSUCHNAMESPACE No such namespace: ns}. */
    public static String noSuchNamespace(String namespace) {
        return "NOSUCHNAMESPACE No such namespace: " + truncate(namespace, 256);
    }

    /** {@code NAMESPACEALREADYEXISTS Namespace already exists: ns}. */
    public static String namespaceExists(String namespace) {
        return "NAMESPACEALREADYEXISTS Namespace already exists: " + truncate(namespace, 256);
    }

    /** {@code ERR Cannot <verb> the default namespace: 'global'}. */
    public static String defaultNamespace(String verb, String namespace) {
        return "ERR Cannot " + verb + " the default namespace: '" + truncate(namespace, 256) + "'";
    }

    /** {@code ERR Namespace 'x' is reserved for internal use}, or a malformed name. */
    public static String invalidNamespace(String reason) {
        return "ERR " + reason;
    }

    /** {@code ERR illegal argument for CMD: 'v'}. */
    public static String illegalArgument(String command, String value) {
        return "ERR illegal argument for " + command + ": '" + truncate(value, 128) + "'";
    }

    private RespError() {
    }

    /** {@code ERR wrong number of arguments for 'name' command}. */
    public static String wrongArity(String commandName) {
        return "ERR wrong number of arguments for '" + commandName + "' command";
    }

    /** {@code ERR unknown subcommand 'x'. Try CMD HELP.}. */
    public static String unknownSubcommand(String subcommand, String container) {
        return "ERR unknown subcommand '" + truncate(subcommand, 128) + "'. Try "
            + container.toUpperCase(java.util.Locale.ROOT) + " HELP.";
    }

    /** {@code ERR Syntax error in HELLO option 'x'}. */
    public static String helloSyntax(String option) {
        return "ERR Syntax error in HELLO option '" + truncate(option, 128) + "'";
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
