package io.kronotop.perf.cluster;

import io.kronotop.perf.resp.BlockingRespClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which node serves each of the 16384 slots. Nodes are numbered in order of discovery. A table is owned
 * by one thread (the generator gives each event loop its own copy); {@code MOVED} replies update it.
 */
public final class SlotTable {
    private final List<NodeAddress> nodes;
    private final int[] slotToNode;

    private SlotTable(List<NodeAddress> nodes, int[] slotToNode) {
        this.nodes = nodes;
        this.slotToNode = slotToNode;
    }

    /** A table where one node serves every slot (a non-cluster server). */
    public static SlotTable single(NodeAddress node) {
        List<NodeAddress> nodes = new ArrayList<>();
        nodes.add(node);
        return new SlotTable(nodes, new int[SlotHash.SLOTS]);
    }

    /**
     * Builds a table from a {@code CLUSTER SLOTS} reply (masters only): {@code [[start, end, [host, port,
     * ...], replicas...], ...]}. An empty host means "the address we asked".
     */
    public static SlotTable fromClusterSlots(Object reply, NodeAddress seed) {
        if (!(reply instanceof List<?> ranges)) {
            throw new IllegalArgumentException("CLUSTER SLOTS did not answer an array: " + reply);
        }
        int[] map = new int[SlotHash.SLOTS];
        Arrays.fill(map, -1);
        List<NodeAddress> nodes = new ArrayList<>();
        for (Object r : ranges) {
            List<?> range = (List<?>) r;
            int start = ((Long) range.get(0)).intValue();
            int end = ((Long) range.get(1)).intValue();
            List<?> master = (List<?>) range.get(2);
            String host = (String) master.get(0);
            int port = ((Long) master.get(1)).intValue();
            NodeAddress node = new NodeAddress(host == null || host.isEmpty() || "?".equals(host)
                    ? seed.host() : host, port);
            int index = nodes.indexOf(node);
            if (index < 0) {
                index = nodes.size();
                nodes.add(node);
            }
            for (int s = start; s <= end; s++) {
                map[s] = index;
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("CLUSTER SLOTS listed no node");
        }
        for (int s = 0; s < map.length; s++) {
            if (map[s] < 0) {
                map[s] = 0; // uncovered slot: ask any node and follow its MOVED
            }
        }
        return new SlotTable(nodes, map);
    }

    /** Asks {@code seed} for {@code CLUSTER SLOTS}. */
    public static SlotTable discover(NodeAddress seed, int timeoutMs) throws IOException {
        try (BlockingRespClient client = new BlockingRespClient(seed.host(), seed.port(), timeoutMs)) {
            Object reply = client.call("CLUSTER", "SLOTS");
            if (reply instanceof BlockingRespClient.RespError error) {
                throw new IOException("CLUSTER SLOTS failed on " + seed + ": " + error.message());
            }
            return fromClusterSlots(reply, seed);
        }
    }

    public SlotTable copy() {
        return new SlotTable(new ArrayList<>(nodes), slotToNode.clone());
    }

    public int nodeOfSlot(int slot) {
        return slotToNode[slot];
    }

    public NodeAddress node(int index) {
        return nodes.get(index);
    }

    public int nodeCount() {
        return nodes.size();
    }

    /** Index of {@code node}, adding it when new. */
    public int indexOf(NodeAddress node) {
        int index = nodes.indexOf(node);
        if (index < 0) {
            index = nodes.size();
            nodes.add(node);
        }
        return index;
    }

    /** Records that {@code slot} moved to {@code node}; returns the node's index. */
    public int onMoved(int slot, NodeAddress node) {
        int index = indexOf(node);
        slotToNode[slot] = index;
        return index;
    }
}
