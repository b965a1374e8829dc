package io.kronotop.server.redis;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NumbersTest {
    private static String add(String a, String b) {
        return new String(StringStore.addLongDouble(a.getBytes(StandardCharsets.US_ASCII),
            b.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
    }

    @Test
    void shouldAddInLongDoubleAndPrintLikeRedis() {
        // Redis's documented INCRBYFLOAT examples, and sums where double and long double differ.
        assertThat(add("10.50", "0.1")).isEqualTo("10.6");
        assertThat(add("10.6", "-5")).isEqualTo("5.6");
        assertThat(add("5.0e3", "2.0e2")).isEqualTo("5200");
        assertThat(add("0.1", "0.2")).isEqualTo("0.3");
        assertThat(add("0", "0.0000001")).isEqualTo("0.0000001");
        assertThat(add("3", "-3")).isEqualTo("0");
    }

    @Test
    void shouldRefuseWhatStrtoldRefuses() {
        assertThatThrownBy(() -> add("abc", "1")).hasMessage("ERR value is not a valid float");
        assertThatThrownBy(() -> add("1", " 1")).hasMessage("ERR value is not a valid float");
        assertThatThrownBy(() -> add("1", "")).hasMessage("ERR value is not a valid float");
        assertThatThrownBy(() -> add("1", "inf")).hasMessage("ERR increment would produce NaN or Infinity");
    }

    @Test
    void shouldParseIntegersWithRedisRules() {
        assertThat(Numbers.parseLong(bytes("-9223372036854775808"))).isEqualTo(Long.MIN_VALUE);
        assertThat(Numbers.parseLong(bytes("9223372036854775807"))).isEqualTo(Long.MAX_VALUE);
        for (String bad : new String[] {"9223372036854775808", "+1", "01", " 1", "1 ", "", "-", "-0", "1.0"}) {
            assertThat(Numbers.parseLong(bytes(bad))).as(bad).isNull();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
