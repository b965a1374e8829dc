package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Generic keyspace commands, compared reply by reply with redis-server in RESP2 and RESP3. */
@RealServer
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KeysOracleIT extends OracleHarness {
    static final String TABLE = """
        # del unlink exists touch type
        MSET {t}a 1 {t}b 2 {t}c 3
        EXISTS {t}a {t}a {t}x
        DEL {t}a {t}x
        UNLINK {t}b {t}b
        EXISTS {t}a {t}b {t}c
        TOUCH {t}c {t}x {t}c
        TYPE {t}c
        HSET {t}h f v
        TYPE {t}h
        TYPE {t}none
        DEL
        EXISTS
        TYPE
        DBSIZE
        # rename
        SET {r}a 1
        RENAME {r}a {r}b
        GET {r}b
        RENAME {r}missing {r}x
        RENAME {r}b {r}b
        RENAMENX {r}b {r}b
        RENAMENX {r}missing {r}b
        SET {r}c 3
        RENAMENX {r}b {r}c
        RENAMENX {r}b {r}d
        RENAME {r}d {r}c
        GET {r}c
        EXISTS {r}d
        SET {r}t v PX 100000
        RENAME {r}t {r}u
        !PTTL {r}u
        TTL {r}u
        HSET {r}h f v
        RENAME {r}h {r}c
        TYPE {r}c
        # expire family
        SET k v
        EXPIRE k 100
        TTL k
        EXPIRE k 100 NX
        EXPIRE k 200 XX
        TTL k
        EXPIRE k 50 GT
        EXPIRE k 300 GT
        TTL k
        EXPIRE k 400 LT
        EXPIRE k 10 LT
        TTL k
        EXPIRE k 10 NX XX
        EXPIRE k 10 GT LT
        EXPIRE k 10 NX GT
        EXPIRE k 10 FOO
        EXPIRE k 10 nx
        EXPIRE k abc
        EXPIRE k 10 NX abc
        EXPIRE k 9223372036854775807
        EXPIRE k -9223372036854775808
        PEXPIRE k 9223372036854775807
        EXPIREAT k 9223372036854775807
        PEXPIREAT k 9223372036854775807
        TTL k
        PERSIST k
        PERSIST k
        TTL k
        EXPIRE k 100 XX
        EXPIRE k 100 GT
        EXPIRE k 100 LT
        TTL k
        PERSIST k
        EXPIRE missing 10
        PEXPIRE missing 10
        PERSIST missing
        TTL missing
        PTTL missing
        EXPIRETIME missing
        PEXPIRETIME missing
        EXPIRETIME k
        PEXPIRETIME k
        PEXPIREAT k 99999999999999
        PEXPIRETIME k
        EXPIRETIME k
        EXPIREAT k 99999999999
        EXPIRETIME k
        PEXPIRETIME k
        EXPIRE k -1
        EXISTS k
        SET k v
        PEXPIREAT k 1
        EXISTS k
        SET k v
        EXPIRE k 0
        GET k
        EXPIRE
        TTL
        # scan over a small keyspace
        MSET {s}a 1 {s}b 2 {s}c 3
        HSET {s}h f v
        ~KEYS *
        ~KEYS {s}?
        ~KEYS "\\{s\\}[ab]"
        KEYS nomatch*
        SCAN abc
        !SCAN -1
        SCAN 0 COUNT 0
        SCAN 0 COUNT x
        SCAN 0 FOO bar
        SCAN 0 MATCH
        !RANDOMKEY
        DBSIZE
        # randomkey dbsize flush
        RANDOMKEY
        SET only v
        RANDOMKEY
        DBSIZE
        FLUSHDB
        DBSIZE
        SET a v
        FLUSHALL SYNC
        FLUSHALL ASYNC
        FLUSHDB FOO
        FLUSHALL SYNC ASYNC
        DBSIZE
        # select, move and swapdb with one database
        SELECT 0
        SELECT x
        SELECT 1
        SELECT -1
        SELECT 3000000000
        SELECT 99999999999999999999
        SET {m}k v
        MOVE {m}k 0
        MOVE {m}missing 0
        MOVE {m}k 1
        MOVE {m}k -1
        MOVE {m}k x
        MOVE {m}k 3000000000
        MOVE {m}k 99999999999999999999
        GET {m}k
        SWAPDB 0 0
        SWAPDB 0 1
        SWAPDB 1 1
        SWAPDB -1 0
        SWAPDB x 0
        SWAPDB 0 x
        SWAPDB x y
        SWAPDB 3000000000 0
        GET {m}k
        # copy
        SET {c}a hello EX 100
        COPY {c}a {c}b
        GET {c}b
        TTL {c}b
        COPY {c}a {c}b
        COPY {c}a {c}b REPLACE
        COPY {c}a {c}a
        COPY {c}missing {c}x
        COPY {c}a {c}z DB 0
        COPY {c}a {c}z DB x
        COPY {c}a {c}z FOO
        HSET {c}h f v
        COPY {c}h {c}h2
        HGETALL {c}h2
        HSET {c}h g w
        HGETALL {c}h2
        # object
        SET k 123
        OBJECT ENCODING k
        OBJECT REFCOUNT k
        SET k 12345
        OBJECT REFCOUNT k
        OBJECT ENCODING k
        SET k hello
        OBJECT ENCODING k
        OBJECT REFCOUNT k
        SET k 012
        OBJECT ENCODING k
        SET k 01234567890123456789012345678901234567890123456789
        OBJECT ENCODING k
        SET k small
        APPEND k x
        OBJECT ENCODING k
        SET k -9223372036854775808
        OBJECT ENCODING k
        OBJECT ENCODING missing
        OBJECT REFCOUNT missing
        OBJECT IDLETIME missing
        !OBJECT IDLETIME k
        OBJECT FREQ k
        OBJECT FOO k
        OBJECT ENCODING
        OBJECT
        HSET h f v
        OBJECT ENCODING h
        OBJECT REFCOUNT h
        # memory usage
        MEMORY USAGE missing
        SET k v
        !MEMORY USAGE k
        !MEMORY USAGE k SAMPLES 5
        MEMORY USAGE k SAMPLES x
        MEMORY USAGE k FOO
        # dump and restore errors
        DUMP missing
        SET k v
        RESTORE k 0 garbage
        RESTORE new 0 garbage
        RESTORE new -1 garbage
        RESTORE new x garbage
        RESTORE new 0 garbage FOO
        RESTORE new 0 garbage IDLETIME -1
        RESTORE new 0 garbage FREQ 300
        RESTORE new 0 garbage IDLETIME 1 FREQ 1
        RESTORE new 0 garbage REPLACE ABSTTL
        RESTORE k 0 garbage REPLACE
        EXISTS new
        # server commands tools send
        FUNCTION FLUSH
        FUNCTION LIST
        FUNCTION DELETE lib
        FUNCTION KILL
        FUNCTION DELETE
        FCALL f 0
        FCALL_RO f 1 k
        FCALL f
        SCRIPT FLUSH
        SCRIPT FLUSH ASYNC
        SCRIPT FLUSH sync
        SCRIPT FLUSH FOO
        SCRIPT EXISTS a 0123456789abcdef0123456789abcdef01234567
        SCRIPT EXISTS
        SCRIPT KILL
        SCRIPT KILL x
        EVALSHA 0123456789abcdef0123456789abcdef01234567 0
        EVALSHA_RO abc 1 k
        EVALSHA abc
        MODULE LIST
        MODULE LIST x
        MODULE UNLOAD
        REPLICAOF NO ONE
        SLAVEOF no one
        REPLICAOF host abc
        REPLICAOF host
        LATENCY GRAPH command
        LATENCY GRAPH
        # client-side caching off, no blocked clients
        CLIENT TRACKINGINFO
        CLIENT GETREDIR
        CLIENT TRACKING OFF
        CLIENT TRACKING off PREFIX a BCAST OPTIN OPTOUT NOLOOP
        CLIENT TRACKING FOO
        CLIENT TRACKING OFF FOO
        CLIENT TRACKING OFF REDIRECT
        CLIENT TRACKING
        CLIENT CACHING YES
        CLIENT CACHING FOO
        CLIENT UNBLOCK 999999
        CLIENT UNBLOCK 999999 TIMEOUT
        CLIENT UNBLOCK 999999 error
        CLIENT UNBLOCK abc
        CLIENT UNBLOCK 999999 FOO
        CLIENT UNBLOCK 999999 TIMEOUT x
        CLIENT UNBLOCK
        !SLOWLOG LEN
        SLOWLOG RESET
        SLOWLOG FOO
        CONFIG GET maxmemory
        CONFIG SET maxmemory 0
        CONFIG GET maxmemory-policy
        # wait without replicas
        WAIT 0 0
        WAIT -1 0
        WAIT 1 20
        WAIT 0 -1
        WAIT 0 abc
        WAIT abc 0
        WAIT 0
        MULTI
        WAIT 1 0
        EXEC
        """;

    @TestFactory
    Stream<DynamicTest> shouldMatchRedis(RunningServer server) {
        return cases(server, TABLE);
    }
}
