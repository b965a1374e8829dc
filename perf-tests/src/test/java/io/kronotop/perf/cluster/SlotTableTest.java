package io.kronotop.perf.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlotTableTest {

    @Test
    void shouldMapSlotRangesToMasters() {
        Object reply = List.of(
                List.of(0L, 100L, List.of("10.0.0.1", 7000L, "a"), List.of("10.0.0.9", 7009L, "r")),
                List.of(101L, 16383L, List.of("", 7001L, "b")));

        SlotTable table = SlotTable.fromClusterSlots(reply, new NodeAddress("127.0.0.1", 7001));

        assertThat(table.nodeCount()).isEqualTo(2);
        assertThat(table.node(table.nodeOfSlot(0))).isEqualTo(new NodeAddress("10.0.0.1", 7000));
        assertThat(table.node(table.nodeOfSlot(100))).isEqualTo(new NodeAddress("10.0.0.1", 7000));
        assertThat(table.node(table.nodeOfSlot(101))).isEqualTo(new NodeAddress("127.0.0.1", 7001));
    }

    @Test
    void shouldMoveASlotToANewNode() {
        SlotTable table = SlotTable.single(new NodeAddress("127.0.0.1", 1));

        int index = table.onMoved(42, NodeAddress.parse("127.0.0.1:2"));

        assertThat(index).isEqualTo(1);
        assertThat(table.nodeOfSlot(42)).isEqualTo(1);
        assertThat(table.nodeOfSlot(43)).isZero();
    }
}
