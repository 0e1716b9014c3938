package org.dosewarden.safety;

/** IEC 60601-1-8 alarm priorities. */
public enum AlarmPriority {
    HIGH, MEDIUM, LOW
}
