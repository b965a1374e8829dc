package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** MULTI / EXEC / DISCARD / WATCH / UNWATCH, compared reply by reply with redis-server in RESP2 and RESP3. */
@RealServer
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MultiOracleIT extends OracleHarness {
    static final String TABLE = """
        # exec runs queued commands
        MULTI
        SET {m}a 1
        INCR {m}a
        GET {m}a
        HSET {m}h f v
        HGETALL {m}h
        EXEC
        GET {m}a
        # runtime errors stay in the reply
        SET {m}s text
        MULTI
        INCR {m}s
        SET {m}b 2
        HGET {m}s f
        EXEC
        GET {m}b
        # queue-time errors abort
        MULTI
        SET {m}a 1
        GET
        NOSUCHCOMMAND x
        EXEC
        GET {m}a
        # discard
        MULTI
        SET {m}a 1
        DISCARD
        GET {m}a
        DISCARD
        EXEC
        # nesting and watch inside multi
        MULTI
        MULTI
        WATCH {m}a
        SET {m}a 1
        EXEC
        # empty transaction
        MULTI
        EXEC
        # keyless commands in a transaction
        MULTI
        PING
        ECHO hi
        EXEC
        # watch unchanged
        SET {w}a 1
        WATCH {w}a
        MULTI
        INCR {w}a
        EXEC
        # unwatch
        WATCH {w}a
        UNWATCH
        MULTI
        GET {w}a
        EXEC
        # watch without arguments
        WATCH
        UNWATCH
        # multi arity
        MULTI x
        EXEC x
        """;

    @TestFactory
    Stream<DynamicTest> shouldMatchRedis(RunningServer server) {
        return cases(server, TABLE);
    }
}
