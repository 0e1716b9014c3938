// The channel's journal as the page reads it (GET /api/channels/{c}/journal?after=SEQ), kept to the current
// session: from the last program order on. Each record becomes at most one timeline entry in clinic words and
// feeds the chart (delivered volume, pump rate, vitals, alarm and clinician-event markers). Records are read
// in order and never twice, so the chart and the timeline only grow.
import { numberText, unitText } from '../common/format.js';
import { read } from '../common/console/api.js';
import { dosingText, limitWords } from './prescription.js';

const PAGE = 1000;
const SIGN_KEYS = { SYSTOLIC_BP: 'sbp', DIASTOLIC_BP: 'dbp', HEART_RATE: 'hr', SPO2: 'spo2', RESPIRATORY_RATE: 'rr' };
const SIGN_WORDS = { sbp: 'SBP', dbp: 'DBP', hr: 'HR', spo2: 'SpO₂', rr: 'RR' };

/** Timeline kinds, as the filter names them. */
export const KINDS = {
  clinician: 'Clinician actions',
  alarm: 'Alarms',
  safety: 'Safety decisions and refusals',
  observation: 'Observations and after-care',
  vitals: 'Vitals readings',
  pump: 'Pump commands',
};

function parse(payload) {
  if (payload && typeof payload === 'object') return payload;
  try {
    return JSON.parse(payload);
  } catch {
    return {};
  }
}

function mL(text) {
  const m = /^(-?\d+(?:\.\d+)?) mL$/.exec(String(text || ''));
  return m ? Number(m[1]) : NaN;
}

/** What a move to a state means to a clinician (the previous state tells a start from a resume). */
function moveWords(from, to) {
  switch (to) {
    case 'RUNNING': return from === 'PAUSED' ? 'Resumed' : 'Started';
    case 'PAUSED': return 'Paused';
    case 'STOPPED': return 'Stopped';
    case 'COMPLETED': return 'Infusion complete';
    case 'TRIPPED': return 'Stopped by the safety core (alarm)';
    case 'FAULT': return 'Fault: the pump cannot be trusted; stopped';
    case 'IDLE': return 'Session closed';
    case 'PROGRAMMED': return from === 'AWAITING_CONFIRMATION' ? 'Confirmed by a second clinician' : 'Program loaded';
    case 'AWAITING_CONFIRMATION': return 'Program loaded; a second clinician must confirm it';
    default: return `${from} → ${to}`;
  }
}

/** A reason worth showing: not just "started by nurse" again, nor the program's internal session id. */
function usefulReasons(reasons, summary) {
  return (reasons || []).filter((r) => r && r !== summary && !/^(started|paused|resumed|stopped|confirmed|ended) by [^ ]+$/.test(r)
    && !/^program [^ ]+ for patient /.test(r)).join('; ');
}

function programWords(p) {
  let rx = null;
  try {
    rx = JSON.parse(p.prescriptionJson);
  } catch {
    rx = null;
  }
  if (!rx) return 'Program loaded';
  return `Program loaded: ${rx.drug} ${dosingText(rx)}, ${numberText(Number(rx.weight.value), 3)} ${rx.weight.unit}, `
    + `${numberText(Number(rx.concentration.value), 6)} ${unitText(rx.concentration.unit, rx.concentration.value)}, patient ${rx.patientId}`
    + `${rx.bed ? ` (${rx.bed})` : ''}, prescribed by ${rx.prescriber}`;
}

function byWhom(summary) {
  const m = / by ([A-Za-z0-9._-]+)/.exec(summary || '');
  return m ? m[1] : null;
}

export class SessionJournal {
  constructor(channel) {
    this.channel = channel;
    this.after = 0;
    this.reset(null);
  }

  reset(sessionId) {
    this.sessionId = sessionId;
    this.entries = [];
    this.delivered = [];
    this.rates = [];
    this.vitals = [];
    this.markers = [];
    this.states = [];
    this.rearmed = [];
    this.generation = (this.generation || 0) + 1;
  }

  /** Reads everything new; returns true when something was added. */
  async poll() {
    let added = false;
    for (;;) {
      const page = await read(`/api/channels/${encodeURIComponent(this.channel)}/journal?after=${this.after}&limit=${PAGE}`);
      for (const r of page.records) {
        this.take(r);
        added = true;
      }
      this.after = page.next;
      if (page.records.length < PAGE) return added;
    }
  }

  take(r) {
    const at = Date.parse(r.wallTime);
    const p = parse(r.payload);
    if (r.type === 'PROGRAM_ORDER') {
      this.reset(p.sessionId);
      this.entry(r, at, 'clinician', p.user, programWords(p), p.overrides && p.overrides.length
        ? p.overrides.map((o) => `reason for ${limitWords(o.limitId || o.limit)}: ${o.reason}`).join('; ') : '');
      this.markers.push({ at, kind: 'clinician', label: 'programmed' });
      return;
    }
    if (this.sessionId === null) return; // before the first program on record: not part of a session
    if (r.type === 'EVENT') {
      this.event(r, at, p);
    } else if (r.type.startsWith('DECISION_')) {
      this.decision(r, at, p);
    } else if (r.type === 'api.audit') {
      if (p.outcome === 'refused' || p.outcome === 'failed') {
        this.entry(r, at, 'safety', p.user, `${p.action || p.method} refused (${p.status})`, p.detail || '');
      }
    } else if (r.type === 'session.closed') {
      this.entry(r, at, 'clinician', null, 'Session closed', '');
    } else if (r.type.startsWith('observation') || r.type.startsWith('aftercare') || r.type.startsWith('after-care')) {
      this.entry(r, at, 'observation', p.user || p.by || null, p.summary || p.text || r.type, '');
      this.markers.push({ at, kind: 'observation', label: p.title || 'observation' });
    }
  }

  event(r, at, p) {
    const type = p['@type'];
    if (type === 'PumpReading') {
      const running = p.mode === 'INFUSING';
      const rate = running && p.rate ? p.rate.microlitresPerHour / 1000 : 0;
      this.rates.push([at, rate]);
    } else if (type === 'VitalsReading') {
      const v = {};
      for (const x of p.values || []) if (x.valid) v[SIGN_KEYS[x.sign] || x.sign] = x.value;
      this.vitals.push([at, v]);
      const words = Object.entries(v).map(([k, val]) => `${SIGN_WORDS[k] || k} ${val}`).join(', ');
      this.entry(r, at, 'vitals', null, `Vitals: ${words}`, '');
    }
  }

  decision(r, at, p) {
    const kind = p.type || r.type.slice('DECISION_'.length);
    const facts = p.facts || {};
    const reasons = usefulReasons(p.reasons, p.summary);
    switch (kind) {
      case 'VOLUME_COUNTED': {
        const v = mL(facts.delivered);
        if (Number.isFinite(v)) this.delivered.push([at, v]);
        return;
      }
      case 'STATE_CHANGED': {
        this.states.push([at, facts.to || facts.state]);
        const who = facts.user || byWhom(p.summary);
        // The program order's entry already says it was loaded.
        if (facts.to === 'PROGRAMMED' && facts.from === 'IDLE') return;
        this.entry(r, at, who ? 'clinician' : 'safety', who, moveWords(facts.from, facts.to), reasons);
        this.markers.push({ at, kind: who ? 'clinician' : 'safety', label: String(facts.to || '').toLowerCase() });
        return;
      }
      case 'ALARM_RAISED':
        this.entry(r, at, 'alarm', null, p.summary, reasons);
        this.markers.push({ at, kind: 'alarm', label: facts.alarm || facts.type || 'alarm' });
        return;
      case 'ALARM_CLEARED':
      case 'ALARM_ACKNOWLEDGED':
        this.entry(r, at, 'alarm', facts.user || byWhom(p.summary), p.summary, reasons);
        return;
      case 'INTENT_REFUSED':
        this.entry(r, at, 'safety', facts.user || byWhom(p.summary), `Refused: ${p.summary}`, reasons);
        return;
      case 'INTENT_ACCEPTED':
        return; // the state change or decision it caused says it in clinic words
      case 'INTERLOCK':
        // The pump stopped at the end of its delivery lease and was armed again: the chart marks it.
        if (facts.armedUntil !== undefined && /lease/.test(p.summary || '')) this.rearmed.push(at);
        this.entry(r, at, 'safety', facts.user || null, p.summary || kind, reasons);
        return;
      case 'PUMP_COMMANDS':
        this.entry(r, at, 'pump', null, p.summary, reasons);
        return;
      case 'AFTER_CARE':
      case 'OBSERVATION':
        this.entry(r, at, 'observation', facts.user || byWhom(p.summary), p.summary, reasons);
        this.markers.push({ at, kind: 'observation', label: kind === 'OBSERVATION' ? (facts.observation || 'obs') : 'after-care' });
        return;
      default:
        this.entry(r, at, 'safety', facts.user || null, p.summary || kind, reasons);
    }
  }

  entry(r, at, kind, who, what, why) {
    this.entries.push({ sequence: r.sequence, at, kind, who, what, why });
  }

  /** Delivered volume at a time, for tests and the chart's last point. */
  lastDelivered() {
    const last = this.delivered[this.delivered.length - 1];
    return last ? last[1] : 0;
  }
}

export function volumeText(ml) {
  return `${numberText(ml, 2)} mL`;
}
