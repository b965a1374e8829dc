package io.kronotop.server.cluster;

import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Full ids and unique 4-character prefixes, and every refusal's text. */
class MemberResolverTest {
    private static final String A = "abcd" + "0".repeat(36);
    private static final String B = "abce" + "1".repeat(36);
    private static final String C = "abce" + "2".repeat(36);
    private static final List<Member> MEMBERS = List.of(member(A), member(B), member(C));

    private static Member member(String id) {
        return new Member(id, MemberStatus.RUNNING, "", "h", 1, "h", 2);
    }

    private static String resolve(String given) {
        return MemberResolver.resolve(MEMBERS, given, RespError::memberNotRegistered);
    }

    private static void assertRefused(String given, String reply) {
        assertThatThrownBy(() -> resolve(given)).isInstanceOfSatisfying(CommandException.class,
            e -> assertThat(e.reply()).isEqualTo(reply));
    }

    @Test
    void shouldResolveFullIdsAndUniquePrefixesInAnyCase() {
        assertThat(resolve(B)).isEqualTo(B);
        assertThat(resolve(A.toUpperCase(java.util.Locale.ROOT))).isEqualTo(A);
        assertThat(resolve("ABCD")).isEqualTo(A);
    }

    @Test
    void shouldRefuseAmbiguousUnknownAndMalformedIds() {
        assertRefused("abce", "ERR more than one member found with prefix: abce");
        assertRefused("ffff", "ERR no member found with prefix: ffff");
        assertRefused("f".repeat(40), "ERR Member: " + "f".repeat(40) + " not registered");
        assertRefused("abc", "ERR Invalid memberId: abc");
        assertRefused("zzzz", "ERR Invalid memberId: zzzz");
        assertRefused("g".repeat(40), "ERR Invalid memberId: " + "g".repeat(40));
    }
}
