/**
 * The New Era (NE-500/1000/1600/4000 family, also sold as WPI Aladdin, Braintree BS, Next Advance SP)
 * RS-232 protocol: framing in both directions (basic and safe), CRC-16/XMODEM, incremental stream
 * decoders, reply and request parsing, and the protocol's number format.
 *
 * <p>Everything here is pure and byte-exact so that the host driver and the simulator share it: the host
 * encodes requests with {@link org.dosewarden.pump.newera.NeFrames} and decodes replies with
 * {@link org.dosewarden.pump.newera.NeFrameDecoder#forReplies}; the simulator does the opposite with
 * {@link org.dosewarden.pump.newera.NeFrameDecoder#forRequests} and {@link org.dosewarden.pump.newera.NeReply#payload()}.
 * Bytes and strings convert 1:1 with ISO-8859-1 so no byte is ever lost or merged by a charset.
 */
package org.dosewarden.pump.newera;
