package org.dosewarden.sim;

/**
 * What crossed a simulated pump's line since it was made.
 *
 * @param bytesFromHost   bytes the pump heard from the host
 * @param bytesToHost     bytes the pump sent
 * @param damagedFromHost bytes line noise damaged on their way to the pump
 * @param damagedToHost   bytes line noise damaged on their way to the host
 * @param framesSent      replies and unsolicited frames sent
 */
public record LineStatistics(long bytesFromHost, long bytesToHost, long damagedFromHost, long damagedToHost,
        long framesSent) {

    /** Bytes damaged in both directions. */
    public long damaged() {
        return damagedFromHost + damagedToHost;
    }

    /** Bytes carried in both directions. */
    public long bytes() {
        return bytesFromHost + bytesToHost;
    }
}
