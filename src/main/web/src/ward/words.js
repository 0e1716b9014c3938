// Clinic words for the states and alarm types on the bus; anything unknown is shown as it came, readable.

const STATES = {
  IDLE: 'IDLE',
  PROGRAMMED: 'PROGRAMMED',
  AWAITING_CONFIRMATION: 'AWAITING 2ND CHECK',
  RUNNING: 'RUNNING',
  PAUSED: 'PAUSED',
  COMPLETED: 'COMPLETED',
  STOPPED: 'STOPPED',
  TRIPPED: 'STOPPED BY ALARM',
  FAULT: 'FAULT',
  UNREADABLE: 'UNREADABLE',
  UNKNOWN: 'NO STATUS',
};

const ALARMS = {
  OVER_INFUSION: 'Over-infusion',
  FREE_FLOW: 'Free flow',
  VTBI_IGNORED: 'Volume limit ignored',
  RATE_MISMATCH: 'Wrong rate',
  PUMP_RUNNING_UNCOMMANDED: 'Pump running uncommanded',
  PUMP_STOPPED_UNEXPECTEDLY: 'Pump stopped by itself',
  PUMP_STALL: 'Occlusion / stall',
  PUMP_POWER_RESET: 'Pump power reset',
  PUMP_WATCHDOG: 'Pump watchdog stop',
  PUMP_PROGRAM_ERROR: 'Pump program error',
  PUMP_ALARM_OTHER: 'Pump alarm',
  PUMP_COUNTER_RESET: 'Pump counter reset',
  LINK_LOST: 'No contact with pump',
  COMMAND_REFUSED: 'Pump refused command',
  COMMAND_UNCERTAIN: 'Command unconfirmed',
  INFUSION_COMPLETE: 'Infusion complete',
  NEAR_END: 'Near end',
  UNDER_INFUSION: 'Under-infusion',
  NO_PROGRESS_WARNING: 'No progress',
  NO_PROGRESS: 'No progress',
  STEP_DURATION_EXCEEDED: 'Step running long',
  VITALS_SOFT_BREACH: 'Vitals above alert limit',
  VITALS_HARD_BREACH: 'Vitals beyond hard limit',
  VITALS_STALE: 'Vitals out of date',
  VITALS_MISSING: 'Vitals missing',
  VITALS_INVALID: 'Invalid vitals value',
  AFTER_CARE_VITALS: 'After-care vitals beyond limit',
  AFTER_CARE_VITALS_STALE: 'After-care vitals out of date',
  EMERGENCY_STOP: 'Emergency stop',
  JOURNAL_FAILURE: 'Journal failure',
  RESTART_LIMIT: 'Restarts locked',
  DAEMON_RESTARTED: 'dosewarden restarted',
};

export function stateLabel(state) {
  return STATES[state] ?? state.replaceAll('_', ' ');
}

/**
 * True when a channel's session is in after-care monitoring (console channel view): delivery has ended and the
 * patient is watched until the discharge sign-off, so the screen says MONITORING, not COMPLETED or STOPPED.
 */
export function inAfterCare(view) {
  return Boolean(view && view.program && view.afterCare && view.afterCare.monitoringSince
    && !['RUNNING', 'PAUSED'].includes(view.infusionState));
}

/** The state a console screen shows for a channel view: MONITORING during after-care, else the state's words. */
export function channelStateLabel(view) {
  return inAfterCare(view) ? 'MONITORING' : stateLabel(view.infusionState);
}

export function alarmLabel(type) {
  if (ALARMS[type]) return ALARMS[type];
  const words = type.replaceAll('_', ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
