/**
 * Per-pump supervision: one thread per channel runs the safety core against a pump driver.
 *
 * <p>The port the front ends use is {@link org.dosewarden.channel.ChannelDirectory} /
 * {@link org.dosewarden.channel.ChannelHandle}: snapshots out, {@link org.dosewarden.channel.ClinicianIntent}s
 * in, each answered by an {@link org.dosewarden.channel.IntentResult} after it is journaled. The port is
 * plain Java (no Micronaut) so it can be faked in tests and implemented without the HTTP layer.
 *
 * <p>One channel, one thread, several parts, each used only by that thread:
 * <ul>
 *   <li>{@link org.dosewarden.channel.ChannelSupervisor}: the loop and its {@code ChannelInbox}; assembles
 *       the parts below and restarts from the journal when a cycle fails;</li>
 *   <li>{@code JournalRecovery}: the journal replayed through the core at start-up (SR-G2);</li>
 *   <li>{@code PumpConnection}: connect, poll, the pump's alarms, the core's pump commands;</li>
 *   <li>{@code ClinicianRequests}: intents into the core's requests, behind the bedside gate;</li>
 *   <li>{@code DecisionChain}: journal before act (SR-G1), with routine polls batched;</li>
 *   <li>{@code SessionOrders}, {@code SnapshotBuilder} and {@code SnapshotPublisher}: the loaded orders, course
 *       history and the published {@link org.dosewarden.channel.ChannelSnapshot} (its pump link one
 *       {@link org.dosewarden.channel.ChannelLinkState});</li>
 *   <li>{@link org.dosewarden.channel.LoopLiveness} and {@link org.dosewarden.channel.LatenessStats}: whether
 *       the loop is alive, and how late its cycles start.</li>
 * </ul>
 */
package org.dosewarden.channel;
