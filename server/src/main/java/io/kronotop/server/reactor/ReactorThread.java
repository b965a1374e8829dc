package io.kronotop.server.reactor;

import io.netty.util.concurrent.FastThreadLocalThread;

/** The thread of one reactor, which knows its number: per-reactor counters use it to find their own cell. */
public final class ReactorThread extends FastThreadLocalThread {
    private final int number;

    ReactorThread(Runnable runnable, String name, int number) {
        super(runnable, name);
        this.number = number;
    }

    /** The number (from 0) of the calling thread's reactor, or -1 when the caller is not a reactor thread. */
    public static int currentNumber() {
        return Thread.currentThread() instanceof ReactorThread reactor ? reactor.number : -1;
    }
}
