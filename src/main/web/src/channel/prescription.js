// Prescriptions as the console reads and writes them: the program request's wire shape (docs/prescriptions.md),
// durations in minutes on screen and ISO-8601 on the wire, and the words a clinician reads for a dosing.
// Pure functions: no DOM, no network.
import { numberText, unitText } from '../common/format.js';

/** Minutes (a number) as an ISO-8601 duration in whole seconds: 40 -> PT40M, 1.5 -> PT90S. */
export function minutesToIso(minutes) {
  const seconds = Math.round(minutes * 60);
  if (seconds % 3600 === 0) return `PT${seconds / 3600}H`;
  if (seconds % 60 === 0) return `PT${seconds / 60}M`;
  return `PT${seconds}S`;
}

/** An ISO-8601 duration (PT1H40M, PT90S) in minutes; NaN when unreadable. */
export function isoToMinutes(text) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(String(text || ''));
  if (!m || (!m[1] && !m[2] && !m[3])) return NaN;
  return Number(m[1] || 0) * 60 + Number(m[2] || 0) + Number(m[3] || 0) / 60;
}

/** "40 min", "1 h 40 min", "1.5 min". */
export function minutesText(minutes) {
  if (!Number.isFinite(minutes)) return '–';
  if (minutes < 60 || minutes % 1 !== 0) return `${numberText(minutes, 2)} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function q(quantity) {
  if (!quantity || quantity.value === undefined || quantity.value === null) return '–';
  return `${numberText(Number(quantity.value), 6)} ${unitText(quantity.unit, quantity.value)}`;
}

/** The dosing of a prescription in clinic words: "0.5 mg/kg over 40 min", "0.75 mg/kg/h to 0.5 mg/kg" ... */
export function dosingText(p) {
  if (!p) return '–';
  if (p.dose && p.duration) return `${q(p.dose)} over ${minutesText(isoToMinutes(p.duration))}`;
  if (Array.isArray(p.steps)) {
    return p.steps.map((s, i) => `step ${i + 1}: ${q(s.dose)} over ${minutesText(isoToMinutes(s.duration))}`)
      .join('; then ');
  }
  if (p.doseRate && p.totalDose) return `${q(p.doseRate)} until ${q(p.totalDose)}`;
  if (p.doseRate && p.duration) return `${q(p.doseRate)} for ${minutesText(isoToMinutes(p.duration))}`;
  return '–';
}

export function quantityWords(quantity) {
  return q(quantity);
}

/**
 * Reads a number typed into a field. Returns {value} or {error}: required, a plain decimal (no exponent), above
 * zero, at most `decimals` decimals (the daemon reads values exactly and takes at most 6).
 */
export function readNumber(text, { decimals = 6, required = true, max = Infinity } = {}) {
  const t = String(text ?? '').trim();
  if (t === '') return required ? { error: 'Required.' } : { value: null };
  if (!/^\d+(\.\d+)?$/.test(t)) return { error: 'Enter a number, e.g. 0.5 (digits and one decimal point).' };
  const places = t.includes('.') ? t.split('.')[1].length : 0;
  if (places > decimals) return { error: `At most ${decimals} decimal places.` };
  const value = Number(t);
  if (!(value > 0)) return { error: 'Must be above zero.' };
  if (value > max) return { error: `At most ${numberText(max, 6)}.` };
  return { value };
}

/** Reads a duration typed in minutes: above zero, whole seconds, at most 24 h. */
export function readMinutes(text) {
  const r = readNumber(text, { decimals: 2, max: 24 * 60 });
  if (r.error) return r;
  if (Math.abs(r.value * 60 - Math.round(r.value * 60)) > 1e-9) return { error: 'Whole seconds only (e.g. 1.5 min).' };
  return r;
}

/** Reads a text field: required or not, trimmed, at most `max` characters. */
export function readText(text, { required = true, max = 64 } = {}) {
  const t = String(text ?? '').trim();
  if (t === '') return required ? { error: 'Required.' } : { value: null };
  if (t.length > max) return { error: `At most ${max} characters.` };
  return { value: t };
}

/**
 * The form field a server-side problem names (its `field` member, a JSON path of the request), so the refusal
 * is shown next to what the clinician typed. `overrides[i].reason` maps to the i-th override's limit.
 */
export function fieldOfPath(path, overrides = []) {
  if (!path) return null;
  const step = /^steps\[(\d+)]\.(dose|duration)/.exec(path);
  if (step) return `step-${Number(step[1]) + 1}-${step[2]}`;
  const override = /^overrides\[(\d+)]/.exec(path);
  if (override) {
    const o = overrides[Number(override[1])];
    return o ? `reason:${o.limit}` : null;
  }
  const head = path.split(/[.[]/)[0];
  return {
    patientId: 'patient-id',
    bed: 'bed',
    weight: 'weight',
    drug: 'entry',
    careArea: 'care-area',
    concentration: 'concentration',
    prescriber: 'prescriber',
    dose: 'dose',
    duration: 'duration',
    steps: 'step-1-dose',
    doseRate: 'dose-rate',
    totalDose: 'total-dose',
  }[head] || null;
}

/** The form field a library limit is about (for marking the field a violation names), or null. */
export function fieldOfLimit(limit, form) {
  const id = String(limit || '');
  if (id.startsWith('weight.')) return 'weight';
  if (id.startsWith('concentration.')) return 'concentration';
  if (id.startsWith('course.')) return null;
  if (id.includes('duration')) return form === 'doseRate' ? 'rate-duration' : form === 'steps' ? null : 'duration';
  if (id.startsWith('doseOverTime.dose')) return 'dose';
  if (id.startsWith('doseRate.') && form === 'doseRate') return 'dose-rate';
  if (id.startsWith('totalDose.') || id.startsWith('sessionDose.')) return form === 'doseRate' ? 'total-dose' : null;
  return null;
}

/** The drug of a library entry as named on screen: its display name, with the drug only when the name lacks it. */
export function drugWords(entry) {
  if (!entry) return '–';
  const name = String(entry.displayName || entry.id);
  return entry.drug && !name.toLowerCase().includes(String(entry.drug).toLowerCase()) ? `${name} (${entry.drug})` : name;
}

const LIMIT_SUBJECTS = {
  'course.interval': 'time since the previous session',
  'course.sessions': 'number of sessions',
  'course.dosePer7Days': 'drug in the last 7 days',
  weight: 'weight',
  concentration: 'concentration',
  sessionTotal: 'session total dose',
  'doseOverTime.dose': 'dose',
  'doseOverTime.duration': 'duration',
  'loadingStep.dose': 'loading step dose',
  'loadingStep.duration': 'loading step duration',
  'loadingStep.doseRate': 'loading step dose rate',
  doseRate: 'dose rate',
  'vitals.startGate': 'vital signs at the start',
};
const LIMIT_BOUNDS = {
  softMax: 'above its soft maximum',
  softMin: 'below its soft minimum',
  hardMax: 'above its hard maximum',
  hardMin: 'below its hard minimum',
};

/**
 * A drug-library limit id (doseOverTime.dose.softMax) in clinic words ("dose above its soft maximum"); an id this
 * page does not know is shown as it is, never hidden.
 */
export function limitWords(id) {
  const text = String(id || '');
  if (LIMIT_SUBJECTS[text]) return LIMIT_SUBJECTS[text];
  const dot = text.lastIndexOf('.');
  const subject = LIMIT_SUBJECTS[text.slice(0, dot)];
  const bound = LIMIT_BOUNDS[text.slice(dot + 1)];
  if (subject && bound) return `${subject} ${bound}`;
  const rate = /^doseRate\.(.+)\.(softMax|softMin|hardMax|hardMin)$/.exec(text);
  if (rate) return `${rate[1]} dose rate ${LIMIT_BOUNDS[rate[2]]}`;
  return text;
}
