package io.kronotop.server.reactor;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs blocking work (fsync, metadata waits, file I/O) away from the reactors. Bounded: when its queue is
 * full, {@link #execute} throws {@link RejectedExecutionException} and the caller answers "busy" rather
 * than blocking a reactor.
 */
public final class OffloadExecutor implements Executor, AutoCloseable {
    private final ThreadPoolExecutor pool;

    public OffloadExecutor(int threads, int queueCapacity) {
        pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity), ThreadFactories.named("offload", true),
            new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    /** Stops taking work and waits up to {@code timeoutMs} for running work to finish. */
    public void shutdown(long timeoutMs) throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
