package io.kronotop.server.reactor;

import io.netty.util.concurrent.FastThreadLocalThread;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The one place threads are created, so every thread has a name: {@code reactor-0}, {@code offload-3}. */
public final class ThreadFactories {
    private ThreadFactories() {
    }

    /** Reactor threads, {@code reactor-N} with N from 0, each a {@link ReactorThread} that knows its N. */
    public static ThreadFactory reactors() {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            int number = next.getAndIncrement();
            return new ReactorThread(runnable, "reactor-" + number, number);
        };
    }

    /** Threads named {@code prefix-N}, N from 0, daemon or not. */
    public static ThreadFactory named(String prefix, boolean daemon) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new FastThreadLocalThread(runnable, prefix + "-" + next.getAndIncrement());
            thread.setDaemon(daemon);
            return thread;
        };
    }
}
