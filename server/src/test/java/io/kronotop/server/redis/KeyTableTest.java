package io.kronotop.server.redis;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KeyTableTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
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
