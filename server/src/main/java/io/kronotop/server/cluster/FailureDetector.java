package io.kronotop.server.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * This member's own judgement of which other members went silent: a RUNNING member whose heartbeat counter
 * has not moved for the silent period. A silent member that beats again is no longer silent. Nothing acts on
 * the judgement; {@code KR.ADMIN LIST-SILENT-MEMBERS} reports it. {@link #observe} is called by the heartbeat
 * thread only; {@link #silent} from any thread.
 */
final class FailureDetector {
    private final String self;
    private final long silentPeriodNs;
    /** Per tracked member: the last counter seen and when it last changed (nanoTime). */
    private final Map<String, long[]> seen = new HashMap<>();
    private volatile Set<String> silent = Set.of();

    FailureDetector(String self, long silentPeriodMs) {
        this.self = self;
        this.silentPeriodNs = silentPeriodMs * 1_000_000L;
    }

    void observe(Map<String, Member> members, Map<String, Long> heartbeats, long nowNs) {
        seen.keySet().removeIf(id -> {
            Member m = members.get(id);
            return m == null || m.status() != MemberStatus.RUNNING;
        });
        Set<String> quiet = new TreeSet<>();
        for (Member member : members.values()) {
            if (member.id().equals(self) || member.status() != MemberStatus.RUNNING) {
                continue;
            }
            long counter = heartbeats.getOrDefault(member.id(), 0L);
            long[] state = seen.get(member.id());
            if (state == null || state[0] != counter) {
                seen.put(member.id(), new long[]{counter, nowNs});
            } else if (nowNs - state[1] >= silentPeriodNs) {
                quiet.add(member.id());
            }
        }
        silent = Set.copyOf(quiet);
    }

    /** Ids of the members this member currently considers silent. */
    Set<String> silent() {
        return silent;
    }
}
