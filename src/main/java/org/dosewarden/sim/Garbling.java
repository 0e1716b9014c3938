package org.dosewarden.sim;

/** How the garbling fault damages a reply frame. */
public enum Garbling {
    /** One bit of one byte flipped: a safe frame fails its CRC, a basic reply carries a wrong character. */
    FLIP_BIT,
    /** One byte left out: the frame is short (safe: length mismatch; basic: maybe a missing STX/ETX). */
    DROP_BYTE,
    /** Either of the above, chosen at random per frame. */
    FLIP_OR_DROP
}
