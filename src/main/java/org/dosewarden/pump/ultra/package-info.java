/**
 * The "Ultra" command set of the Harvard Apparatus Pump 11 Elite and PHD ULTRA and the KD Scientific Legato
 * 100/200: lower-case ASCII commands ending in CR, replies of CRLF-separated lines after a line feed and ending in
 * a prompt that carries the pump's state ({@code :} idle, {@code >} infusing, {@code <} withdrawing, {@code *}
 * stalled, {@code T*} target reached), with the two-digit address before the prompt on a daisy chain, and the XON
 * byte ({@code 0x11}) after it in poll mode. No checksum and no communications watchdog.
 *
 * <p>The codec ({@link org.dosewarden.pump.ultra.UltraRequest}, {@link org.dosewarden.pump.ultra.UltraReply},
 * {@link org.dosewarden.pump.ultra.UltraReplyDecoder}, {@link org.dosewarden.pump.ultra.UltraQuantity}) is pure and
 * shared with the simulator; {@link org.dosewarden.pump.ultra.UltraDriver} implements the pump port. Which protocol
 * facts were confirmed against public manuals and drivers is in docs/pump.md.
 */
package org.dosewarden.pump.ultra;
