// Start and resume behind a confirmation that states what the pump will do (SR-U3): drug, concentration, dose,
// rate, volume and duration, and the vitals gate's state. The gate shown here is read from the latest vitals
// and the entry's start limits; the daemon checks it again when the request arrives, and when it blocks, its
// answer is shown here with the override path: a reason, journaled with the clinician's name.
import { ageText, numberText } from '../common/format.js';
import { ProblemError, send } from '../common/console/api.js';
import { el, fill } from '../common/console/dom.js';
import { openModal } from './dialogs.js';
import { dosingText, drugWords, isoToMinutes, minutesText, quantityWords } from './prescription.js';

const SIGN_WORDS = { sbp: 'SBP', dbp: 'DBP', hr: 'HR', spo2: 'SpO₂', rr: 'RR' };
const GATE_LIMIT = 'vitals.startGate';

function breached(limit, value) {
  switch (limit.trip) {
    case '>': return value > limit.value;
    case '≥': case '>=': return value >= limit.value;
    case '<': return value < limit.value;
    case '≤': case '<=': return value <= limit.value;
    default: return false;
  }
}

/**
 * The vitals gate as the latest readings stand: {state: 'none' | 'pass' | 'block', reasons, readings}. Mirrors the
 * daemon's rule (a reading of every gated sign within startGateMaxAge, none beyond its start limit) for display.
 */
export function gatePreview(view, entry) {
  const vitals = entry && entry.vitals;
  if (!vitals || !vitals.startGate || vitals.startGate.length === 0) return { state: 'none', reasons: [], readings: [] };
  const now = Date.parse(view.asOf);
  const maxAgeMs = isoToMinutes(vitals.startGateMaxAge) * 60000;
  const latest = new Map((view.vitals || []).map((v) => [v.sign, v]));
  const reasons = [];
  const missing = new Set();
  for (const limit of vitals.startGate) {
    const v = latest.get(limit.sign);
    if (!v || now - Date.parse(v.at) > maxAgeMs) {
      if (!missing.has(limit.sign)) {
        reasons.push(`no ${SIGN_WORDS[limit.sign] || limit.sign} reading within the last ${minutesText(maxAgeMs / 60000)}`);
        missing.add(limit.sign);
      }
    } else if (breached(limit, v.value)) {
      reasons.push(`latest ${SIGN_WORDS[limit.sign] || limit.sign} ${v.value} ${v.unit} is beyond the start limit ${limit.text}`);
    }
  }
  const readings = (view.vitals || []).map((v) => `${SIGN_WORDS[v.sign] || v.sign} ${v.value} ${v.unit} `
    + `(${ageText((now - Date.parse(v.at)) / 1000)} ago)`);
  return { state: reasons.length ? 'block' : 'pass', reasons, readings, limits: vitals.startGate.map((l) => l.text) };
}

function fact(term, value, id) {
  return el('div', {}, el('dt', { text: term }), el('dd', { id, text: value }));
}

/** What the pump will do, as a definition list (also the second clinician's summary). */
export function programFacts(view, entry, kind) {
  const p = view.program;
  const rx = p.prescription || {};
  const steps = p.steps;
  const step = Math.min(view.currentStep || 0, steps.length - 1);
  const remaining = Math.max(0, Number(p.totalVolumeMl) - Number(view.deliveredMl));
  const rate = steps.length === 1 || kind === 'resume'
    ? `${numberText(Number(steps[kind === 'resume' ? step : 0].rateMlPerH), 3)} mL/h`
    : steps.map((s, i) => `step ${i + 1}: ${numberText(Number(s.rateMlPerH), 3)} mL/h`).join(', then ');
  const volume = kind === 'resume'
    ? `${numberText(remaining, 3)} mL still to give (of ${numberText(Number(p.totalVolumeMl), 3)} mL)`
    : `${numberText(Number(p.totalVolumeMl), 3)} mL`;
  const minutes = steps.reduce((sum, s) => sum + Number(s.durationMin), 0);
  const drug = entry ? drugWords(entry) : p.drugId;
  return el('dl', { class: 'confirm-facts', id: `${kind}-facts` },
    fact('Drug', drug, `${kind}-drug`),
    fact('Concentration', quantityWords(p.concentration), `${kind}-concentration`),
    fact('Dose', `${dosingText(rx)} = ${quantityWords(p.totalDose)}${rx.weight ? ` for ${numberText(Number(rx.weight.value), 3)} kg` : ''}`, `${kind}-dose`),
    fact('Rate', rate, `${kind}-rate`),
    fact('Volume', volume, `${kind}-volume`),
    fact('Duration', kind === 'resume' && view.progress
      ? `${minutesText(Math.ceil(view.progress.remainingSeconds / 60))} left at the planned rate`
      : minutesText(minutes), `${kind}-duration`),
    fact('Patient', `${p.patientId}${rx.bed ? ` · ${rx.bed}` : ''} · prescribed by ${p.prescriber}`, `${kind}-patient`));
}

/** Opens the start (kind 'start') or resume ('resume') confirmation; `onDone(channelView)` after the daemon agreed. */
export function confirmDialog(dialog, channel, kind, view, entry, onDone) {
  const verb = kind === 'start' ? 'Start' : 'Resume';
  const heading = el('h2', { id: 'start-title', tabindex: '-1', text: `${verb} the infusion on channel ${channel}?` });
  const gate = gatePreview(view, entry);
  const gateBox = el('section', { class: 'gate', id: 'gate', 'data-gate': gate.state, 'aria-labelledby': 'gate-title' });
  const reason = el('textarea', { id: 'gate-reason', rows: 2, maxlength: 500, 'aria-describedby': 'gate-reason-error' });
  const reasonError = el('span', { class: 'field-error', id: 'gate-reason-error', hidden: true });
  const reasonBox = el('div', { class: 'gate__override', id: 'gate-override', hidden: true },
    el('label', { for: 'gate-reason', text: `Reason to ${kind} although the vitals gate blocks (journaled with your name)` }),
    reason, reasonError);
  const problem = el('p', { class: 'dialog__problem', id: 'start-problem', role: 'alert', hidden: true });
  const go = el('button', { type: 'submit', class: 'go', id: 'start-confirm', text: `${verb} infusion` });
  const cancel = el('button', { type: 'button', id: 'start-cancel', text: 'Cancel' });

  const showGate = (state, lines, daemonSays) => {
    gateBox.dataset.gate = state;
    const head = { none: 'Vitals gate: none for this drug', pass: 'Vitals gate: passes',
      block: 'Vitals gate: BLOCKS the start' }[state];
    fill(gateBox, el('h3', { id: 'gate-title', text: head }),
      daemonSays ? el('p', { class: 'gate__daemon', text: `The daemon says: ${daemonSays}` }) : null,
      lines.length ? el('ul', {}, lines.map((l) => el('li', { text: l }))) : null,
      gate.readings.length ? el('p', { class: 'gate__readings', text: `Latest: ${gate.readings.join(', ')}.` })
        : el('p', { class: 'gate__readings', text: 'No vitals reading on record.' }),
      gate.limits ? el('p', { class: 'hint', text: `Start limits: ${gate.limits.join('; ')}. Checked again by the daemon.` }) : null,
      reasonBox);
    reasonBox.hidden = state !== 'block';
    go.textContent = state === 'block' ? `${verb} with override` : `${verb} infusion`;
  };
  showGate(gate.state, gate.reasons, null);

  const form = el('form', { novalidate: true },
    heading,
    el('p', { class: 'confirm-lead', text: kind === 'start' ? 'The pump will deliver:' : 'The pump will go on delivering:' }),
    programFacts(view, entry, kind),
    gateBox, problem,
    el('div', { class: 'dialog__buttons' }, cancel, go));
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    problem.hidden = true;
    const overriding = gateBox.dataset.gate === 'block';
    const why = reason.value.trim();
    if (overriding && !why) {
      reasonError.textContent = 'A reason is required to override the vitals gate.';
      reasonError.hidden = false;
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return;
    }
    go.disabled = true;
    try {
      const body = overriding ? { overrides: [{ limit: GATE_LIMIT, reason: why }] } : undefined;
      const answer = await send('POST', `/api/channels/${encodeURIComponent(channel)}/${kind}`, body);
      dialog.close();
      onDone(answer);
    } catch (err) {
      const p = err instanceof ProblemError ? err.problem : { detail: err.message };
      if (p.type && p.type.endsWith(':blocked') && !overriding) {
        // The daemon's gate blocks: show its reasons and the override path.
        showGate('block', [], p.detail);
        reason.focus();
      } else if (p.field && /overrides/.test(p.field)) {
        reasonError.textContent = p.detail;
        reasonError.hidden = false;
        reason.focus();
      } else {
        problem.textContent = p.detail || p.title || err.message;
        problem.hidden = false;
      }
    } finally {
      go.disabled = false;
    }
  });
  fill(dialog, form);
  openModal(dialog, heading);
}
