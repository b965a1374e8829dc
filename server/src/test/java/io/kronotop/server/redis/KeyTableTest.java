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
}
