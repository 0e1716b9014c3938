/**
 * The command line: {@code serve} (the daemon) and the tools for clinicians and biomedical engineers that run
 * without it ({@code plan}, {@code library}, {@code journal}, {@code pump}, {@code hash-password}). Commands
 * call into the packages that own the work; nothing else depends on this package.
 */
package org.dosewarden.cli;
