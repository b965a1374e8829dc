package io.kronotop.server.cluster;

/**
 * A registered member.
 *
 * @param id           40 lower-case hex characters, stable across restarts
 * @param status       the registered status
 * @param processId    identifies one run of the member (base64 of a versionstamp); empty when unknown
 * @param externalHost host of the client port
 * @param externalPort the client port
 * @param internalHost host of the admin port
 * @param internalPort the admin port
 */
public record Member(String id, MemberStatus status, String processId, String externalHost, int externalPort,
                     String internalHost, int internalPort) {

    /** The same member with another status. */
    public Member withStatus(MemberStatus newStatus) {
        return new Member(id, newStatus, processId, externalHost, externalPort, internalHost, internalPort);
    }
}
