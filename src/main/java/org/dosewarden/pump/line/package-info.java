/**
 * What pump drivers of every family share below their protocol: the link (transport, link state, reconnect
 * backoff) and the rules for trusting a reply on a line without checksums. Depends on the port package only.
 */
package org.dosewarden.pump.line;
