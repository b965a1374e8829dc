package io.kronotop.server.redis;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KeyTableTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void shouldTouchKeysOfSeveralTablesWithoutChangingAnything() {
        KeyTable strings = new KeyTable();
        KeyTable others = new KeyTable();
        for (int i = 0; i < 100; i++) {
            strings.add(ascii("key:" + i), new StringValue(i % 10 == 0 ? new byte[0] : ascii("value:" + i)));
            others.add(ascii("key:" + i), new HashValue());
        }
        KeyTable empty = new KeyTable();
        int n = 8;
        KeyTable[] tables = {strings, strings, strings, others, others, empty, strings, strings};
        int[] hashes = {KeyTable.hash(ascii("key:1")), KeyTable.hash(ascii("key:10")), KeyTable.hash(ascii("nope")),
                KeyTable.hash(ascii("key:2")), KeyTable.hash(ascii("nope")), KeyTable.hash(ascii("key:3")),
                KeyTable.hash(ascii("key:99")), KeyTable.hash(ascii("key:1"))};
        Object[] nodes = new Object[n + 1];
        nodes[n] = "beyond n";
        int touched = KeyTable.touch(tables, hashes, n, nodes);
        byte[] v1 = ascii("value:1");
        byte[] v99 = ascii("value:99");
        // What it read: the key lengths of the five entries found, the first and last byte of four non-empty strings.
        int expected = 5 + 6 + 5 + 6 + 5 + 2 * (v1[0] + v1[v1.length - 1]) + v99[0] + v99[v99.length - 1];
        assertThat(touched).isEqualTo(expected);
        assertThat(nodes).containsExactly(null, null, null, null, null, null, null, null, "beyond n");
        assertThat(strings.size()).isEqualTo(100);
        assertThat(others.size()).isEqualTo(100);
        assertThat(empty.size()).isZero();
        assertThat(((StringValue) strings.get(ascii("key:1")).value).bytes()).isEqualTo(v1);
    }

    @Test
    void shouldFindAKeyByARangeOfALargerArray() {
        KeyTable table = new KeyTable();
        for (int i = 0; i < 1000; i++) {
            table.add(ascii("key:" + i), StringValue.of(i));
        }
        table.add(new byte[0], StringValue.of(-1));
        for (int i = 0; i < 1000; i++) {
            byte[] framed = ascii("$$key:" + i + "\r\n");
            Entry byRange = table.get(framed, 2, framed.length - 4);
            assertThat(byRange).as("key:%d", i).isNotNull().isSameAs(table.get(ascii("key:" + i)));
            assertThat(KeyTable.hash(framed, 2, framed.length - 4)).isEqualTo(byRange.hash);
        }
        byte[] text = ascii("key:12345");
        assertThat(table.get(text, 0, 5)).isNotNull().isSameAs(table.get(ascii("key:1")));
        assertThat(table.get(text, 0, 6)).isNotNull().isSameAs(table.get(ascii("key:12")));
        assertThat(table.get(text, 0, 9)).as("key:12345 was never added").isNull();
        assertThat(table.get(text, 1, 5)).as("ey:12").isNull();
        assertThat(table.get(text, 3, 0)).isSameAs(table.get(new byte[0]));
    }

    @Test
    void shouldTellKeysApartByEveryByteAndTheirLength() {
        KeyTable table = new KeyTable();
        String long1 = "a-key-longer-than-sixteen-bytes:1";
        String long2 = "a-key-longer-than-sixteen-bytes:2";
        byte[][] keys = {ascii("a"), {'a', 0}, {'a', 0, 0, 0, 0, 0, 0, 0, 0}, {0}, new byte[0],
            ascii("0123456789abcdef"), ascii("0123456789abcdeg"), ascii("0123456789abcdef0"), ascii(long1), ascii(long2), ascii("12345678")};
        for (int i = 0; i < keys.length; i++) {
            table.add(keys[i], StringValue.of(i));
        }
        for (int i = 0; i < keys.length; i++) {
            byte[] framed = new byte[keys[i].length + 3];
            System.arraycopy(keys[i], 0, framed, 3, keys[i].length);
            Entry e = table.get(framed, 3, keys[i].length);
            assertThat(e).as("key %d", i).isNotNull();
            assertThat(e.key()).isSameAs(keys[i]);
            assertThat(table.get(keys[i])).isSameAs(e);
        }
        assertThat(table.get(ascii("a-key-longer-than-sixteen-bytes:3"))).isNull();
        assertThat(table.get(new byte[] {'a', 0, 0})).isNull();
        assertThat(table.get(ascii("1234567"))).isNull();
    }
}
