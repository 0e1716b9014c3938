package org.dosewarden.pump.newera;

/** The two New Era framings. The pump switches with {@code SAF n} (n = 0 basic, n &gt; 0 safe). */
public enum NeFraming {
    /** Requests {@code payload CR}; replies {@code STX payload ETX}; no checksum, no watchdog. */
    BASIC,
    /**
     * Both directions {@code STX length payload CRChi CRClo ETX}, length = payload + 4, CRC-16/XMODEM
     * over the payload only; the pump's host-silence watchdog and unsolicited alarm packets are active.
     */
    SAFE
}
