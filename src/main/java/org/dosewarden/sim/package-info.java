/**
 * A simulated New Era NE-1000 syringe pump: the wire protocol (both framings, through the shared codec in
 * {@code org.dosewarden.pump.newera}), motor physics on an injected clock, the physical truth kept apart from
 * what the pump reports, and runtime fault injection. Reach it in-process with {@link
 * org.dosewarden.sim.SimTransport} ({@code sim:} ports), or over a byte stream, TCP or a pty with the
 * standalone server ({@code scripts/pump-sim}). See {@code docs/simulator.md}.
 */
package org.dosewarden.sim;
