// Display forms shared by the pages: numbers without trailing zeros, UCUM units in clinic words ("mcg",
// "units"), clock times and durations. Pure functions: they never touch the DOM.

const UNIT_WORDS = [
  [/\[iU\]/g, 'units'],
  [/\bug\b/g, 'mcg'],
];

/**
 * A UCUM unit as a clinician reads it: ug -> mcg, [iU] -> units; after exactly one of them the singular
 * ("1 unit/mL", "2 units/mL"): pass the value the unit follows, if any.
 */
export function unitText(unit, value) {
  let out = String(unit);
  for (const [re, word] of UNIT_WORDS) out = out.replace(re, word);
  if (value !== undefined && Number(value) === 1) out = out.replace(/^units\b/, 'unit');
  return out;
}

/** A number with at most `digits` decimals, no trailing zeros, leading zero kept ("0.5", "52.5", "35"). */
export function numberText(value, digits = 2) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  const fixed = value.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** A {value, unit} quantity ("0.75 mg/kg/h"), or null when absent. */
export function quantityText(q, digits = 3) {
  if (!q || typeof q.value !== 'number') return null;
  return `${numberText(q.value, digits)} ${unitText(q.unit, q.value)}`;
}

// Made once: a formatter per call (toLocaleTimeString) costs more than drawing the rest of a tile.
const HH_MM = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const HH_MM_SS = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** Wall-clock time of an instant on this screen, hh:mm (24 h). */
export function clockText(date) {
  return HH_MM.format(date);
}

/** Wall-clock time with seconds, hh:mm:ss. */
export function clockSecondsText(date) {
  return HH_MM_SS.format(date);
}

/** A duration in seconds as "45 s", "26 min", "1 h 05 min". */
export function durationText(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  return `${h} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** An age in whole seconds as "4 s", "3 min", "2 h". */
export function ageText(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}
