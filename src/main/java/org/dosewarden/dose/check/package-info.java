/**
 * The programming check: every limit a prescription meets (library, pump, course history), each violation
 * with the text a clinician reads, the most limiting one, overrides with reasons, and the outcome ALLOWED,
 * NEEDS_OVERRIDE or REFUSED.
 */
package org.dosewarden.dose.check;
