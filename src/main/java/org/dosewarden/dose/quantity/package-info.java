/**
 * Exact quantities with their unit in the type: mass (µg), drug units, volume (µL), flow rate (µL/h), body
 * weight (g), concentration, dose, dose rate, and the exact fractions they are computed with. Every
 * conversion names its rounding mode. Knows nothing of drugs, limits or pumps.
 */
package org.dosewarden.dose.quantity;
