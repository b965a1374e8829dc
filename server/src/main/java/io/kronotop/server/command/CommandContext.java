package io.kronotop.server.command;

import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.session.Session;

import io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * What a handler may use besides its arguments: the connection's session, the server's shared state, and
 * the operations that reach beyond the reactor. One per connection, reused; reactor thread only.
 */
public interface CommandContext {
    Session session();

    ServerContext server();

    /** The registry of the port this connection came in on (COMMAND reports it). */
    CommandRegistry registry();

    /** Wall-clock milliseconds, read once per command. */
    long nowMs();

    /**
     * {@link System#nanoTime()} when the current request arrived: a connection reads the clock once per request and
     * derives {@link #nowMs()} from the same reading. Contexts that have no such reading read the clock now.
     */
    default long requestNs() {
        return System.nanoTime();
    }

    /**
     * Whether the command may wait ({@link #await}, {@link #offload}); false for commands EXEC runs, which must
     * answer at once (Redis's "deny blocking").
     */
    default boolean canBlock() {
        return true;
    }

    /** Close the connection once the current reply has been written (QUIT). */
    void closeAfterReply();

    /**
     * Runs blocking {@code work} on the offload executor; {@code onDone} then runs on this connection's
     * reactor with the result or the failure and writes the reply. Later requests of this connection wait
     * until then, so replies stay in order.
     */
    <T> void offload(Callable<T> work, Completion<T> onDone);

    /**
     * Waits for {@code future} without blocking: later requests of this connection wait until it completes,
     * then {@code onDone} runs on this connection's reactor with the result or the failure (unwrapped from
     * {@link java.util.concurrent.CompletionException}) and writes the reply. Use this for metastore calls,
     * which return futures: never {@code join()} or {@code get()} on a reactor.
     */
    <T> void await(CompletionStage<T> future, Completion<T> onDone);

    /** The reactor this connection runs on; completions and timers for it go here. */
    EventExecutor reactor();

    /**
     * The connection as a MONITOR feed target (the connection's own context only: MONITOR does not run on a shard).
     */
    default io.kronotop.server.session.Monitors.Sink monitorSink() {
        throw new UnsupportedOperationException("not a connection");
    }

    /**
     * Holds this request back while CLIENT PAUSE holds it ({@code changesData}: it would change data), together with
     * the connection's later requests, and runs it once the pause ends. False, and nothing held, when the pause does
     * not hold it or the context is not a client connection.
     */
    default boolean postpone(RespArgs args, boolean changesData) {
        return false;
    }

    /** The dispatcher of this connection's port (EXEC runs queued commands through it). */
    Dispatcher dispatcher();

    /** This connection's MULTI/WATCH state; connection reactor only. */
    MultiState multi();

    /**
     * The REDIS shard the command's keys hash to, when it runs on that shard's reactor (set by the dispatcher
     * for {@link KeyspaceHandler}s); null otherwise.
     */
    default RedisShard shard() {
        return null;
    }

    /**
     * Runs {@code work} on {@code owner} (a shard's reactor) and makes what it writes this command's reply, in
     * order with the connection's other replies; later requests are not held back (pipelining carries on).
     * Runs inline when {@code owner} is this connection's reactor. The reply is encoded in the connection's
     * protocol.
     */
    void runOn(EventExecutor owner, ShardWork work);

    /**
     * Runs {@code work} on every shard's reactor, then combines the partial results on this connection's
     * reactor into the reply, in order with the connection's other replies.
     */
    <T> void fanOut(RedisShards shards, FanOut<T> work);

    /**
     * Runs {@code action} once every earlier command of this connection has replied (a barrier for commands
     * that read connection state earlier commands set on other reactors, such as EXEC after WATCH). Later
     * requests wait until then.
     */
    void afterPending(java.util.function.Consumer<ReplyWriter> action);

    /** Work for a shard's reactor. */
    interface ShardWork {
        /**
         * Runs on the owner and writes exactly one reply. Returns null when the reply may go at once, else a
         * stage the reply waits for (durability of the command's changes).
         */
        CompletionStage<?> run(ReplyWriter reply);

        /** Runs on the connection's reactor once the reply is ready, before it is written. */
        default void done() {
        }
    }

    /** A command over every shard: a partial result per shard, combined into one reply. */
    interface FanOut<T> {
        /** On the shard's reactor. */
        T onShard(RedisShard shard);

        /** On the connection's reactor, with the results in shard order. */
        void reply(java.util.List<T> results, ReplyWriter reply);

        /**
         * On the shard's reactor, right after {@link #onShard}: a stage the reply waits for (durability of what
         * the shard did), or null.
         */
        default CompletionStage<?> awaitBeforeReply(T partial) {
            return null;
        }
    }

    /** Continues an offloaded command on the reactor. */
    @FunctionalInterface
    interface Completion<T> {
        /** Exactly one of {@code result} and {@code failure} is meaningful; failure is null on success. */
        void complete(T result, Throwable failure, ReplyWriter reply);
    }
}
