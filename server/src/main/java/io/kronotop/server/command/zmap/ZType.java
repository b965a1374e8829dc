package io.kronotop.server.command.zmap;

import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;

/** The fixed-width value types of the typed ZMap commands: their width, error word and reply form. */
enum ZType {
    /** 8 little-endian bytes, replied as an integer. */
    I64(8, RespError.INVALID_I64) {
        @Override
        void write(byte[] value, ReplyWriter out) {
            out.integer(ZValues.i64(value));
        }
    },
    /** 8 little-endian IEEE-754 bytes, replied as a double (a bulk string in RESP2). */
    F64(8, RespError.INVALID_F64) {
        @Override
        void write(byte[] value, ReplyWriter out) {
            out.doubleValue(ZValues.f64(value));
        }
    },
    /** 16 bytes of decimal128 (BID), replied as a plain decimal string. */
    D128(16, RespError.INVALID_D128) {
        @Override
        void write(byte[] value, ReplyWriter out) {
            out.bulk(ZValues.d128(value).toPlainString());
        }
    };

    private final int width;
    private final String invalidError;

    ZType(int width, String invalidError) {
        this.width = width;
        this.invalidError = invalidError;
    }

    /** Writes a stored value: null as nil, a value of the wrong width as this type's error. */
    void reply(byte[] value, ReplyWriter out) {
        if (value == null) {
            out.nullBulk();
        } else if (value.length != width) {
            out.error(invalidError);
        } else {
            write(value, out);
        }
    }

    abstract void write(byte[] value, ReplyWriter out);
}
