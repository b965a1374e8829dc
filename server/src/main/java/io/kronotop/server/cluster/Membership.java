package io.kronotop.server.cluster;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.MutationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This member's registration: registers it RUNNING at start, advances its heartbeat counter every interval
 * (reading every member's counter for the failure detector on the way), and marks it STOPPED at a graceful stop.
 */
final class Membership {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    private static final byte[] PLUS_ONE = ClusterLayout.le(1);

    private final Database db;
    private final ClusterLayout layout;
    private final ClusterConfig config;
    private final String memberId;
    private final FailureDetector detector;

    Membership(Database db, ClusterLayout layout, ClusterConfig config, String memberId) {
        this.db = db;
        this.layout = layout;
        this.config = config;
        this.memberId = memberId;
        this.detector = new FailureDetector(memberId, config.silentPeriodMs());
    }

    FailureDetector detector() {
        return detector;
    }

    /**
     * Registers this member RUNNING with a new process id. When the stored record already says RUNNING, waits
     * one silent period: a heartbeat that moves meanwhile means another process runs with this member id, and
     * the start is refused. Start-up only (blocks the calling thread).
     */
    Member register(String externalHost, int externalPort, String internalHost, int internalPort,
                    ScheduledExecutorService timer) {
        byte[] record = db.read(tr -> tr.get(layout.recordKey(memberId))).join();
        if (record != null && ClusterLayout.decodeMember(memberId, record, null).status() == MemberStatus.RUNNING) {
            ensureNotRunningElsewhere(timer);
        }
        Member member = new Member(memberId, MemberStatus.RUNNING, "", externalHost, externalPort, internalHost,
            internalPort);
        // 10-byte versionstamp, 2-byte user version 0, then the 4-byte little-endian offset of the stamp.
        byte[] processTemplate = new byte[16];
        db.run(tr -> {
            tr.set(layout.recordKey(memberId), ClusterLayout.encodeMember(member));
            tr.mutate(MutationType.SET_VERSIONSTAMPED_VALUE, layout.processKey(memberId), processTemplate);
            layout.bumpTopology(tr);
            return null;
        });
        byte[] process = db.read(tr -> tr.get(layout.processKey(memberId))).join();
        Member registered = ClusterLayout.decodeMember(memberId, ClusterLayout.encodeMember(member), process);
        LOG.info("member {} registered RUNNING, process {}", memberId, registered.processId());
        return registered;
    }

    private void ensureNotRunningElsewhere(ScheduledExecutorService timer) {
        long before = heartbeat();
        long waitMs = config.silentPeriodMs() + config.heartbeatIntervalMs();
        LOG.warn("member {} is registered RUNNING: waiting {} ms to tell a crashed predecessor from a live one",
            memberId, waitMs);
        long after = CompletableFuture.supplyAsync(this::heartbeat,
            r -> timer.schedule(r, waitMs, TimeUnit.MILLISECONDS)).join();
        if (after != before) {
            throw new IllegalStateException("member " + memberId + " is already running (its heartbeat advances); "
                + "two processes cannot share one member id (" + MemberIdentity.FILE + " in the data directory)");
        }
        LOG.warn("member {}: the previous process stopped without deregistering; taking over", memberId);
    }

    private long heartbeat() {
        byte[] value = db.read(tr -> tr.get(layout.heartbeatKey(memberId))).join();
        return value == null ? 0 : ClusterLayout.readLe(value);
    }

    /**
     * One heartbeat: +1 on this member's counter while it is registered, and a snapshot read of every member's
     * counter for the failure detector (snapshot, so other members' heartbeats never make it conflict).
     */
    CompletableFuture<ClusterLayout.MemberScan> beat() {
        return db.runAsync(tr -> tr.get(layout.recordKey(memberId)).thenCombine(layout.scanMembers(tr.snapshot()),
            (record, scan) -> {
                if (record != null) {
                    tr.mutate(MutationType.ADD, layout.heartbeatKey(memberId), PLUS_ONE);
                }
                return scan;
            }));
    }

    /** Marks this member STOPPED (graceful stop); waits at most {@code timeoutMs}. */
    void deregister(long timeoutMs) {
        try {
            db.runAsync(tr -> tr.get(layout.recordKey(memberId)).thenApply(record -> {
                if (record != null) {
                    Member member = ClusterLayout.decodeMember(memberId, record, null);
                    tr.set(layout.recordKey(memberId), ClusterLayout.encodeMember(member.withStatus(
                        MemberStatus.STOPPED)));
                    layout.bumpTopology(tr);
                }
                return null;
            })).get(timeoutMs, TimeUnit.MILLISECONDS);
            LOG.info("member {} deregistered (STOPPED)", memberId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("member {}: cannot mark it STOPPED: {}", memberId, e.toString());
        }
    }
}
