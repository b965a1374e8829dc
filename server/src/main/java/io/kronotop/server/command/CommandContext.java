package io.kronotop.server.command;

import io.kronotop.server.protocol.ReplyWriter;
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

    /** Continues an offloaded command on the reactor. */
    @FunctionalInterface
    interface Completion<T> {
        /** Exactly one of {@code result} and {@code failure} is meaningful; failure is null on success. */
        void complete(T result, Throwable failure, ReplyWriter reply);
    }
}
