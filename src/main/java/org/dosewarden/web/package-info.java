/**
 * The people's pages, served from the jar: the landing page at {@code /}, the ward dashboard at {@code /ward}
 * (a read-only MQTT-over-WebSocket view; the page decides nothing about safety) and their assets under
 * {@code /assets/}. The pages are built from {@code src/main/web} by the Maven build; nothing is fetched at
 * run time.
 */
package org.dosewarden.web;
