package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RunningServer;
import io.lettuce.core.BitFieldArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.lettuce.core.BitFieldArgs.typeWidthBasedOffset;
import static io.lettuce.core.BitFieldArgs.signed;
import static io.lettuce.core.BitFieldArgs.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

/** The bitmap commands through Lettuce's typed API and redis-cli, as applications and operators send them. */
@RealServer
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BitmapClientsIT {
    @Test
    void shouldServeLettucesBitmapCommands(RunningServer server) {
        RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> r = connection.sync();
            r.del("daily");
            r.del("{u}mon", "{u}tue", "{u}both");
            r.del("fields");
            // one bit per user id: who was active
            for (int user : new int[] {3, 17, 1000, 4095}) {
                assertThat(r.setbit("daily", user, 1)).isZero();
            }
            assertThat(r.getbit("daily", 17)).isEqualTo(1L);
            assertThat(r.getbit("daily", 18)).isZero();
            assertThat(r.bitcount("daily")).isEqualTo(4L);
            assertThat(r.bitcount("daily", 0, 2)).isEqualTo(2L);
            assertThat(r.bitpos("daily", true)).isEqualTo(3L);
            assertThat(r.bitpos("daily", true, 3)).isEqualTo(1000L);
            assertThat(r.bitpos("daily", false)).isZero();
            assertThat(r.strlen("daily")).isEqualTo(512L);

            r.setbit("{u}mon", 1, 1);
            r.setbit("{u}mon", 5, 1);
            r.setbit("{u}tue", 5, 1);
            r.setbit("{u}tue", 9, 1);
            assertThat(r.bitopAnd("{u}both", "{u}mon", "{u}tue")).isEqualTo(2L);
            assertThat(r.bitcount("{u}both")).isEqualTo(1L);
            assertThat(r.bitopOr("{u}both", "{u}mon", "{u}tue")).isEqualTo(2L);
            assertThat(r.bitcount("{u}both")).isEqualTo(3L);
            assertThat(r.bitopXor("{u}both", "{u}mon", "{u}tue")).isEqualTo(2L);
            assertThat(r.bitcount("{u}both")).isEqualTo(2L);
            assertThat(r.bitopNot("{u}both", "{u}mon")).isEqualTo(1L);
            assertThat(r.bitcount("{u}both")).isEqualTo(6L);

            // packed counters: four unsigned bytes, one signed 16-bit field after them
            List<Long> replies = r.bitfield("fields", BitFieldArgs.Builder
                .incrBy(unsigned(8), typeWidthBasedOffset(2), 200)
                .set(signed(16), 32, -1234)
                .get(unsigned(8), typeWidthBasedOffset(2))
                .get(signed(16), 32));
            assertThat(replies).containsExactly(200L, 0L, 200L, -1234L);
            replies = r.bitfield("fields", BitFieldArgs.Builder.overflow(BitFieldArgs.OverflowType.FAIL)
                .incrBy(unsigned(8), typeWidthBasedOffset(2), 100)
                .overflow(BitFieldArgs.OverflowType.SAT)
                .incrBy(unsigned(8), typeWidthBasedOffset(2), 100));
            assertThat(replies).isEqualTo(Arrays.asList(null, 255L));
            assertThat(r.bitfield("fields", BitFieldArgs.Builder.get(signed(16), 32))).containsExactly(-1234L);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void shouldServeRedisCliBitmapCommands(RunningServer server) {
        int port = server.port();
        RedisCli.run(port, "DEL", "cli:bits");
        assertThat(RedisCli.run(port, "SETBIT", "cli:bits", "100", "1")).isEqualTo("0");
        assertThat(RedisCli.run(port, "BITCOUNT", "cli:bits", "0", "-1", "BIT")).isEqualTo("1");
        assertThat(RedisCli.run(port, "BITPOS", "cli:bits", "1", "0", "-1", "BIT")).isEqualTo("100");
        assertThat(RedisCli.run(port, "BITFIELD", "cli:bits", "SET", "u4", "#0", "9", "GET", "u4", "#0"))
            .isEqualTo("0\n9");
        // redis-cli ends an error with an empty line
        assertThat(RedisCli.run(port, "BITFIELD_RO", "cli:bits", "SET", "u4", "#0", "1").strip())
            .isEqualTo("ERR BITFIELD_RO only supports the GET subcommand");
        assertThat(RedisCli.run(port, "SETBIT", "cli:bits", "4294967296", "1").strip())
            .isEqualTo("ERR bit offset is not an integer or out of range");
    }
}
