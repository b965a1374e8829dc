package io.kronotop.server.cluster;

import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;

import java.util.Collection;
import java.util.Locale;

/**
 * Turns what an operator typed into a registered member id: a full 40-hex id, or a 4-character prefix that
 * matches exactly one member. Failures are {@link CommandException}s with the documented texts.
 */
public final class MemberResolver {
    private MemberResolver() {
    }

    /**
     * @param notRegistered the reply when a well-formed full id is not registered
     */
    public static String resolve(Collection<Member> members, String given, java.util.function.Function<String, String>
        notRegistered) {
        String id = given.toLowerCase(Locale.ROOT);
        if (id.length() == MemberIdentity.PREFIX_LENGTH && MemberIdentity.isHex(id)) {
            String found = null;
            for (Member member : members) {
                if (member.id().startsWith(id)) {
                    if (found != null) {
                        throw new CommandException(RespError.manyMembersWithPrefix(given));
                    }
                    found = member.id();
                }
            }
            if (found == null) {
                throw new CommandException(RespError.noMemberWithPrefix(given));
            }
            return found;
        }
        if (!MemberIdentity.isValid(id)) {
            throw new CommandException(RespError.invalidMemberId(given));
        }
        for (Member member : members) {
            if (member.id().equals(id)) {
                return id;
            }
        }
        throw new CommandException(notRegistered.apply(given));
    }
}
