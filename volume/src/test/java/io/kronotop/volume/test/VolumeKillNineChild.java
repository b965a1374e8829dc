package io.kronotop.volume.test;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeConfig;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVM of {@code VolumeKillNineIT}: a {@link Volume} over an {@link EmbeddedDatabase}; three threads append,
 * two threads update and delete the entries appended in this run (each entry belongs to one of them), until killed.
 * Every operation is reported on standard output before it starts and once acknowledged (bytes durable, metadata
 * committed):
 * <pre>
 *  APS id .                         append started             ACK id prefix versionstamp-hex .   acknowledged
 *  UPS id version .                 update to version started  UPD id version .                  acknowledged
 *  DLS id .                         delete started             DEL id .                          acknowledged
 * </pre>
 * Version v of entry id holds {@link #payload}(seed, id, v). Arguments: base folder, seed, first id, maximum payload
 * length.
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

    /** The bytes of version {@code version} of entry {@code id}. */
    public static byte[] payload(long seed, long id, long version, int maxLength) {
        return Payloads.payload(seed + version * 7919, id, maxLength);
    }

    private record Entry(long id, Versionstamp vs, long[] version) {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
        System.setOut(System.err); // logs (and stack traces) stay off the protocol pipe
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        AtomicLong nextId = new AtomicLong(Long.parseLong(args[2]));
        int maxLength = Integer.parseInt(args[3]);
        EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"));
        Volume volume = Volume.open(dir.resolve(NAME), NAME, CONFIG, db, SUBSPACE);
        out.println("READY");
        HexFormat hex = HexFormat.of();
        List<List<Entry>> owned = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        for (int t = 0; t < 3; t++) {
            Thread.ofPlatform().name("appender-" + t).start(() -> {
                while (true) {
                    long id = nextId.getAndIncrement();
                    out.println("APS " + id + " .");
                    Versionstamp vs = volume.append(prefix(id), Payloads.segment(payload(seed, id, 0, maxLength)))
                        .join();
                    out.println("ACK " + id + " " + prefix(id) + " " + hex.formatHex(vs.getBytes()) + " .");
                    owned.get((int) (id & 1)).add(new Entry(id, vs, new long[1]));
                }
            });
        }
        for (int t = 0; t < 2; t++) {
            List<Entry> mine = owned.get(t);
            SplittableRandom random = new SplittableRandom(seed + t);
            Thread.ofPlatform().name("mutator-" + t).start(() -> {
                while (true) {
                    if (mine.isEmpty()) {
                        Thread.onSpinWait();
                        continue;
                    }
                    Entry e = mine.get(random.nextInt(mine.size()));
                    if (random.nextInt(5) == 0) {
                        out.println("DLS " + e.id + " .");
                        volume.delete(prefix(e.id), e.vs).join();
                        mine.remove(e);
                        out.println("DEL " + e.id + " .");
                    } else {
                        long next = e.version[0] + 1;
                        out.println("UPS " + e.id + " " + next + " .");
                        volume.update(prefix(e.id), e.vs, Payloads.segment(payload(seed, e.id, next, maxLength)))
                            .join();
                        e.version[0] = next;
                        out.println("UPD " + e.id + " " + next + " .");
                    }
                }
            });
        }
        while (true) {
            LockSupport.park();
        }
    }
}
