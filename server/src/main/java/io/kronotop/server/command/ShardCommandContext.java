package io.kronotop.server.command;

import io.kronotop.server.error.CommandException;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.session.Session;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The context of a command running on a shard's reactor (a keyspace command, or EXEC's queued commands):
 * the connection's identity and settings, plus the shard. Work on another reactor cannot be reached from
 * here, so hops that would leave this reactor are refused with an error.
 */
final class ShardCommandContext implements CommandContext {
    static final String NOT_HERE = "ERR this command cannot run inside MULTI together with commands on another shard";

    private final CommandContext connection;
    private final RedisShard shard;
    private final long nowMs;

    ShardCommandContext(CommandContext connection, RedisShard shard, long nowMs) {
        this.connection = connection;
        this.shard = shard;
        this.nowMs = nowMs;
    }

    @Override
    public Session session() {
        return connection.session();
    }

    @Override
    public ServerContext server() {
        return connection.server();
    }

    @Override
    public CommandRegistry registry() {
        return connection.registry();
    }

    @Override
    public long nowMs() {
        return nowMs;
    }

    @Override
    public RedisShard shard() {
        return shard;
    }

    @Override
    public Dispatcher dispatcher() {
        return connection.dispatcher();
    }

    @Override
    public MultiState multi() {
        // MULTI, WATCH and friends inside EXEC touch nothing of the connection; made on first use only, as most
        // commands that hop never ask.
        if (inert == null) {
            inert = new MultiState();
        }
        return inert;
    }

    private MultiState inert;

    @Override
    public void closeAfterReply() {
        throw new CommandException(NOT_HERE);
    }

    @Override
    public <T> void offload(Callable<T> work, Completion<T> onDone) {
        throw new CommandException(NOT_HERE);
    }

    @Override
    public boolean canBlock() {
        return false;
    }

    @Override
    public <T> void await(CompletionStage<T> future, Completion<T> onDone) {
        throw new CommandException(NOT_HERE);
    }

    @Override
    public EventExecutor reactor() {
        return shard != null ? shard.owner() : connection.reactor();
    }

    @Override
    public void runOn(EventExecutor owner, ShardWork work) {
        if (!owner.inEventLoop()) {
            throw new CommandException(NOT_HERE);
        }
        work.run(reply());
        work.done();
    }

    @Override
    public <T> void fanOut(RedisShards shards, FanOut<T> work) {
        List<T> results = new ArrayList<>(shards.count());
        for (int i = 0; i < shards.count(); i++) {
            if (!shards.shard(i).owner().inEventLoop()) {
                throw new CommandException(NOT_HERE);
            }
        }
        for (int i = 0; i < shards.count(); i++) {
            results.add(work.onShard(shards.shard(i)));
        }
        work.reply(results, reply());
    }

    @Override
    public void afterPending(Consumer<ReplyWriter> action) {
        action.accept(reply());
    }

    private ReplyWriter currentReply;

    /** The writer the command currently running here replies with. */
    ShardCommandContext reply(ReplyWriter writer) {
        this.currentReply = writer;
        return this;
    }

    private ReplyWriter reply() {
        return currentReply;
    }
}
