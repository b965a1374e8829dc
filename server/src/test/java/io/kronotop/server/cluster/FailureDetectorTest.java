package io.kronotop.server.cluster;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure detector, driven one observation at a time with a fake clock. */
class FailureDetectorTest {
    private static final long MS = 1_000_000L;
    private static final String SELF = "a".repeat(40);
    private static final String OTHER = "b".repeat(40);

    private static Member member(String id, MemberStatus status) {
        return new Member(id, status, "", "127.0.0.1", 5484, "127.0.0.1", 3320);
    }

    @Test
    void shouldReportAMemberSilentOnlyAfterTheSilentPeriodAndForgiveItWhenItBeatsAgain() {
        FailureDetector detector = new FailureDetector(SELF, 500);
        Map<String, Member> members = Map.of(SELF, member(SELF, MemberStatus.RUNNING),
            OTHER, member(OTHER, MemberStatus.RUNNING));
        detector.observe(members, Map.of(SELF, 1L, OTHER, 7L), 0);
        detector.observe(members, Map.of(SELF, 2L, OTHER, 7L), 499 * MS);
        assertThat(detector.silent()).isEmpty();
        detector.observe(members, Map.of(SELF, 3L, OTHER, 7L), 500 * MS);
        assertThat(detector.silent()).containsExactly(OTHER);
        detector.observe(members, Map.of(SELF, 4L, OTHER, 8L), 600 * MS);
        assertThat(detector.silent()).isEmpty();
        detector.observe(members, Map.of(SELF, 5L, OTHER, 8L), 1099 * MS);
        assertThat(detector.silent()).isEmpty();
        detector.observe(members, Map.of(SELF, 6L, OTHER, 8L), 1100 * MS);
        assertThat(detector.silent()).containsExactly(OTHER);
    }

    @Test
    void shouldNeverJudgeItselfOrMembersThatAreNotRunning() {
        FailureDetector detector = new FailureDetector(SELF, 100);
        Map<String, Member> members = Map.of(SELF, member(SELF, MemberStatus.RUNNING),
            OTHER, member(OTHER, MemberStatus.STOPPED));
        detector.observe(members, Map.of(), 0);
        detector.observe(members, Map.of(), 10_000 * MS);
        assertThat(detector.silent()).isEmpty();
        // back to RUNNING: a fresh start of its silent period, not an immediate suspicion
        Map<String, Member> running = Map.of(SELF, member(SELF, MemberStatus.RUNNING),
            OTHER, member(OTHER, MemberStatus.RUNNING));
        detector.observe(running, Map.of(), 10_050 * MS);
        assertThat(detector.silent()).isEmpty();
        detector.observe(running, Map.of(), 10_150 * MS);
        assertThat(detector.silent()).containsExactly(OTHER);
        detector.observe(Map.of(SELF, member(SELF, MemberStatus.RUNNING)), Map.of(), 10_200 * MS);
        assertThat(detector.silent()).isEmpty();
    }
}
