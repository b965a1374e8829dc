package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandSpec;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.kronotop.server.command.CommandSpec.of;

/**
 * CLIENT TRACKING, TRACKINGINFO, GETREDIR, CACHING and UNBLOCK. This server does not send client-side caching
 * invalidations, so tracking stays off: turning it off, and asking about it, answer as Redis does for a connection
 * that never turned it on; turning it on is refused with an error that says so. No command blocks a connection here
 * (a CLIENT PAUSE hold is not one Redis unblocks either), so CLIENT UNBLOCK answers 0.
 */
final class ClientTrackingCommands {
    static final String TRACKING_UNSUPPORTED = "ERR CLIENT TRACKING ON is not supported: Kronotop does not send "
        + "client-side caching invalidations";
    private static final byte[] ON = bytes("ON");
    private static final byte[] OFF = bytes("OFF");
    private static final byte[] REDIRECT = bytes("REDIRECT");
    private static final byte[] PREFIX = bytes("PREFIX");
    private static final byte[][] FLAGS = {bytes("BCAST"), bytes("OPTIN"), bytes("OPTOUT"), bytes("NOLOOP")};
    private static final byte[] TIMEOUT = bytes("TIMEOUT");
    private static final byte[] ERROR = bytes("ERROR");

    private ClientTrackingCommands() {
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static List<CommandSpec> specs(String group) {
        return List.of(
            of("tracking", -3, "loading stale", group,
                "ON|OFF [REDIRECT client-id] [PREFIX prefix ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]",
                "Client-side caching: OFF is accepted; ON is not supported.", ClientTrackingCommands::tracking),
            of("trackinginfo", 2, "loading stale", group, "", "Describes this connection's tracking: off.",
                ClientTrackingCommands::trackingInfo),
            of("getredir", 2, "loading stale", group, "", "Where tracking invalidations go: nowhere (-1).",
                (ctx, args, reply) -> reply.integer(-1)),
            of("caching", 3, "loading stale", group, "YES|NO", "Needs tracking in OPTIN or OPTOUT mode: refused.",
                (ctx, args, reply) -> reply.error("ERR CLIENT CACHING can be called only when the client is in "
                    + "tracking mode with OPTIN or OPTOUT mode enabled")),
            of("unblock", -3, "admin loading stale", group, "client-id [TIMEOUT|ERROR]",
                "Unblocks a client blocked in a blocking command: none is (0).", ClientTrackingCommands::unblock));
    }

    private static void tracking(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        boolean on = args.equalsIgnoreCase(2, ON);
        if (!on && !args.equalsIgnoreCase(2, OFF)) {
            reply.error(RespError.SYNTAX);
            return;
        }
        for (int i = 3; i < args.count(); i++) {
            if (args.equalsIgnoreCase(i, REDIRECT) || args.equalsIgnoreCase(i, PREFIX)) {
                if (++i >= args.count()) {
                    reply.error(RespError.SYNTAX);
                    return;
                }
            } else if (!isFlag(args, i)) {
                reply.error(RespError.SYNTAX);
                return;
            }
        }
        if (on) {
            reply.error(TRACKING_UNSUPPORTED);
        } else {
            reply.ok();
        }
    }

    private static boolean isFlag(RespArgs args, int i) {
        for (byte[] flag : FLAGS) {
            if (args.equalsIgnoreCase(i, flag)) {
                return true;
            }
        }
        return false;
    }

    private static void trackingInfo(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        reply.mapHeader(3);
        reply.bulk("flags");
        reply.setHeader(1);
        reply.bulk("off");
        reply.bulk("redirect");
        reply.integer(-1);
        reply.bulk("prefixes");
        reply.arrayHeader(0);
    }

    private static void unblock(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() > 4) {
            reply.error("ERR unknown subcommand or wrong number of arguments for '" + args.string(1)
                + "'. Try CLIENT HELP.");
            return;
        }
        long[] id = new long[1];
        if (!args.tryParseLong(2, id, 0)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        if (args.count() == 4 && !args.equalsIgnoreCase(3, TIMEOUT) && !args.equalsIgnoreCase(3, ERROR)) {
            reply.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            return;
        }
        reply.integer(0);
    }
}
