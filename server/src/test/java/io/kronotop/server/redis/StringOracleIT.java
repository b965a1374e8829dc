package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * String commands, compared reply by reply with redis-server in RESP2 and RESP3. Segments of 1 GiB (sparse files)
 * so that a 512 MiB value, Redis's largest, is persisted as in production rather than refused for not fitting in
 * the small segments other tests use.
 */
@RealServer(config = "volume.segment.size.bytes=1073741824")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StringOracleIT extends OracleHarness {
    static final String TABLE = """
        # get and set
        GET k
        SET k v
        GET k
        SET k ""
        GET k
        STRLEN k
        SET k "\\x00\\xff\\r\\nbin"
        GET k
        STRLEN k
        SET "\\x00key\\xfe" "\\x01"
        GET "\\x00key\\xfe"
        GET
        SET k
        GET k k
        # set options
        SET k v NX
        SET k w NX
        GET k
        SET k w XX
        GET k
        SET other w XX
        GET other
        SET k v NX XX
        SET k v XX NX
        SET k v NX NX
        SET k v EX 10 PX 100
        SET k v EX 10 KEEPTTL
        SET k v KEEPTTL EX 10
        SET k v EX
        SET k v EX 0
        SET k v EX -5
        SET k v EX abc
        SET k v PX 9223372036854775807
        SET k v EX 9223372036854775
        SET k v EXAT 9223372036854775
        SET k v EX 10 EX 20
        TTL k
        SET k v FOO
        SET k v GET
        SET k x GET
        SET k y NX GET
        SET nokey y XX GET
        GET nokey
        SET nokey2 y NX GET
        GET nokey2
        SET k v PXAT 1
        GET k
        SET k v EXAT 1 GET
        SET k v KEEPTTL
        TTL k
        SET k v EX 100
        SET k w KEEPTTL
        TTL k
        SET k w
        TTL k
        # set get on wrong type
        HSET h f v
        SET h v GET
        HGET h f
        SET h v
        GET h
        # setnx setex psetex getset getdel
        SETNX k v
        SETNX k w
        GET k
        SETEX k 100 v
        TTL k
        SETEX k 0 v
        SETEX k -1 v
        SETEX k x v
        PSETEX k 100000 v
        TTL k
        PSETEX k 0 v
        SETEX k 9223372036854775807 v
        GETSET k new
        GETSET k2 new
        TTL k
        GETDEL k
        GETDEL k
        HSET h f v
        GETDEL h
        GETSET h v
        SETNX
        # mget mset msetnx
        MSET {t}a 1 {t}b 2
        MGET {t}a {t}b {t}c
        HSET {t}h f v
        MGET {t}a {t}h
        MSET {t}a 1 {t}b
        MSETNX {t}a 1 {t}x 2
        MGET {t}x
        MSETNX {t}x 1 {t}y 2
        MGET {t}x {t}y
        MSETNX {t}x 1 {t}y
        MSET {t}a 1 {t}a 2
        GET {t}a
        # getex
        SET k v
        GETEX k
        GETEX k EX 100
        TTL k
        GETEX k PERSIST
        TTL k
        GETEX k PX 500000
        !PTTL k
        GETEX k EXAT 1
        GET k
        GETEX missing EX 10
        SET k v
        GETEX k EX 0
        GETEX k EX 10 PX 10
        GETEX k PERSIST EX 10
        GETEX k KEEPTTL
        GETEX k NX
        GETEX k EX abc
        GETEX k PXAT 99999999999999
        PEXPIRETIME k
        HSET h f v
        GETEX h
        # getrange and substr
        SET k "This is a string"
        GETRANGE k 0 3
        GETRANGE k -3 -1
        GETRANGE k 0 -1
        GETRANGE k 10 100
        GETRANGE k 5 3
        GETRANGE k -1 -5
        GETRANGE k -100 -50
        GETRANGE k -100 2
        GETRANGE k 100 200
        GETRANGE missing 0 10
        GETRANGE k a 1
        GETRANGE k 0 b
        SUBSTR k 0 3
        SET e ""
        GETRANGE e 0 -1
        GETRANGE k 9223372036854775807 -9223372036854775808
        HSET h f v
        GETRANGE h 0 1
        # setrange and append
        SETRANGE k 5 hello
        GET k
        SETRANGE k 0 HE
        GET k
        SETRANGE k 20 ""
        SETRANGE missing 0 ""
        EXISTS missing
        SETRANGE k -1 x
        SETRANGE k x x
        SETRANGE k 536870912 x
        SETRANGE big 536870911 x
        STRLEN big
        APPEND big x
        DEL big
        APPEND k tail
        GET k
        APPEND new abc
        APPEND new ""
        GET new
        HSET h f v
        APPEND h x
        SETRANGE h 0 x
        # incr decr
        INCR n
        INCR n
        DECR n
        INCRBY n 10
        DECRBY n 100
        INCRBY n abc
        INCRBY n 1.5
        INCRBY n " 1"
        INCRBY n +1
        INCRBY n 01
        SET n 9223372036854775807
        INCR n
        INCRBY n 0
        SET n -9223372036854775808
        DECR n
        DECRBY n -9223372036854775808
        SET n 5
        DECRBY n -9223372036854775808
        DECRBY n 9223372036854775807
        SET n "12 "
        INCR n
        SET n 0x10
        INCR n
        SET n ""
        INCR n
        SET n 00
        INCR n
        SET n -0
        INCR n
        SET n 123456789012345678901
        INCR n
        HSET h f v
        INCR h
        INCRBY n
        # incrbyfloat
        INCRBYFLOAT f 10.5
        INCRBYFLOAT f 0.1
        INCRBYFLOAT f -5
        SET f 5.0e3
        INCRBYFLOAT f 2.0e2
        SET f 0.1
        INCRBYFLOAT f 0.2
        SET f 3
        INCRBYFLOAT f 1.5
        INCRBYFLOAT f abc
        INCRBYFLOAT f inf
        INCRBYFLOAT f -inf
        INCRBYFLOAT f nan
        INCRBYFLOAT f ""
        INCRBYFLOAT f " 1"
        INCRBYFLOAT f 1e308
        INCRBYFLOAT f 1e308
        SET f 1
        INCRBYFLOAT f 12345.1
        INCRBYFLOAT f 1e-5
        INCRBYFLOAT f 100.1
        INCRBYFLOAT f -12446.20001
        INCRBYFLOAT g 1e20
        INCRBYFLOAT g 1.5
        INCRBYFLOAT z 0.0000001
        INCRBYFLOAT z -0.0000001
        SET bad hello
        INCRBYFLOAT bad 1
        HSET h f v
        INCRBYFLOAT h 1
        # lcs
        MSET {l}a ohmytext {l}b mynewtext
        LCS {l}a {l}b
        LCS {l}a {l}b LEN
        LCS {l}a {l}b IDX
        LCS {l}a {l}b IDX MINMATCHLEN 4
        LCS {l}a {l}b IDX WITHMATCHLEN
        LCS {l}a {l}b IDX MINMATCHLEN 4 WITHMATCHLEN
        LCS {l}a {l}b IDX MINMATCHLEN -1
        LCS {l}a {l}b LEN IDX
        LCS {l}a {l}b FOO
        LCS {l}a {l}b MINMATCHLEN
        LCS {l}a {l}b MINMATCHLEN x
        LCS {l}a {l}missing
        LCS {l}missing {l}missing2 IDX
        HSET {l}h f v
        LCS {l}a {l}h
        MSET {l}x ABCBDAB {l}y BDCABA
        LCS {l}x {l}y
        LCS {l}x {l}y IDX WITHMATCHLEN
        # wrong arity and unknown
        GET
        SET a
        STRLEN
        APPEND a
        INCRBYFLOAT a
        GETRANGE a 1
        SETEX a 1
        MGET
        GETDEL
        GETSET a
        """;

    @TestFactory
    Stream<DynamicTest> shouldMatchRedis(RunningServer server) {
        return cases(server, TABLE);
    }

    /**
     * APPEND grows a string in place and leaves room after it (StringValue): every read, in-place change, copy and
     * rename must still see exactly the string. 150 APPENDs of 1 to 1,500 bytes take it past 100 KB, growing its
     * array several times and crossing the size where persistence writes patches.
     */
    @TestFactory
    Stream<DynamicTest> shouldMatchRedisWhileAppendsGrowAString(RunningServer server) {
        StringBuilder table = new StringBuilder("# appends growing a string in place\n");
        String[] reads = {"GET {a}log", "STRLEN {a}log", "GETRANGE {a}log -5 -1", "SETRANGE {a}log 3 XY",
            "SETBIT {a}log 9 1", "BITCOUNT {a}log", "GETBIT {a}log 9", "OBJECT ENCODING {a}log",
            "BITCOUNT {a}log -3 -1", "BITCOUNT {a}log -20 -1 BIT", "GETBIT {a}log 99999999"};
        for (int i = 0; i < 150; i++) {
            int n = (i * 337) % 1500 + 1;
            table.append("APPEND {a}log ").append(String.valueOf((char) ('a' + i % 26)).repeat(n)).append('\n');
            table.append(reads[i % reads.length]).append('\n');
        }
        table.append("""
            COPY {a}log {a}copy
            APPEND {a}copy tail
            GET {a}log
            GET {a}copy
            RENAME {a}log {a}moved
            APPEND {a}moved end
            GET {a}moved
            MGET {a}moved {a}copy
            GETDEL {a}copy
            GETEX {a}moved PERSIST
            SET {a}moved x GET
            SET n 12
            APPEND n 3
            OBJECT ENCODING n
            INCR n
            GET n
            """);
        return cases(server, table.toString());
    }

    /**
     * SETBIT, SETRANGE and BITFIELD past a string's end grow it in place with room after it, as APPEND does
     * (StringValue.growTo): a bitmap set at rising offsets, a string extended by SETRANGE with gaps of zeros, then
     * APPENDs after both. Reads between the writes must see exactly the string, never the room.
     */
    @TestFactory
    Stream<DynamicTest> shouldMatchRedisWhileBitmapsAndRangesGrowAString(RunningServer server) {
        StringBuilder table = new StringBuilder("# bitmaps and ranges growing a string in place\n");
        String[] reads = {"STRLEN {b}map", "BITCOUNT {b}map", "BITPOS {b}map 1 -2 -1", "GETRANGE {b}map -3 -1",
            "BITPOS {b}map 0", "GETBIT {b}map 123456789", "BITCOUNT {b}map -1 -1", "OBJECT ENCODING {b}map",
            "BITFIELD_RO {b}map GET u8 #7", "BITPOS {b}map 1 -9 -1 BIT"};
        for (int i = 0; i < 120; i++) {
            long bit = 5L + (long) i * i * 97;
            table.append("SETBIT {b}map ").append(bit).append(" 1\n");
            table.append(reads[i % reads.length]).append('\n');
        }
        table.append("""
            GET {b}map
            SET {b}r abc
            SETRANGE {b}r 10 x
            GET {b}r
            SETRANGE {b}r 3000 y
            STRLEN {b}r
            GETRANGE {b}r 2995 3001
            APPEND {b}r tail
            GETRANGE {b}r -8 -1
            SETRANGE {b}r 5000 zz
            SETRANGE {b}r 4999 w
            GETRANGE {b}r 4990 -1
            BITCOUNT {b}r
            OBJECT ENCODING {b}r
            SET {b}f hi
            BITFIELD {b}f SET u8 #40 200 GET u8 #40 GET u8 #41
            STRLEN {b}f
            BITFIELD {b}f INCRBY u16 #100 7 GET u16 #100
            STRLEN {b}f
            APPEND {b}f !
            GETRANGE {b}f 199 -1
            BITFIELD {b}f OVERFLOW FAIL INCRBY u8 #300 300
            STRLEN {b}f
            GET {b}f
            COPY {b}map {b}map2
            SETBIT {b}map2 3 1
            BITOP XOR {b}x {b}map {b}map2
            BITCOUNT {b}x
            STRLEN {b}x
            SETBIT {b}new 100 1
            STRLEN {b}new
            SETRANGE {b}new2 5 abc
            GET {b}new2
            BITFIELD {b}new3 SET i8 #3 -5
            GET {b}new3
            """);
        return cases(server, table.toString());
    }
}
