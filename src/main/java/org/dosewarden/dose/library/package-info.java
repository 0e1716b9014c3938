/**
 * The drug library as the daemon holds it: care areas, entries with hard and soft limits, protocols, vitals
 * profiles, and the dosing forms (dose over time, rate for a duration, rate with a total, a step program) an
 * entry allows and a prescription uses.
 */
package org.dosewarden.dose.library;
