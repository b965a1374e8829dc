package io.kronotop.perf.cluster;

import io.kronotop.perf.load.CommandTemplate;
import io.kronotop.perf.load.LoadConfig;
import io.kronotop.perf.load.LoadGenerator;
import io.kronotop.perf.load.LoadResult;
import io.kronotop.perf.testing.FakeRespServer;
import io.kronotop.perf.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fake cluster of three small RESP servers. Node 0 (the seed) advertises a stale map that knows only
 * nodes 0 and 1; each node serves its own third of the slots and answers MOVED for the rest.
 */
@Timeout(60)
class ClusterRoutingTest {
    private static final int NODES = 3;
    private final AtomicIntegerArray ports = new AtomicIntegerArray(NODES);
    private final List<Set<String>> executed = new ArrayList<>();
    private final List<FakeRespServer> servers = new ArrayList<>();
    private final AtomicLong movedSent = new AtomicLong();

    static int owner(int slot) {
        return slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2;
    }

    private void startCluster(boolean staleMap) throws InterruptedException {
        for (int n = 0; n < NODES; n++) {
            int node = n;
            Set<String> mine = ConcurrentHashMap.newKeySet();
            executed.add(mine);
            servers.add(new FakeRespServer(args -> reply(node, mine, args, staleMap), 0));
            ports.set(n, servers.get(n).port());
        }
    }

    private String reply(int node, Set<String> mine, List<String> args, boolean staleMap) {
        if (args.getFirst().equalsIgnoreCase("CLUSTER")) {
            return staleMap ? slots(new int[][] {{0, 8191, 0}, {8192, 16383, 1}})
                    : slots(new int[][] {{0, 5460, 0}, {5461, 10922, 1}, {10923, 16383, 2}});
        }
        if (args.getFirst().equalsIgnoreCase("HELLO")) {
            return FakeRespServer.redisLike(args);
        }
        int slot = SlotHash.slot(args.get(1));
        if (owner(slot) != node) {
            movedSent.incrementAndGet();
            return "-MOVED " + slot + " 127.0.0.1:" + ports.get(owner(slot)) + "\r\n";
        }
        mine.add(args.get(1));
        return FakeRespServer.redisLike(args);
    }

    private String slots(int[][] ranges) {
        StringBuilder sb = new StringBuilder("*" + ranges.length + "\r\n");
        for (int[] r : ranges) {
            sb.append("*3\r\n:").append(r[0]).append("\r\n:").append(r[1]).append("\r\n")
                    .append("*3\r\n$9\r\n127.0.0.1\r\n:").append(ports.get(r[2])).append("\r\n$4\r\nnode\r\n");
        }
        return sb.toString();
    }

    @AfterEach
    void stop() {
        servers.forEach(FakeRespServer::close);
        LeakCheck.assertNoLeaks();
    }

    @Test
    void shouldFollowAskWithAskingWithoutLearningTheSlot() throws Exception {
        // Node 0 owns every slot in the map but is "migrating" the upper half to node 1: it answers ASK there.
        Set<String> onNode1 = ConcurrentHashMap.newKeySet();
        AtomicLong askSent = new AtomicLong();
        AtomicLong withoutAsking = new AtomicLong();
        FakeRespServer node1 = new FakeRespServer((args, state) -> {
            if (args.getFirst().equalsIgnoreCase("ASKING")) {
                state.put("asking", Boolean.TRUE);
                return "+OK\r\n";
            }
            if (state.remove("asking") == null) {
                withoutAsking.incrementAndGet();
                return "-MOVED " + SlotHash.slot(args.get(1)) + " 127.0.0.1:" + ports.get(0) + "\r\n";
            }
            onNode1.add(args.get(1));
            return FakeRespServer.redisLike(args);
        }, 0);
        servers.add(node1);
        ports.set(1, node1.port());
        FakeRespServer node0 = new FakeRespServer(args -> {
            if (args.getFirst().equalsIgnoreCase("CLUSTER")) {
                return slots(new int[][] {{0, 16383, 0}});
            }
            int slot = SlotHash.slot(args.get(1));
            if (slot >= 8192) {
                askSent.incrementAndGet();
                return "-ASK " + slot + " 127.0.0.1:" + ports.get(1) + "\r\n";
            }
            return FakeRespServer.redisLike(args);
        }, 0);
        servers.add(node0);
        ports.set(0, node0.port());

        LoadResult result = run(2);

        assertThat(withoutAsking.get()).isZero();
        assertThat(result.asks()).isEqualTo(askSent.get()).isPositive();
        assertThat(result.moved()).isZero();
        assertThat(onNode1).isNotEmpty().allSatisfy(key -> assertThat(SlotHash.slot(key)).isGreaterThanOrEqualTo(8192));
        assertThat(result.requests()).isEqualTo(8_000);
        assertThat(result.errors()).isZero();
    }

    @Test
    void shouldEndIncompleteWithoutLeakingWhenMovedPointsAtADeadNode() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        int dead = deadPort;
        FakeRespServer node0 = new FakeRespServer(args -> args.getFirst().equalsIgnoreCase("CLUSTER")
                ? slots(new int[][] {{0, 16383, 0}})
                : "-MOVED " + SlotHash.slot(args.get(1)) + " 127.0.0.1:" + dead + "\r\n", 0);
        servers.add(node0);
        ports.set(0, node0.port());

        LoadResult result = run(2);

        assertThat(result.complete()).isFalse();
        assertThat(result.errorSamples().keySet()).anySatisfy(m -> assertThat(m).startsWith("connect"));
    }

    private LoadResult run(int protocol) throws Exception {
        LoadConfig config = LoadConfig.builder().port(ports.get(0)).cluster(true).protocol(protocol).threads(2)
                .connectionsPerThread(2).pipeline(8).keySpace(0, 9_999).requests(8_000)
                .command(CommandTemplate.of("SET __key__ __data__"), 1)
                .command(CommandTemplate.of("GET __key__"), 1).build();
        return new LoadGenerator(config).run();
    }

    private void assertEveryKeyRanOnItsOwner() {
        for (int n = 0; n < NODES; n++) {
            int node = n;
            assertThat(executed.get(n)).isNotEmpty()
                    .allSatisfy(key -> assertThat(owner(SlotHash.slot(key))).isEqualTo(node));
        }
    }

    @Test
    void shouldRouteEveryKeyToTheNodeOfItsSlot() throws Exception {
        startCluster(false);

        LoadResult result = run(2);

        assertEveryKeyRanOnItsOwner();
        assertThat(movedSent.get()).isZero();
        assertThat(result.moved()).isZero();
        assertThat(result.requests()).isEqualTo(8_000);
        assertThat(result.errors()).isZero();
    }

    @Test
    void shouldFollowMovedToKnownAndNewNodesAndLearnTheSlots() throws Exception {
        startCluster(true);

        LoadResult result = run(3);

        assertEveryKeyRanOnItsOwner();
        assertThat(result.moved()).isEqualTo(movedSent.get()).isPositive();
        // Each event loop learns a moved slot once, so MOVED replies are bounded by slots, not by requests.
        assertThat(result.moved()).isLessThan(8_000);
        assertThat(result.requests()).isEqualTo(8_000);
        assertThat(result.latency().getTotalCount()).isEqualTo(8_000);
        assertThat(result.errors()).isZero();
    }
}
