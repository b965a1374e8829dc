package io.kronotop.metastore;

import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.Range;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.directory.DirectoryAlreadyExistsException;
import com.apple.foundationdb.directory.DirectoryLayer;
import com.apple.foundationdb.directory.DirectorySubspace;
import com.apple.foundationdb.directory.MismatchedLayerException;
import com.apple.foundationdb.directory.NoSuchDirectoryException;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retry loops, concurrency, watches and the unchanged fdb-java DirectoryLayer. */
abstract class LayerContract extends ContractBase {

    private static ExecutorService pool(int n) {
        AtomicInteger ids = new AtomicInteger();
        return Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "contract-worker-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Test
    void shouldRetryConflictsInRunUntilEveryIncrementLands() throws Exception {
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = pool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        db().run(tr -> {
                            byte[] v = tr.get(k("n")).join();
                            tr.set(k("n"), le((v == null ? 0 : leLong(v)) + 1));
                            return null;
                        });
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(leLong(db().read(tr -> tr.get(k("n")).join()))).isEqualTo((long) threads * perThread);
    }

    @Test
    void shouldKeepTheSumInvariantUnderConcurrentTransfers() throws Exception {
        int accounts = 10;
        db().run(tr -> {
            for (int i = 0; i < accounts; i++) {
                tr.set(k("acct" + i), le(100));
            }
            return null;
        });
        ExecutorService pool = pool(8);
        AtomicInteger conflicts = new AtomicInteger();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                fs.add(pool.submit(() -> {
                    java.util.Random rnd = new java.util.Random(seed);
                    for (int i = 0; i < 50; i++) {
                        int from = rnd.nextInt(accounts);
                        int to = rnd.nextInt(accounts);
                        long amount = rnd.nextInt(20);
                        db().run(tr -> {
                            long a = leLong(tr.get(k("acct" + from)).join());
                            long b = leLong(tr.get(k("acct" + to)).join());
                            if (from != to) {
                                tr.set(k("acct" + from), le(a - amount));
                                tr.set(k("acct" + to), le(b + amount));
                            }
                            return null;
                        });
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long sum = db().read(tr -> {
            long s = 0;
            for (var kv : tr.getRange(Range.startsWith(k("acct"))).asList().join()) {
                s += leLong(kv.getValue());
            }
            return s;
        });
        assertThat(sum).isEqualTo(accounts * 100L);
        assertThat(conflicts.get()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void shouldRetryRunAsyncAndReadAsync() {
        AtomicInteger attempts = new AtomicInteger();
        String result = db().runAsync(tr -> {
            if (attempts.incrementAndGet() < 3) {
                return CompletableFuture.failedFuture(new FDBException("not committed", 1020));
            }
            tr.set(k("async"), b("done"));
            return CompletableFuture.completedFuture("ok");
        }).join();
        assertThat(result).isEqualTo("ok");
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(str(db().readAsync(tr -> tr.get(k("async"))).join())).isEqualTo("done");
        assertThatThrownBy(() -> db().runAsync(tr -> CompletableFuture.failedFuture(
                new FDBException("Key outside legal range", 2004))).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(FDBException.class);
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> db().run(tr -> {
            throw boom;
        })).isInstanceOf(CompletionException.class).hasCause(boom);
    }

    @Test
    void shouldReturnNonFdbErrorsFromOnErrorAndResetOnRetryableOnes() {
        Transaction tr = db().createTransaction();
        IllegalStateException other = new IllegalStateException("x");
        assertThatThrownBy(() -> tr.onError(other).join()).hasCause(other);
        tr.set(k("a"), b("1"));
        Transaction fresh = tr.onError(new CompletionException(new FDBException("not committed", 1020))).join();
        fresh.commit().join();
        assertThat(value(k("a"))).isNull();
        fresh.close();
        Transaction t2 = db().createTransaction();
        assertThat(code(t2.onError(new FDBException("Key outside legal range", 2004)))).isEqualTo(2004);
        assertThat(code(t2.get(k("a")))).isEqualTo(1025);
        t2.close();
        Transaction t3 = db().createTransaction();
        Transaction t4 = t3.onError(new FDBException("Transaction is too old", 1007)).join();
        t4.get(k("a")).join();
        t4.close();
    }

    @Test
    void shouldFireWatchesOnChangeAndOnlyAfterTheCreatorCommits() {
        put("w", "0");
        Transaction tr = db().createTransaction();
        CompletableFuture<Void> watch = tr.watch(k("w"));
        tr.commit().join();
        assertThat(watch).isNotDone();
        put("w", "1");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(watch::isDone);
        watch.join();
        tr.close();

        CompletableFuture<Void> cleared = db().run(t -> t.watch(k("w")));
        db().run(t -> {
            t.clear(Range.startsWith(prefix));
            return null;
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(cleared::isDone);

        CompletableFuture<Void> own = db().run(t -> {
            CompletableFuture<Void> f = t.watch(k("own"));
            t.set(k("own"), b("x"));
            return f;
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(own::isDone);
    }

    @Test
    void shouldFailWatchesOfCancelledOrResetTransactionsAndFreeCancelledSlots() {
        Transaction tr = db().createTransaction();
        CompletableFuture<Void> w = tr.watch(k("a"));
        tr.cancel();
        assertThat(code(w)).isEqualTo(1025);
        tr.close();
        Transaction t2 = db().createTransaction();
        CompletableFuture<Void> w2 = t2.watch(k("a"));
        Transaction t3 = t2.onError(new FDBException("not committed", 1020)).join();
        assertThat(code(w2)).isEqualTo(1025);
        t3.close();
        CompletableFuture<Void> w3 = db().run(t -> t.watch(k("b")));
        w3.cancel(true);
        assertThat(w3).isCancelled();
    }

    @Test
    void shouldLimitOutstandingWatches() {
        db().options().setMaxWatches(10);
        try {
            List<CompletableFuture<Void>> watches = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                watches.add(db().run(t -> t.watch(k("w" + n))));
            }
            CompletableFuture<Void> over = db().run(t -> t.watch(k("over")));
            assertThat(code(over)).isEqualTo(1032);
            watches.getFirst().cancel(true);
            CompletableFuture<Void> again = db().run(t -> t.watch(k("again")));
            put("again", "x");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(again::isDone);
            again.join();
            watches.forEach(f -> f.cancel(true));
        } finally {
            db().options().setMaxWatches(10_000);
        }
    }

    @Test
    void shouldGiveUniqueOrderedVersionstampsToConcurrentCommits() throws Exception {
        ExecutorService pool = pool(8);
        try {
            List<Future<byte[]>> stamps = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                int n = i;
                stamps.add(pool.submit(() -> {
                    Transaction tr = db().createTransaction();
                    try {
                        tr.mutate(com.apple.foundationdb.MutationType.SET_VERSIONSTAMPED_KEY,
                                Versionstamps.packWithVersionstamp(Tuple.from("vs",
                                        com.apple.foundationdb.tuple.Versionstamp.incomplete(0)), prefix),
                                Tuple.from(n).pack());
                        CompletableFuture<byte[]> stamp = tr.getVersionstamp();
                        tr.commit().join();
                        return stamp.join();
                    } finally {
                        tr.close();
                    }
                }));
            }
            Map<String, Long> byStamp = new java.util.HashMap<>();
            for (int i = 0; i < stamps.size(); i++) {
                byStamp.put(java.util.HexFormat.of().formatHex(stamps.get(i).get(60, TimeUnit.SECONDS)), (long) i);
            }
            assertThat(byStamp).hasSize(160);
            var rows = db().read(tr -> tr.getRange(Range.startsWith(Tuple.from("vs").pack(prefix))).asList().join());
            assertThat(rows).hasSize(160);
            for (var kv : rows) {
                Tuple t = Tuple.fromBytes(kv.getKey(), prefix.length, kv.getKey().length - prefix.length);
                String stamp = java.util.HexFormat.of().formatHex(t.getVersionstamp(1).getTransactionVersion());
                assertThat(byStamp.get(stamp)).isEqualTo(Tuple.fromBytes(kv.getValue()).getLong(0));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAcceptOptionsThatDoNotApply() {
        try (Transaction tr = db().createTransaction()) {
            tr.options().setPriorityBatch();
            tr.options().setPrioritySystemImmediate();
            tr.options().setCausalReadRisky();
            tr.options().setDebugTransactionIdentifier("kronotop");
            tr.options().setLogTransaction();
            tr.options().setLockAware();
            tr.options().setTag("t");
            tr.options().setMaxRetryDelay(50);
            tr.set(k("o"), b("1"));
            tr.commit().join();
        }
        db().options().setTransactionTimeout(60_000);
        db().options().setTransactionRetryLimit(-1);
        db().options().setTransactionTimeout(0);
    }

    @Test
    void shouldRunTheDirectoryLayerUnchanged() {
        DirectoryLayer dl = new DirectoryLayer(new Subspace(Tuple.from("dl-nodes").pack(prefix)),
                new Subspace(Tuple.from("dl-content").pack(prefix)));
        DirectorySubspace app = dl.createOrOpen(db(), List.of("app")).join();
        DirectorySubspace users = dl.create(db(), List.of("app", "users"), "mylayer".getBytes()).join();
        assertThat(dl.createOrOpen(db(), List.of("app")).join().getKey()).isEqualTo(app.getKey());
        assertThat(dl.open(db(), List.of("app", "users"), "mylayer".getBytes()).join().getKey())
                .isEqualTo(users.getKey());
        assertThatThrownBy(() -> dl.open(db(), List.of("app", "users"), "other".getBytes()).join())
                .hasCauseInstanceOf(MismatchedLayerException.class);
        assertThatThrownBy(() -> dl.open(db(), List.of("missing")).join())
                .hasCauseInstanceOf(NoSuchDirectoryException.class);
        assertThatThrownBy(() -> dl.create(db(), List.of("app")).join())
                .hasCauseInstanceOf(DirectoryAlreadyExistsException.class);
        assertThat(dl.list(db(), List.of("app")).join()).containsExactly("users");
        assertThat(dl.exists(db(), List.of("app", "users")).join()).isTrue();
        db().run(tr -> {
            tr.set(users.pack(Tuple.from("alice")), b("1"));
            return null;
        });
        DirectorySubspace moved = dl.move(db(), List.of("app", "users"), List.of("people")).join();
        assertThat(moved.getKey()).isEqualTo(users.getKey());
        assertThat(dl.exists(db(), List.of("app", "users")).join()).isFalse();
        assertThat(dl.list(db()).join()).containsExactlyInAnyOrder("app", "people");
        dl.remove(db(), List.of("people")).join();
        assertThat(dl.removeIfExists(db(), List.of("people")).join()).isFalse();
        assertThat(value(users.pack(Tuple.from("alice")))).isNull();
        DirectorySubspace part = dl.create(db(), List.of("part"), "partition".getBytes()).join();
        DirectorySubspace inner = part.createOrOpen(db(), List.of("inner")).join();
        assertThat(inner.getPath()).containsExactly("part", "inner");
        assertThat(part.getLayer()).isEqualTo("partition".getBytes());
    }

    @Test
    void shouldAllocateUniquePrefixesUnderConcurrency() {
        DirectoryLayer dl = new DirectoryLayer(new Subspace(Tuple.from("hca-nodes").pack(prefix)),
                new Subspace(Tuple.from("hca-content").pack(prefix)));
        ExecutorService pool = pool(8);
        try {
            List<CompletableFuture<DirectorySubspace>> all = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                int n = i;
                all.add(CompletableFuture.supplyAsync(() -> dl.createOrOpen(db(), List.of("d" + n)).join(), pool));
            }
            Set<String> prefixes = new HashSet<>();
            for (CompletableFuture<DirectorySubspace> f : all) {
                prefixes.add(java.util.HexFormat.of().formatHex(f.join().getKey()));
            }
            assertThat(prefixes).hasSize(160);
            assertThat(dl.list(db()).join()).hasSize(160);
        } finally {
            pool.shutdownNow();
        }
    }
}
