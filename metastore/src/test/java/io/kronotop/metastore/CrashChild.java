package io.kronotop.metastore;

import com.apple.foundationdb.MutationType;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.tuple.Tuple;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process of {@link CrashRecoveryIT}: commits from several threads and prints {@code ACK round thread seq
 * version} once each commit's future has completed, until it is killed with SIGKILL.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String round = args[1];
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        MetastoreConfig config = new MetastoreConfig("embedded", null, dir, 1L << 30, 64 * 1024);
        EmbeddedDatabase db = EmbeddedDatabase.open(config);
        out.println("OPEN");
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                for (long seq = 0; ; seq++) {
                    Transaction tr = db.createTransaction();
                    byte[] value = Tuple.from(seq).pack();
                    for (String part : new String[]{"a", "b", "c"}) {
                        tr.set(Tuple.from("crash", round, id, seq, part).pack(), value);
                    }
                    tr.mutate(MutationType.ADD, Tuple.from("crash-total").pack(), CrashRecoveryIT.le(1));
                    tr.commit().join();
                    out.println("ACK " + round + " " + id + " " + seq + " " + tr.getCommittedVersion());
                    tr.close();
                }
            }, "crash-committer-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
    }
}
