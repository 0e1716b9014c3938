/**
 * The drug-library lint: what a clinic must fix before a library goes live (missing hard limits, soft
 * limits outside hard ones, protocols their own entry would refuse, duplicates, unit mix-ups).
 */
package org.dosewarden.dose.lint;
