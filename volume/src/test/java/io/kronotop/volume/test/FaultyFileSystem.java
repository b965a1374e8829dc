package io.kronotop.volume.test;

import io.kronotop.volume.segment.ChannelFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link ChannelFactory} whose channels remember every byte written since the last {@code force}, so that
 * {@link #crash()} can act like a power cut: each unsynced write is kept, dropped, or torn at a random byte, the
 * channels die, and only synced bytes are sure to remain. It can also fail writes or syncs and flip a bit in the
 * bytes of a write.
 */
public final class FaultyFileSystem implements ChannelFactory {
    /** What happens to unsynced writes on a crash. */
    public enum CrashMode { RANDOM, DROP_ALL, KEEP_ALL }

    private final Random random;
    private final Map<Path, List<Write>> unsynced = new LinkedHashMap<>();
    private final Map<Path, long[]> writtenEnd = new LinkedHashMap<>();
    private boolean crashed;
    private long writesBeforeFailure = -1;
    private boolean failNextForce;
    private long forcesBeforeCrash = -1;
    private CrashMode crashMode = CrashMode.RANDOM;
    private long undoneAtCrash;
    private boolean flipBitInNextWrite;
    private long writes;
    private long forces;
    private CountDownLatch[] heldForce;

    public FaultyFileSystem(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
        synchronized (this) {
            checkAlive();
        }
        return new FaultyFileChannel(this, path, FileChannel.open(path, options));
    }

    /** The write after {@code n} more successful writes fails with an IOException (0: the next one). */
    public synchronized void failWriteAfter(long n) {
        writesBeforeFailure = n;
    }

    /** The next {@code force} fails with an IOException. */
    public synchronized void failNextForce() {
        failNextForce = true;
    }

    /**
     * The power fails during the {@code n}-th {@code force} from now (0: the next one): its batch is written but
     * not synced, so {@link #crash(CrashMode)} with {@code mode} decides what of it survives; the force fails.
     */
    public synchronized void crashDuringForce(long n, CrashMode mode) {
        forcesBeforeCrash = n;
        crashMode = mode;
    }

    public synchronized boolean crashed() {
        return crashed;
    }

    /** Bytes undone by the crash {@link #crashDuringForce} triggered. */
    public synchronized long undoneAtCrash() {
        return undoneAtCrash;
    }

    /** The next write stores its bytes with one random bit flipped, and succeeds. */
    public synchronized void flipBitInNextWrite() {
        flipBitInNextWrite = true;
    }

    /** The end of the furthest write to {@code path} through this file system so far; 0 if none. */
    public synchronized long writtenEnd(Path path) {
        long[] end = writtenEnd.get(path);
        return end == null ? 0 : end[0];
    }

    public synchronized long writes() {
        return writes;
    }

    public synchronized long forces() {
        return forces;
    }

    /** Simulates a power cut with random fates for unsynced writes. */
    public long crash() throws IOException {
        return crash(CrashMode.RANDOM);
    }

    /**
     * Simulates a power cut: from now on every operation on these channels fails; unsynced writes are undone
     * (entirely, or from a random byte on: a torn write) according to {@code mode}.
     *
     * @return bytes undone
     */
    public synchronized long crash(CrashMode mode) throws IOException {
        crashed = true;
        long undone = 0;
        for (Map.Entry<Path, List<Write>> entry : unsynced.entrySet()) {
            List<Write> list = entry.getValue();
            try (FileChannel raw = FileChannel.open(entry.getKey(), StandardOpenOption.WRITE)) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    Write w = list.get(i);
                    int keep = switch (mode) {
                        case DROP_ALL -> 0;
                        case KEEP_ALL -> w.before.length;
                        case RANDOM -> switch (random.nextInt(3)) {
                            case 0 -> 0;
                            case 1 -> w.before.length;
                            default -> random.nextInt(w.before.length + 1);
                        };
                    };
                    if (keep < w.before.length) {
                        ByteBuffer restore = ByteBuffer.wrap(w.before, keep, w.before.length - keep);
                        long at = w.position + keep;
                        while (restore.hasRemaining()) {
                            at += raw.write(restore, at);
                        }
                        undone += w.before.length - keep;
                    }
                }
            }
        }
        unsynced.clear();
        return undone;
    }

    private void checkAlive() throws IOException {
        if (crashed) {
            throw new IOException("injected: the machine crashed");
        }
    }

    synchronized int write(Path path, FileChannel delegate, ByteBuffer src, long position) throws IOException {
        checkAlive();
        if (writesBeforeFailure == 0) {
            writesBeforeFailure = -1;
            throw new IOException("injected: write failure");
        }
        if (writesBeforeFailure > 0) {
            writesBeforeFailure--;
        }
        int n = src.remaining();
        byte[] after = new byte[n];
        src.get(after);
        byte[] before = new byte[n];
        ByteBuffer pre = ByteBuffer.wrap(before);
        long at = position;
        while (pre.hasRemaining()) {
            int read = delegate.read(pre, at);
            if (read < 0) {
                break;
            }
            at += read;
        }
        if (flipBitInNextWrite && n > 0) {
            flipBitInNextWrite = false;
            int bit = random.nextInt(n * 8);
            after[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        ByteBuffer out = ByteBuffer.wrap(after);
        at = position;
        while (out.hasRemaining()) {
            at += delegate.write(out, at);
        }
        unsynced.computeIfAbsent(path, p -> new ArrayList<>()).add(new Write(position, before));
        writes++;
        long[] end = writtenEnd.computeIfAbsent(path, p -> new long[1]);
        end[0] = Math.max(end[0], position + n);
        return n;
    }

    /**
     * The next {@code force} counts {@code entered} down, then waits (outside this object's lock) until
     * {@code release} opens before it syncs.
     */
    public synchronized void holdNextForce(CountDownLatch entered, CountDownLatch release) {
        heldForce = new CountDownLatch[] {entered, release};
    }

    void force(Path path, FileChannel delegate, boolean metaData) throws IOException {
        CountDownLatch[] hold;
        synchronized (this) {
            hold = heldForce;
            heldForce = null;
        }
        if (hold != null) {
            hold[0].countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    hold[1].await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        forceNow(path, delegate, metaData);
    }

    private synchronized void forceNow(Path path, FileChannel delegate, boolean metaData) throws IOException {
        checkAlive();
        if (forcesBeforeCrash == 0) {
            undoneAtCrash = crash(crashMode);
            throw new IOException("injected: power failure during fsync");
        }
        if (forcesBeforeCrash > 0) {
            forcesBeforeCrash--;
        }
        if (failNextForce) {
            failNextForce = false;
            throw new IOException("injected: fsync failure");
        }
        delegate.force(metaData);
        unsynced.remove(path);
        forces++;
    }

    synchronized void checkUsable() throws IOException {
        checkAlive();
    }

    private record Write(long position, byte[] before) {
    }
}
