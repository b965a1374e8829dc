package io.kronotop.server.reactor;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reactor threads: one Netty event loop each, numbered 0..n-1. Connections stay on the reactor that
 * accepted them; shards are pinned to reactors by number. Created by the composition root before anything
 * that needs to post work to a reactor, shut down last by the network server.
 */
public final class Reactors {
    private final EventLoopGroup group;
    private final List<EventLoop> loops;
    private final Map<EventExecutor, Integer> indexes = new IdentityHashMap<>();

    public Reactors(int count, IoHandlerFactory ioHandlers) {
        this.group = new MultiThreadIoEventLoopGroup(count, ThreadFactories.reactors(), ioHandlers);
        List<EventLoop> list = new ArrayList<>(count);
        for (EventExecutor executor : group) {
            indexes.put(executor, list.size());
            list.add((EventLoop) executor);
        }
        this.loops = Collections.unmodifiableList(list);
    }

    /** The group, for Netty bootstraps. */
    public EventLoopGroup group() {
        return group;
    }

    public int size() {
        return loops.size();
    }

    /** Reactor number {@code index}, 0-based. */
    public EventLoop get(int index) {
        return loops.get(index);
    }

    /** The number of {@code executor}, or -1 when it is not one of these reactors. */
    public int indexOf(EventExecutor executor) {
        return indexes.getOrDefault(executor, -1);
    }

    /** Stops every reactor after {@code graceMs}; blocks, so never call it from a reactor. */
    public void shutdown(long graceMs) {
        group.shutdownGracefully(0, Math.max(graceMs, 100), TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
