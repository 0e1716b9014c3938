/**
 * Per-pump supervision: one thread per channel runs the safety core against a pump driver.
 *
 * <p>The port the front ends use is {@link org.dosewarden.channel.ChannelDirectory} /
 * {@link org.dosewarden.channel.ChannelHandle}: snapshots out, {@link org.dosewarden.channel.ClinicianIntent}s
 * in, each answered by an {@link org.dosewarden.channel.IntentResult} after it is journaled. The port is
 * plain Java (no Micronaut) so it can be faked in tests and implemented without the HTTP layer.
 */
package org.dosewarden.channel;
