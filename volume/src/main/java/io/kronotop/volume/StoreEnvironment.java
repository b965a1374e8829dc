package io.kronotop.volume;

import io.kronotop.volume.flush.DurabilityListener;
import io.kronotop.volume.segment.ChannelFactory;

import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * What a {@link FileSegmentStore} is wired with, besides its settings: how files are opened, how the flusher
 * thread is made, who hears about durable batches, and the clocks. Tests swap any of them.
 *
 * @param channels          opens write channels (a fault-injecting one in tests)
 * @param threads           makes the flusher thread; it should name it ({@code volume-flush-<volume>})
 * @param durabilityListener told of each durable batch, before its futures complete
 * @param wallClockMs       creation times in segment headers
 * @param nanoClock         batch time windows
 */
public record StoreEnvironment(
    ChannelFactory channels,
    ThreadFactory threads,
    DurabilityListener durabilityListener,
    LongSupplier wallClockMs,
    LongSupplier nanoClock) {

    /** Real files, real clocks, a daemon flusher thread named {@code volume-flush-<volumeName>}. */
    public static StoreEnvironment defaults(String volumeName) {
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "volume-flush-" + volumeName);
            thread.setDaemon(true);
            return thread;
        };
        return new StoreEnvironment(ChannelFactory.DEFAULT, threads, DurabilityListener.NONE,
            System::currentTimeMillis, System::nanoTime);
    }

    /** A copy with another channel factory. */
    public StoreEnvironment withChannels(ChannelFactory factory) {
        return new StoreEnvironment(factory, threads, durabilityListener, wallClockMs, nanoClock);
    }

    /** A copy with another wall clock. */
    public StoreEnvironment withWallClockMs(LongSupplier clock) {
        return new StoreEnvironment(channels, threads, durabilityListener, clock, nanoClock);
    }

    /** A copy with another durability listener. */
    public StoreEnvironment withDurabilityListener(DurabilityListener listener) {
        return new StoreEnvironment(channels, threads, listener, wallClockMs, nanoClock);
    }
}
