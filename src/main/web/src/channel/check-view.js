// The daemon's own programming check, shown before anything is loaded (SR-U4): the plan per step (rate,
// volume, duration, drug), the totals, and every violation: hard ones red with the limit and the requested
// value (they cannot be loaded), soft ones amber, each with its own required reason field. The page decides
// nothing here: it shows what POST .../program/check answered.
import { clockText, numberText } from '../common/format.js';
import { el, fill } from '../common/console/dom.js';
import { dosingText, isoToMinutes, minutesText, quantityWords } from './prescription.js';

const OUTCOME_WORDS = {
  ALLOWED: 'Allowed: the daemon would load this program.',
  NEEDS_OVERRIDE: 'Needs a reason for each soft limit below before it can be loaded.',
  REFUSED: 'Refused: a hard limit is broken. This program cannot be loaded; change the prescription.',
};

/**
 * The plan as a table (also used for the loaded program). `steps`: [{rateMlPerH, vtbiMl, durationMin, dose?}].
 * `refused`: what a refused check would give, framed as not loadable.
 */
export function planTable(steps, totals, caption, refused = false) {
  const head = el('tr', {}, el('th', { scope: 'col', text: 'Step' }), el('th', { scope: 'col', class: 'num', text: 'Rate' }),
    el('th', { scope: 'col', class: 'num', text: 'Volume' }), el('th', { scope: 'col', class: 'num', text: 'Duration' }),
    el('th', { scope: 'col', class: 'num', text: 'Drug' }));
  const rows = steps.map((s, i) => el('tr', { 'data-step': i + 1 },
    el('th', { scope: 'row', text: String(i + 1) }),
    el('td', { class: 'num plan-rate', text: `${numberText(Number(s.rateMlPerH), 3)} mL/h` }),
    el('td', { class: 'num plan-volume', text: `${numberText(Number(s.vtbiMl), 3)} mL` }),
    el('td', { class: 'num', text: minutesText(Number(s.durationMin)) }),
    el('td', { class: 'num', text: s.dose ? quantityWords(s.dose) : '' })));
  const foot = el('tr', { class: 'plan-total' }, el('th', { scope: 'row', text: 'Total' }), el('td', {}),
    el('td', { class: 'num plan-total-volume', text: `${numberText(Number(totals.totalVolumeMl), 3)} mL` }),
    el('td', { class: 'num', text: totals.expectedDurationMin != null ? minutesText(Number(totals.expectedDurationMin)) : '' }),
    el('td', { class: 'num plan-total-dose', text: quantityWords(totals.totalDose) }));
  return el('table', { class: refused ? 'plan plan--refused' : 'plan' }, el('caption', { text: caption }), el('thead', {}, head),
    el('tbody', {}, rows), el('tfoot', {}, foot));
}

/** A refused prescription the pump could not run as written: what was asked, and the pump's limits it breaks. */
function requestedView(plan, request, capped) {
  const rx = request || {};
  const weight = rx.weight ? ` for ${numberText(Number(rx.weight.value), 3)} ${rx.weight.unit}` : '';
  return el('div', { class: 'requested', id: 'check-requested' },
    el('p', { class: 'requested__title', text: 'NOT LOADABLE. Requested:' }),
    el('p', { class: 'requested__what', text: `${plan.drugName} at ${quantityWords(plan.concentration)}, `
      + `${dosingText(rx)}${weight}` }),
    el('ul', {}, capped.map((v) => el('li', { text: `Needs ${v.requested}; the pump takes at most ${v.limitValue}.` }))),
    el('p', { class: 'hint', text: 'The pump cannot run this as prescribed, so no plan is shown. Change the prescription.' }));
}

export class CheckView {
  /**
   * @param root      the element the check is shown in
   * @param onReason  called (limitId, text) as a clinician types the reason for a soft limit
   */
  constructor(root, onReason) {
    this.root = root;
    this.onReason = onReason;
    this.reasonFields = new Map();
  }

  clear(message) {
    this.root.dataset.outcome = '';
    fill(this.root, message ? el('p', { class: 'hint', text: message }) : null);
  }

  checking() {
    this.root.setAttribute('aria-busy', 'true');
  }

  /** Shows a check answer; `reasons` are the reasons typed so far (limitId -> text), `request` what was checked. */
  show(check, reasons, request = null) {
    // Where the clinician is typing, taken before anything is built: building the new list moves each reason field
    // into it, and a field moved out of the page loses the focus (Chrome blurs it at once), so the keys typed after
    // this answer was drawn went nowhere and a reason was loaded cut short.
    const active = document.activeElement;
    const typing = active && active.tagName === 'TEXTAREA' && this.root.contains(active)
      ? { input: active, start: active.selectionStart, end: active.selectionEnd } : null;
    this.root.removeAttribute('aria-busy');
    this.root.dataset.outcome = check.outcome;
    this.root.dataset.loadable = String(check.loadable);
    const parts = [el('p', { class: 'check__outcome', id: 'check-outcome', 'data-outcome': check.outcome,
      text: check.loadable ? 'Ready to load: the daemon allows this program as checked.'
        : OUTCOME_WORDS[check.outcome] || check.outcome })];
    if (check.secondClinicianRequired) {
      parts.push(el('p', { class: 'check__high-alert', text: 'High-alert drug: a second, different clinician '
        + 'confirms the program on this screen before it can start.' }));
    }
    const hard = check.violations.filter((v) => v.severity === 'hard');
    const soft = check.violations.filter((v) => v.severity !== 'hard');
    const capped = hard.filter((v) => v.limit === 'pump.maxVolume' || v.limit === 'pump.maxRate');
    if (check.plan && capped.length) {
      // The pump's own maximum cut the plan down: its figures (volume, duration, drug) are nothing anyone asked
      // for, so no plan table; what was requested, and why the pump cannot run it.
      parts.push(requestedView(check.plan, request, capped));
    } else if (check.plan && hard.length) {
      const p = check.plan;
      parts.push(planTable(p.steps, p, `Requested: ${p.drugName} at ${quantityWords(p.concentration)}. `
        + 'NOT LOADABLE: a hard limit below is broken', true));
    } else if (check.plan) {
      const p = check.plan;
      parts.push(planTable(p.steps, p, `Plan for ${p.drugName} at ${quantityWords(p.concentration)} `
        + `(library ${p.libraryVersion})`));
    } else {
      parts.push(el('p', { class: 'hint', text: 'No plan could be made from this prescription.' }));
    }
    if (hard.length) {
      parts.push(el('h3', { class: 'violations__title', text: `Hard limits broken (${hard.length}): cannot be loaded` }));
      parts.push(el('ul', { class: 'violations', id: 'hard-violations' }, hard.map((v) => this.hardItem(v))));
    }
    if (soft.length) {
      parts.push(el('h3', { class: 'violations__title', text: `Soft limits (${soft.length}): each needs a reason` }));
      parts.push(el('ul', { class: 'violations', id: 'soft-violations' }, soft.map((v) => this.softItem(v, reasons))));
    }
    // Keep only the reason fields still asked for (a soft limit no longer broken loses its field).
    for (const id of [...this.reasonFields.keys()]) {
      if (!soft.some((v) => v.limit === id)) this.reasonFields.delete(id);
    }
    // The reason fields are the same elements across answers; moving them must not take the clinician's cursor.
    fill(this.root, parts);
    if (typing && this.root.contains(typing.input)) {
      typing.input.focus();
      typing.input.setSelectionRange(typing.start, typing.end);
    }
  }

  hardItem(v) {
    return el('li', { class: 'violation violation--hard', 'data-limit': v.limit, 'data-severity': 'hard' },
      el('span', { class: 'violation__tag', text: 'HARD' }),
      el('span', { class: 'violation__text' },
        el('strong', { text: v.message }),
        el('span', { class: 'violation__numbers', text: ` Limit ${v.limitValue}; requested ${v.requested}.` })));
  }

  softItem(v, reasons) {
    let field = this.reasonFields.get(v.limit);
    if (!field) {
      const id = `reason-${v.limit.replace(/[^A-Za-z0-9_-]/g, '-')}`;
      const input = el('textarea', { id, rows: 2, maxlength: 500, 'data-limit': v.limit,
        'aria-describedby': `${id}-why`, required: true });
      input.value = reasons.get(v.limit) || '';
      input.addEventListener('input', () => this.onReason(v.limit, input.value));
      const error = el('span', { class: 'field-error', id: `${id}-error`, hidden: true });
      field = { id, input, error };
      this.reasonFields.set(v.limit, field);
    }
    const given = v.reason ? el('span', { class: 'violation__given', text: 'Reason accepted by the daemon.' }) : null;
    return el('li', { class: 'violation violation--soft', 'data-limit': v.limit, 'data-severity': 'soft',
      'data-reason-given': String(Boolean(v.reason)) },
    el('span', { class: 'violation__tag', text: 'SOFT' }),
    el('span', { class: 'violation__text' },
      el('strong', { id: `${field.id}-why`, text: v.message }),
      el('span', { class: 'violation__numbers', text: ` Limit ${v.limitValue}; requested ${v.requested}.` }),
      el('label', { for: field.id, text: 'Reason for going beyond this limit (journaled with your name)' }),
      field.input, field.error, given));
  }

  /** Marks the reason field of `limitId` with a server's refusal. */
  reasonError(limitId, message) {
    const f = this.reasonFields.get(limitId);
    if (!f) return false;
    f.error.textContent = message;
    f.error.hidden = false;
    f.input.setAttribute('aria-invalid', 'true');
    f.input.setAttribute('aria-describedby', `${f.id}-why ${f.id}-error`);
    return true;
  }
}

/** The patient's course (SR-K1): earlier sessions, the interval since the last, the 7-day dose against its limits. */
export function courseView(course, patientSessions) {
  if (!course) return el('p', { class: 'hint', text: 'Enter the patient id to see the course.' });
  const parts = [];
  const limit = course.sessionsLimit || {};
  const of = [limit.softMax != null ? `soft max ${limit.softMax}` : null, limit.hardMax != null ? `hard max ${limit.hardMax}` : null]
    .filter(Boolean).join(', ');
  parts.push(el('p', { id: 'course-number', text: `This would be session ${course.sessionNumber} of ${course.entry} for `
    + `${course.patientId}${of ? ` (${of})` : ''}.` }));
  if (course.lastEndedAt) {
    const il = course.intervalLimit || {};
    const mins = [il.hardMin ? `hard ${minutesText(isoToMinutes(il.hardMin))}` : null,
      il.softMin ? `soft ${minutesText(isoToMinutes(il.softMin))}` : null].filter(Boolean).join(', ');
    parts.push(el('p', { text: `Last session ended ${new Date(course.lastEndedAt).toLocaleString('en-GB')}, `
      + `${minutesText(Math.round(isoToMinutes(course.sinceLastEnd) || 0))} ago${mins ? ` (minimum interval: ${mins})` : ''}.` }));
  } else {
    parts.push(el('p', { text: 'No earlier session of this entry on record.' }));
  }
  const d = course.dosePer7DaysLimit;
  if (d) {
    const max = Number((d.hardMax || d.softMax || {}).value || 0);
    const total = Number(course.total7Days.value);
    parts.push(el('p', { id: 'course-7days' },
      el('strong', { text: `7-day dose: ${quantityWords(course.total7Days)}` }),
      ` (earlier ${quantityWords(course.earlier7Days)} + this session ${quantityWords(course.thisSession)}) against `
      + `${d.softMax ? `soft ${quantityWords(d.softMax)} (${d.softMaxAsWritten})` : ''}`
      + `${d.softMax && d.hardMax ? ', ' : ''}${d.hardMax ? `hard ${quantityWords(d.hardMax)} (${d.hardMaxAsWritten})` : ''}.`));
    if (max > 0) {
      parts.push(el('meter', { min: '0', max: String(max), value: String(Math.min(total, max)),
        high: String(Number((d.softMax || d.hardMax).value)), optimum: '0', 'aria-label': '7-day dose against its limit' }));
    }
  }
  if (course.openSessions > 0) {
    parts.push(el('p', { text: `${course.openSessions} session(s) of this patient are still open elsewhere.` }));
  }
  const sessions = patientSessions && patientSessions.length ? patientSessions : course.sessions || [];
  if (sessions.length) {
    parts.push(el('table', { class: 'sessions', id: 'course-sessions' },
      el('caption', { text: 'Earlier sessions (all drugs)' }),
      el('thead', {}, el('tr', {}, ['Started', 'Ended', 'Drug', 'Channel', 'Delivered'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, sessions.map((s) => el('tr', {},
        el('td', { text: s.startedAt ? `${new Date(s.startedAt).toLocaleDateString('en-GB')} ${clockText(new Date(s.startedAt))}` : '–' }),
        el('td', { text: s.endedAt ? clockText(new Date(s.endedAt)) : 'open' }),
        el('td', { text: s.drugId || '–' }),
        el('td', { text: s.channel || '–' }),
        el('td', { text: deliveredText(s.delivered) }))))));
  }
  return el('div', {}, parts);
}

function deliveredText(d) {
  if (d === null || d === undefined) return '–';
  if (typeof d === 'object') return quantityWords(d);
  return String(d);
}
