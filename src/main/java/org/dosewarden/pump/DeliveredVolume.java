package org.dosewarden.pump;

import org.dosewarden.dose.quantity.Volume;

/**
 * The pump's running totals since they were last cleared.
 *
 * @param infused   volume pushed toward the patient, whole µL rounded <b>up</b> from the pump's figure (so dose
 *                  accounting never under-counts what was given)
 * @param withdrawn volume drawn back, whole µL rounded up
 */
public record DeliveredVolume(Volume infused, Volume withdrawn) {}
