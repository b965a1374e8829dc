package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Hash commands, compared reply by reply with redis-server in RESP2 and RESP3. */
@RealServer
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HashOracleIT extends OracleHarness {
    static final String TABLE = """
        # hset hget hgetall order
        HSET h a 1 b 2 c 3
        HSET h b 20 d 4
        HGET h b
        HGET h zz
        HGET missing a
        HGETALL h
        HKEYS h
        HVALS h
        HLEN h
        HDEL h b
        HSET h b again
        HGETALL h
        HSET h a
        HSET h
        HMSET h x 1 y
        HMSET h x 1 y 2
        HGETALL missing
        HKEYS missing
        HVALS missing
        HLEN missing
        TYPE h
        OBJECT ENCODING h
        # binary fields and empty values
        HSET h "\\x00\\xff" "" "" "\\r\\n"
        HGET h "\\x00\\xff"
        HGET h ""
        HSTRLEN h ""
        HSTRLEN h "\\x00\\xff"
        HSTRLEN h nope
        HSTRLEN missing f
        HEXISTS h ""
        HEXISTS h nope
        HEXISTS missing f
        HGETALL h
        # hsetnx hmget hdel
        HSETNX h f v
        HSETNX h f w
        HGET h f
        HMGET h f nope f
        HMGET missing a b
        HDEL h nope
        HDEL h f f nope
        EXISTS h
        HSET h a 1 b 2
        HDEL h a b
        EXISTS h
        HDEL missing a
        HDEL h
        # wrong type
        SET s v
        HSET s f v
        HGET s f
        HMGET s f
        HGETALL s
        HKEYS s
        HVALS s
        HLEN s
        HDEL s f
        HEXISTS s f
        HSTRLEN s f
        HSETNX s f v
        HINCRBY s f 1
        HINCRBYFLOAT s f 1
        HRANDFIELD s
        HSCAN s 0
        GET s
        # hincrby
        HINCRBY h n 5
        HINCRBY h n -10
        HINCRBY h n abc
        HINCRBY h n 1.5
        HSET h s hello
        HINCRBY h s 1
        HSET h big 9223372036854775807
        HINCRBY h big 1
        HINCRBY h big 0
        HSET h small -9223372036854775808
        HINCRBY h small -1
        HSET h sp " 1"
        HINCRBY h sp 1
        HINCRBY h
        # hincrbyfloat
        HINCRBYFLOAT h f 10.5
        HINCRBYFLOAT h f 0.1
        HINCRBYFLOAT h f -5
        HINCRBYFLOAT h f 1e308
        HINCRBYFLOAT h f 1e308
        HINCRBYFLOAT h f inf
        HINCRBYFLOAT h f nan
        HINCRBYFLOAT h f abc
        HSET h s hello
        HINCRBYFLOAT h s 1
        HSET h g 0.1
        HINCRBYFLOAT h g 0.2
        HSET h e 5.0e3
        HINCRBYFLOAT h e 2.0e2
        ~HGETALL h
        # hrandfield deterministic cases
        HRANDFIELD missing
        HRANDFIELD missing 5
        HRANDFIELD missing 5 WITHVALUES
        HSET h only v
        HRANDFIELD h
        HRANDFIELD h 1
        HRANDFIELD h -3
        HRANDFIELD h -3 WITHVALUES
        HRANDFIELD h 0
        HRANDFIELD h 2 WITHVALUES
        HSET h a 1 b 2
        ~HRANDFIELD h 10
        ~HRANDFIELD h 3
        !HRANDFIELD h 2
        HRANDFIELD h x
        HRANDFIELD h 1 FOO
        HRANDFIELD h 1 WITHVALUES x
        HRANDFIELD h -9223372036854775807 WITHVALUES
        # hscan
        HSET h a 1 b 2 c 3 abc 4
        HSCAN h 0
        HSCAN h 0 MATCH a*
        HSCAN h 0 COUNT 1
        HSCAN h 0 COUNT 0
        HSCAN h 0 COUNT x
        HSCAN h 0 FOO bar
        HSCAN h 0 TYPE string
        HSCAN h abc
        HSCAN h -1
        HSCAN missing 0
        HSCAN missing 0 COUNT 0
        HSCAN h 0 MATCH
        # encoding conversion
        HSET h f v
        OBJECT ENCODING h
        HSET h long 0123456789012345678901234567890123456789012345678901234567890123456789
        OBJECT ENCODING h
        HDEL h long
        OBJECT ENCODING h
        """;

    @TestFactory
    Stream<DynamicTest> shouldMatchRedis(RunningServer server) {
        return cases(server, TABLE);
    }
}
