package io.kronotop.volume.test;

import io.kronotop.volume.FileSegmentStore;
import io.kronotop.volume.SegmentStore;
import io.kronotop.volume.VolumeConfig;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVM of {@code KillNineIT}: appends from three threads until it is killed, and reports each acknowledged
 * append on its standard output, the channel to the parent, as {@code ACK <id> <segment> <offset> <length> .}.
 * Arguments: volume folder, seed, first id, maximum payload length.
 */
public final class KillNineChild {
    public static final String NAME = "bucket-shard-9";
    public static final long VOLUME_ID = 9;
    public static final VolumeConfig CONFIG = new VolumeConfig(64 * 1024, 8192, 64, 1 << 20, 0);

    private KillNineChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        AtomicLong nextId = new AtomicLong(Long.parseLong(args[2]));
        int maxLength = Integer.parseInt(args[3]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
        SegmentStore store = FileSegmentStore.open(dir, NAME, VOLUME_ID, CONFIG);
        out.println("READY");
        for (int t = 0; t < 3; t++) {
            Thread.ofPlatform().name("appender-" + t).start(() -> {
                while (true) {
                    long id = nextId.getAndIncrement();
                    store.append(id, Payloads.segment(Payloads.payload(seed, id, maxLength)))
                        .thenAccept(l -> out.println("ACK " + id + " " + l.segmentId() + " " + l.offset() + " "
                            + l.length() + " ."))
                        .join();
                }
            });
        }
        while (true) {
            LockSupport.park();
        }
    }
}
