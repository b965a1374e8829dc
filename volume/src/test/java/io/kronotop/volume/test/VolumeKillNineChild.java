package io.kronotop.volume.test;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeConfig;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVM of {@code VolumeKillNineIT}: a {@link Volume} over an {@link EmbeddedDatabase}, appending from three
 * threads until killed; each acknowledged append (bytes durable, metadata committed) is reported on standard output
 * as {@code ACK <id> <prefix> <versionstamp hex> .}. Arguments: base folder, seed, first id, maximum payload length.
 */
public final class VolumeKillNineChild {
    public static final String NAME = "redis-shard-7";
    public static final Subspace SUBSPACE = new Subspace(Tuple.from("volumes", NAME));
    public static final VolumeConfig CONFIG = new VolumeConfig(64 * 1024, 8192, 64, 1 << 20, 0);

    private VolumeKillNineChild() {
    }

    /** The volume's prefix for entry {@code id}. */
    public static long prefix(long id) {
        return 1 + (id & 3);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        AtomicLong nextId = new AtomicLong(Long.parseLong(args[2]));
        int maxLength = Integer.parseInt(args[3]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
        EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"));
        Volume volume = Volume.open(dir.resolve(NAME), NAME, CONFIG, db, SUBSPACE);
        out.println("READY");
        HexFormat hex = HexFormat.of();
        for (int t = 0; t < 3; t++) {
            Thread.ofPlatform().name("appender-" + t).start(() -> {
                while (true) {
                    long id = nextId.getAndIncrement();
                    volume.append(prefix(id), Payloads.segment(Payloads.payload(seed, id, maxLength)))
                        .thenAccept(vs -> out.println("ACK " + id + " " + prefix(id) + " "
                            + hex.formatHex(vs.getBytes()) + " ."))
                        .join();
                }
            });
        }
        while (true) {
            LockSupport.park();
        }
    }
}
