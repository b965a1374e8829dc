package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.StringValue;

/** OBJECT ENCODING | REFCOUNT | IDLETIME | FREQ key: the subcommand is chosen at registration. */
final class ObjectHandler implements KeyspaceHandler {
    enum What { ENCODING, REFCOUNT, IDLETIME, FREQ }

    private static final String NO_LFU = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
        + "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";

    private final What what;

    ObjectHandler(What what) {
        this.what = what;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Entry e = ctx.shard().lookup(args.bytes(2), ctx.nowMs());
        if (e == null) {
            reply.nullBulk();
            return;
        }
        switch (what) {
            case ENCODING -> reply.bulk(e.value().encoding());
            case REFCOUNT -> reply.integer(sharedInteger(e) ? Integer.MAX_VALUE : 1);
            case IDLETIME -> reply.integer(Math.max(0, ctx.nowMs() - e.lastAccessMs()) / 1000);
            case FREQ -> reply.error(NO_LFU);
            default -> throw new IllegalStateException(what.name());
        }
    }

    /** Redis shares the objects of the integers 0 to 9999. */
    private static boolean sharedInteger(Entry e) {
        if (!(e.value() instanceof StringValue s) || !s.encoding().equals("int")) {
            return false;
        }
        Long n = io.kronotop.server.redis.Numbers.parseLong(s.bytes());
        return n != null && n >= 0 && n < 10000;
    }
}
