package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The bitmap commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO), compared reply by reply
 * with redis-server in RESP2 and RESP3: ranges in bytes and bits, negative indexes, the 2^32 bit offset limit,
 * every BITFIELD type width and overflow policy, argument errors in Redis's order, WRONGTYPE, expiry kept.
 */
@RealServer
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BitmapOracleIT extends OracleHarness {
    static final String TABLE = """
        # setbit and getbit
        SETBIT k 7 1
        GETBIT k 7
        GETBIT k 6
        GET k
        SETBIT k 7 0
        SETBIT k 7 0
        SETBIT k 100 1
        STRLEN k
        GETBIT k 100
        GETBIT k 100000
        GETBIT nokey 5
        GETBIT k 4294967295
        SETBIT z 0 0
        GET z
        SET e ""
        SETBIT e 3 1
        GET e
        SET bin "\\x00\\xff"
        SETBIT bin 8 0
        SETBIT bin 0 1
        GET bin
        # setbit and getbit errors
        SETBIT k -1 1
        SETBIT k 4294967296 1
        SETBIT k abc 1
        SETBIT k " 1" 1
        SETBIT k 1 2
        SETBIT k 1 -1
        SETBIT k 1 01
        SETBIT k 1 x
        SETBIT k 4294967296 x
        GETBIT k -1
        GETBIT k 4294967296
        GETBIT k x
        EXISTS k
        HSET h f v
        SETBIT h 1 1
        SETBIT h -1 1
        SETBIT h 1 5
        GETBIT h 1
        SETBIT k 1
        GETBIT k
        # setbit keeps the expiry and makes a raw string
        SET t v EX 100
        SETBIT t 1 1
        TTL t
        SET n 12345
        OBJECT ENCODING n
        SETBIT n 3 1
        GET n
        OBJECT ENCODING n
        SET m 123
        SETRANGE m 0 4
        OBJECT ENCODING m
        SETRANGE m2 0 123
        OBJECT ENCODING m2
        APPEND m3 123
        OBJECT ENCODING m3
        # bitcount
        SET s foobar
        BITCOUNT s
        BITCOUNT s 0 0
        BITCOUNT s 1 1
        BITCOUNT s 1 1 BYTE
        BITCOUNT s 1 1 byte
        BITCOUNT s 5 30 BIT
        BITCOUNT s 5 30 bit
        BITCOUNT s 0 -1 BIT
        BITCOUNT s -2 -1
        BITCOUNT s -1 -2
        BITCOUNT s 2 1
        BITCOUNT s 100 200
        BITCOUNT s -100 -50
        BITCOUNT s -100 100
        BITCOUNT s 3 3 BIT
        BITCOUNT s 7 8 BIT
        BITCOUNT s 9 14 BIT
        BITCOUNT s -3 -1 BIT
        BITCOUNT s 47 47 BIT
        BITCOUNT s 47 48 BIT
        SET long "\\xff\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\x09\\x0a\\x0b\\x0c\\x0d\\x0e\\x0f\\xff\\xfe"
        BITCOUNT long
        BITCOUNT long 1 16
        BITCOUNT long 3 140 BIT
        SET empty ""
        BITCOUNT empty
        BITCOUNT empty 0 -1
        BITCOUNT empty 0 -1 BIT
        # bitcount errors and missing keys
        SET s foobar
        BITCOUNT s 0
        BITCOUNT s 0 1 2
        BITCOUNT s 0 1 FOO
        BITCOUNT s a 1
        BITCOUNT s 0 b
        BITCOUNT nokey
        BITCOUNT nokey 0 1
        BITCOUNT nokey a b
        BITCOUNT nokey 0 1 FOO
        BITCOUNT nokey 0
        HSET h f v
        BITCOUNT h
        BITCOUNT h a b
        BITCOUNT
        # bitpos
        SET ones "\\xff\\xf0\\x00"
        BITPOS ones 0
        BITPOS ones 1
        BITPOS ones 0 1
        BITPOS ones 1 2
        BITPOS ones 0 0 0
        BITPOS ones 0 -1
        BITPOS ones 0 -100 -50
        BITPOS ones 1 2 1
        BITPOS ones 0 12 -1 BIT
        BITPOS ones 1 -12 -1 BIT
        BITPOS ones 0 100
        SET all "\\xff\\xff\\xff"
        BITPOS all 0
        BITPOS all 0 1
        BITPOS all 0 0 -1
        BITPOS all 1 1
        BITPOS all 0 0 7 BIT
        BITPOS all 1 3 9 bit
        SET zz "\\x00\\x00\\x00"
        BITPOS zz 1
        BITPOS zz 0
        BITPOS zz 1 0 -1
        BITPOS zz 0 5 10 BIT
        BITPOS zz 1 5 10 BIT
        SET mid "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01"
        BITPOS mid 1
        BITPOS mid 1 3
        BITPOS mid 1 1 18
        BITPOS mid 0 2
        BITPOS mid 1 8 158 BIT
        BITPOS mid 1 8 159 BIT
        SET empty ""
        BITPOS empty 0
        BITPOS empty 1
        BITPOS empty 0 0
        BITPOS empty 0 0 -1
        # bitpos errors and missing keys
        SET ones "\\xff\\xf0\\x00"
        BITPOS nokey 0
        BITPOS nokey 1
        BITPOS nokey 0 x
        BITPOS nokey 1 0 0 BIT extra
        BITPOS nokey 2
        BITPOS ones 2
        BITPOS ones -1
        BITPOS ones x
        BITPOS ones 1 x
        BITPOS ones 1 0 x
        BITPOS ones 1 0 1 FOO
        BITPOS ones 1 0 1 BYTE extra
        HSET h f v
        BITPOS h 1
        BITPOS h 2
        BITPOS ones
        # bitop
        SETBIT {b}a 0 1
        SETBIT {b}a 9 1
        SET {b}b "\\x0f\\xf0\\xaa"
        SET {b}c xyz
        BITOP AND {b}d {b}a {b}b
        GET {b}d
        BITOP OR {b}d {b}a {b}b {b}c
        GET {b}d
        BITOP XOR {b}d {b}a {b}b {b}c
        GET {b}d
        BITOP NOT {b}d {b}b
        GET {b}d
        BITOP not {b}d {b}b
        BITOP AND {b}d {b}a {b}missing
        GET {b}d
        BITOP AND {b}same {b}a {b}a
        GET {b}same
        BITOP AND {b}a {b}a {b}b
        GET {b}a
        OBJECT ENCODING {b}a
        # bitop replaces the destination, or deletes it
        SET {b}a abc
        SET {b}d x
        EXPIRE {b}d 100
        BITOP OR {b}d {b}a
        TTL {b}d
        GET {b}d
        HSET {b}h f v
        BITOP OR {b}h {b}a
        TYPE {b}h
        BITOP AND {b}d {b}missing
        EXISTS {b}d
        SET {b}e ""
        SET {b}d x
        BITOP OR {b}d {b}e
        EXISTS {b}d
        BITOP OR {b}d {b}e {b}a
        GET {b}d
        # bitop errors
        SET {b}a abc
        HSET {b}h f v
        BITOP NOT {b}d {b}a {b}a
        BITOP FOO {b}d {b}a
        BITOP OR {b}d {b}a {b}h
        EXISTS {b}d
        BITOP AND {b}d
        BITOP NOT {b}d
        # bitfield get set incrby
        BITFIELD f GET u8 0
        EXISTS f
        BITFIELD f SET u8 0 255 GET u8 0 GET i8 0
        BITFIELD f INCRBY u8 0 10
        BITFIELD f GET u8 #1 SET u8 #1 5 GET u8 8 INCRBY u4 #3 20 GET u16 0
        GET f
        BITFIELD f get u8 0 set u8 0 3 incrby u8 0 1 overflow sat
        BITFIELD f SET i64 0 9223372036854775807 INCRBY i64 0 1
        BITFIELD f GET i64 0 GET u63 0 GET u63 1 GET i1 0 GET u1 0
        BITFIELD f INCRBY i5 3 100 INCRBY u3 70 -3 OVERFLOW SAT INCRBY u3 70 -30 OVERFLOW FAIL INCRBY i7 90 -100
        BITFIELD f SET i13 5 -4000 GET i13 5 GET u13 5 INCRBY i13 5 -300
        BITFIELD f SET u63 1 9223372036854775807 INCRBY u63 1 1 GET i64 0
        BITFIELD g3 SET u8 #2 1 GET u8 #2
        STRLEN g3
        # bitfield overflow
        BITFIELD f SET u8 0 250
        BITFIELD f OVERFLOW SAT INCRBY u8 0 300
        BITFIELD f OVERFLOW FAIL INCRBY u8 0 1
        BITFIELD f OVERFLOW WRAP INCRBY u8 0 1
        BITFIELD f OVERFLOW SAT INCRBY u8 0 -300
        BITFIELD f SET i8 0 200
        BITFIELD f OVERFLOW SAT SET i8 0 200
        BITFIELD f OVERFLOW SAT SET i8 0 -200
        BITFIELD f OVERFLOW FAIL SET i8 0 -200
        BITFIELD f SET u8 0 -1
        BITFIELD f OVERFLOW SAT SET u8 0 -1
        BITFIELD f OVERFLOW FAIL SET u8 0 -1
        BITFIELD f OVERFLOW SAT INCRBY i64 0 9223372036854775807 INCRBY i64 0 9223372036854775807
        BITFIELD f OVERFLOW SAT INCRBY i64 0 -9223372036854775808 INCRBY i64 0 -9223372036854775808
        BITFIELD f OVERFLOW FAIL INCRBY i64 0 -9223372036854775808 INCRBY i64 0 -1
        BITFIELD f OVERFLOW WRAP INCRBY i64 0 -9223372036854775808
        BITFIELD f OVERFLOW SAT INCRBY u63 0 9223372036854775807 INCRBY u63 0 -9223372036854775808
        BITFIELD f OVERFLOW FAIL SET u1 0 2 SET i1 0 1 SET i1 0 -1 GET u1 0
        BITFIELD f OVERFLOW FAIL SET u1 0 1 OVERFLOW WRAP SET u1 0 2 OVERFLOW SAT SET u1 0 2 GET u1 0
        BITFIELD g OVERFLOW FAIL INCRBY u8 100 1000
        STRLEN g
        BITFIELD g2 OVERFLOW FAIL SET u8 100 1000
        STRLEN g2
        # bitfield errors
        SET f abc
        BITFIELD f GET u64 0
        BITFIELD f GET i65 0
        BITFIELD f GET i0 0
        BITFIELD f GET u 0
        BITFIELD f GET x8 0
        BITFIELD f GET I8 0
        BITFIELD f GET u8 -1
        BITFIELD f GET u8 #-1
        BITFIELD f GET u8 4294967296
        BITFIELD f GET u8 #536870912
        BITFIELD f GET u8 #x
        BITFIELD f GET u8 4294967295
        BITFIELD f GET u8
        BITFIELD f SET u8 0
        BITFIELD f SET u8 0 x
        BITFIELD f INCRBY u8 0 1.5
        BITFIELD f OVERFLOW
        BITFIELD f OVERFLOW FOO GET u8 0
        BITFIELD f FOO
        BITFIELD f GET u8 0 SET
        BITFIELD f SET u8 0 1 GET u64 0
        GET f
        BITFIELD f
        BITFIELD nokey
        HSET h f v
        BITFIELD h GET u8 0
        BITFIELD h SET u8 0 1
        BITFIELD h FOO
        BITFIELD
        # bitfield_ro
        SET f "\\x12\\x34"
        BITFIELD_RO f GET u8 0 GET i4 #3 GET u16 4
        BITFIELD_RO f SET u8 0 1
        BITFIELD_RO f INCRBY u8 0 1
        BITFIELD_RO f GET u8 0 SET u8 0 x
        BITFIELD_RO f GET u99 0 SET u8 0 1
        BITFIELD_RO nokey GET u8 0
        EXISTS nokey
        BITFIELD_RO f
        BITFIELD_RO f OVERFLOW SAT GET u8 0
        HSET h f v
        BITFIELD_RO h GET u8 0
        # bitfield keeps the expiry
        SET t v EX 100
        BITFIELD t SET u8 0 1
        TTL t
        OBJECT ENCODING t
        # a copy does not change with its source
        SETBIT {c}a 100 1
        COPY {c}a {c}b
        SETBIT {c}a 100 0
        SETBIT {c}a 3 1
        BITFIELD {c}a SET u8 #2 200
        GETBIT {c}b 100
        GETBIT {c}b 3
        GET {c}a
        GET {c}b
        SETRANGE {c}a 1 xy
        GET {c}a
        GET {c}b
        RENAME {c}a {c}r
        SETBIT {c}r 0 1
        GET {c}r
        GET {c}b
        # changes in place and growth
        SET g abcdefgh
        SETBIT g 0 1
        SETRANGE g 2 ZZ
        BITFIELD g INCRBY u8 #7 1 GET u8 #0
        GET g
        SETBIT g 80 1
        SETRANGE g 12 tail
        BITFIELD g SET u16 #10 65535
        GET g
        STRLEN g
        # bitmaps in multi
        MULTI
        SETBIT k 1 1
        BITFIELD k INCRBY u8 0 5
        BITCOUNT k
        SETBIT k -1 1
        EXEC
        GET k
        """;

    @TestFactory
    Stream<DynamicTest> shouldMatchRedis(RunningServer server) {
        return cases(server, TABLE);
    }
}
