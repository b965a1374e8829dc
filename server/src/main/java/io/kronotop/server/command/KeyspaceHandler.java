package io.kronotop.server.command;

/**
 * A command on the REDIS keyspace. The dispatcher checks that its keys hash to one slot (else CROSSSLOT),
 * that this member serves the slot, and the memory limit for DENYOOM commands; then it runs the handler on
 * the reactor that owns the slot's shard, with {@link CommandContext#shard()} set. The handler itself never
 * hops and never blocks.
 */
public interface KeyspaceHandler extends CommandHandler {
}
