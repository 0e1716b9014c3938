// Programming, driven by the drug library (GET /api/drug-library, member `programming`): care area, entry,
// then a protocol of the entry (pre-filling dose and duration or steps) or any dosing form the entry allows;
// weight; concentration from the entry's standard list; patient, bed, prescriber. Every field is checked here
// and again by the daemon: as soon as the form is complete the daemon's own check (POST .../program/check) is
// shown, and "Load program" sends exactly what was checked, and only when the daemon said it is loadable.
import { unitText } from '../common/format.js';
import { ProblemError, send } from '../common/console/api.js';
import { el, fill, setText, show } from '../common/console/dom.js';
import { CheckView } from './check-view.js';
import {
  fieldOfLimit, fieldOfPath, isoToMinutes, minutesToIso, readMinutes, readNumber, readText,
} from './prescription.js';

// No wait for typing to settle (it cost 120 ms of every check): one check in flight at a time does the settling.
const CHECK_DELAY_MS = 0;
const FORM_WORDS = {
  doseOverTime: 'Dose over a duration',
  steps: 'Steps (a loading step, then the rest)',
  doseRate: 'Continuous dose rate',
};

function field(id, label, input, note) {
  input.id = id;
  input.setAttribute('aria-describedby', `${id}-error${note ? ` ${id}-note` : ''}`);
  return el('div', { class: 'field', 'data-field': id },
    el('label', { for: id, text: label }), input,
    note ? el('span', { class: 'field-note', id: `${id}-note`, text: note }) : null,
    el('span', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

function numberInput(attrs = {}) {
  return el('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', ...attrs });
}

export class ProgramPanel {
  /**
   * @param root     element to build the form in
   * @param channel  the channel's name
   * @param library  the `programming` member of GET /api/drug-library
   * @param onCheck  called with each check answer (for the course panel), or null when cleared
   * @param onLoaded called with the channel view after a program was loaded
   */
  constructor(root, channel, library, onCheck, onLoaded) {
    this.root = root;
    this.channel = channel;
    this.library = library;
    this.onCheck = onCheck;
    this.onLoaded = onLoaded;
    this.reasons = new Map();
    this.touched = new Set();
    this.sequence = 0;
    this.lastChecked = null;
    this.lastCheck = null;
    this.timer = null;
    this.inFlight = false;
    this.again = false;
    this.build();
  }

  // ------------------------------------------------------------------ building

  build() {
    this.areaSelect = el('select', { required: true });
    this.areaSelect.append(el('option', { value: '', text: 'Choose the care area' }));
    for (const a of this.library.careAreas) this.areaSelect.append(el('option', { value: a.id, text: a.displayName }));
    this.entrySelect = el('select', { required: true, disabled: true });
    this.protocolSelect = el('select', { disabled: true });
    this.formGroup = el('fieldset', { class: 'form-choice', id: 'dosing-form' }, el('legend', { text: 'Dosing form' }));
    this.dosing = el('div', { class: 'dosing', id: 'dosing' });
    this.weight = numberInput({ required: true });
    this.concentration = el('select', { required: true, disabled: true });
    this.patient = el('input', { type: 'text', required: true, maxlength: 64, autocomplete: 'off', spellcheck: 'false' });
    this.bed = el('input', { type: 'text', maxlength: 64, autocomplete: 'off', spellcheck: 'false' });
    this.prescriber = el('input', { type: 'text', required: true, maxlength: 64, autocomplete: 'off', spellcheck: 'false' });
    this.formError = el('p', { class: 'dialog__problem', id: 'program-error', role: 'alert', hidden: true });
    this.loadButton = el('button', { type: 'submit', class: 'primary', id: 'load', disabled: true, text: 'Load program' });
    this.loadHint = el('p', { class: 'hint', id: 'load-hint', text: 'Complete the form: the daemon checks it before anything is loaded.' });
    this.checkRoot = el('section', { class: 'check', id: 'check', 'aria-labelledby': 'check-title', 'aria-live': 'polite' });
    this.checkView = new CheckView(this.checkRoot, (limit, text) => {
      this.reasons.set(limit, text);
      this.schedule();
    });

    this.form = el('form', { id: 'program-form', novalidate: true, autocomplete: 'off' },
      el('div', { class: 'form-grid' },
        field('care-area', 'Care area', this.areaSelect),
        field('entry', 'Drug (library entry)', this.entrySelect),
        field('protocol', 'Protocol', this.protocolSelect, 'A protocol fills in the dose and duration or steps.')),
      this.formGroup,
      this.dosing,
      el('div', { class: 'form-grid' },
        field('weight', 'Weight (kg)', this.weight),
        field('concentration', 'Concentration', this.concentration),
        field('patient-id', 'Patient id', this.patient),
        field('bed', 'Bed (optional)', this.bed),
        field('prescriber', 'Prescriber', this.prescriber)),
      el('h3', { id: 'check-title', text: 'The daemon\'s check' }),
      this.checkRoot,
      this.formError,
      el('div', { class: 'form-actions' }, this.loadButton, this.loadHint));
    fill(this.root, this.form);
    this.checkView.clear('Nothing checked yet.');

    this.areaSelect.addEventListener('change', () => this.areaChosen());
    this.entrySelect.addEventListener('change', () => this.entryChosen());
    this.protocolSelect.addEventListener('change', () => this.protocolChosen());
    this.form.addEventListener('input', (e) => this.changed(e));
    this.form.addEventListener('change', (e) => this.changed(e));
    this.form.addEventListener('focusout', (e) => {
      if (e.target.id) this.touched.add(e.target.id);
      this.showErrors(this.read().errors);
    });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.load();
    });
    if (this.library.careAreas.length === 1) {
      this.areaSelect.value = this.library.careAreas[0].id;
      this.areaChosen();
    }
  }

  area() {
    return this.library.careAreas.find((a) => a.id === this.areaSelect.value) || null;
  }

  entry() {
    const a = this.area();
    return a ? a.entries.find((e) => e.id === this.entrySelect.value) || null : null;
  }

  areaChosen() {
    const a = this.area();
    fill(this.entrySelect, el('option', { value: '', text: a ? 'Choose the drug' : '–' }),
      (a ? a.entries : []).map((e) => el('option', { value: e.id, text: `${e.displayName}${e.highAlert ? ' (high-alert)' : ''}` })));
    this.entrySelect.disabled = !a;
    const w = a && a.weight;
    if (w) this.weight.placeholder = `${w.softMin ?? w.hardMin ?? ''}–${w.softMax ?? w.hardMax ?? ''} kg usual`;
    this.entryChosen();
  }

  entryChosen() {
    const e = this.entry();
    fill(this.protocolSelect, el('option', { value: '', text: e && e.protocols.length ? 'None: enter the dosing' : 'No protocol for this entry' }),
      (e ? e.protocols : []).map((p) => el('option', { value: p.id, text: p.name })));
    this.protocolSelect.disabled = !e || e.protocols.length === 0;
    fill(this.concentration, el('option', { value: '', text: e ? 'Choose the concentration' : '–' }),
      (e ? e.concentration.standard : []).map((c, i) => el('option', { value: String(i), text: `${c.value} ${unitText(c.unit, c.value)}` })));
    this.concentration.disabled = !e;
    if (e && e.concentration.standard.length === 1) this.concentration.value = '0';
    const radios = (e ? e.forms : []).map((f, i) => el('label', { class: 'choice' },
      el('input', { type: 'radio', name: 'dosing-form', id: `form-${f}`, value: f, checked: i === 0 }), ` ${FORM_WORDS[f] || f}`));
    fill(this.formGroup, el('legend', { text: 'Dosing form' }), radios.length ? radios : el('span', { class: 'hint', text: 'Choose a drug first.' }));
    this.buildDosing(e ? e.forms[0] : null);
  }

  currentForm() {
    const r = this.formGroup.querySelector('input[name="dosing-form"]:checked');
    return r ? r.value : null;
  }

  /** The dosing fields of form `f` (rebuilt when the form changes; values kept where the field stays). */
  buildDosing(f, steps = null) {
    const e = this.entry();
    this.dosingForm = f;
    if (!e || !f) {
      fill(this.dosing);
      return;
    }
    const dose = `Dose (${unitText(e.doseUnit)})`;
    if (f === 'doseOverTime') {
      fill(this.dosing, el('div', { class: 'form-grid' },
        field('dose', dose, numberInput()), field('duration', 'Over (minutes)', numberInput())));
    } else if (f === 'steps') {
      const count = Math.max(1, Math.min(e.maxSteps, steps ? steps : 2));
      const rows = [];
      for (let i = 1; i <= count; i += 1) {
        rows.push(el('div', { class: 'form-grid step-row', 'data-step': i },
          el('p', { class: 'step-row__title', text: i === 1 && count > 1 ? 'Step 1 (loading step)' : `Step ${i}` }),
          field(`step-${i}-dose`, dose, numberInput()), field(`step-${i}-duration`, 'Over (minutes)', numberInput())));
      }
      const stepsNote = el('p', { class: 'hint', text: `This entry allows up to ${e.maxSteps} step(s).` });
      const add = el('button', { type: 'button', id: 'add-step', text: 'Add a step', disabled: count >= e.maxSteps });
      const remove = el('button', { type: 'button', id: 'remove-step', text: 'Remove the last step', disabled: count <= 1 });
      add.addEventListener('click', () => this.resizeSteps(count + 1));
      remove.addEventListener('click', () => this.resizeSteps(count - 1));
      fill(this.dosing, rows, el('div', { class: 'form-actions' }, add, remove), stepsNote);
    } else {
      const until = el('fieldset', { class: 'form-choice' }, el('legend', { text: 'Until' }),
        el('label', { class: 'choice' }, el('input', { type: 'radio', name: 'rate-until', id: 'until-total', value: 'totalDose', checked: true }), ' a total dose'),
        el('label', { class: 'choice' }, el('input', { type: 'radio', name: 'rate-until', id: 'until-duration', value: 'duration' }), ' a duration'));
      fill(this.dosing, el('div', { class: 'form-grid' }, field('dose-rate', `Dose rate (${unitText(e.dosingUnit)})`, numberInput())),
        until, el('div', { class: 'form-grid' },
          field('total-dose', `Total dose (${unitText(e.doseUnit)})`, numberInput()),
          field('rate-duration', 'Duration (minutes)', numberInput())));
      until.addEventListener('change', () => this.untilChosen());
      this.untilChosen();
    }
  }

  untilChosen() {
    const byTotal = this.until() === 'totalDose';
    this.dosing.querySelector('[data-field="total-dose"]').hidden = !byTotal;
    this.dosing.querySelector('[data-field="rate-duration"]').hidden = byTotal;
  }

  until() {
    const r = this.dosing.querySelector('input[name="rate-until"]:checked');
    return r ? r.value : 'totalDose';
  }

  resizeSteps(n) {
    const kept = this.stepValues();
    this.buildDosing('steps', n);
    kept.slice(0, n).forEach((s, i) => {
      this.value(`step-${i + 1}-dose`, s.dose);
      this.value(`step-${i + 1}-duration`, s.duration);
    });
    this.schedule();
  }

  stepValues() {
    return [...this.dosing.querySelectorAll('.step-row')].map((r) => ({
      dose: r.querySelector('[id$="-dose"]').value,
      duration: r.querySelector('[id$="-duration"]').value,
    }));
  }

  value(id, v) {
    const input = this.form.querySelector(`#${id}`);
    if (input) input.value = v;
  }

  protocolChosen() {
    const e = this.entry();
    const p = e && e.protocols.find((x) => x.id === this.protocolSelect.value);
    if (!p) return;
    const radio = this.formGroup.querySelector(`#form-${p.form}`);
    if (radio) radio.checked = true;
    const rx = p.prescription;
    if (p.form === 'steps') {
      this.buildDosing('steps', rx.steps.length);
      rx.steps.forEach((s, i) => {
        this.value(`step-${i + 1}-dose`, String(s.dose.value));
        this.value(`step-${i + 1}-duration`, String(isoToMinutes(s.duration)));
      });
    } else if (p.form === 'doseOverTime') {
      this.buildDosing('doseOverTime');
      this.value('dose', String(rx.dose.value));
      this.value('duration', String(isoToMinutes(rx.duration)));
    } else {
      this.buildDosing('doseRate');
      this.value('dose-rate', String(rx.doseRate.value));
      if (rx.totalDose) {
        this.value('total-dose', String(rx.totalDose.value));
      } else {
        this.dosing.querySelector('#until-duration').checked = true;
        this.untilChosen();
        this.value('rate-duration', String(isoToMinutes(rx.duration)));
      }
    }
    this.schedule();
  }

  // ------------------------------------------------------------------ reading

  /** The program request from the form, or the field errors that keep it from being one. */
  read() {
    const errors = new Map();
    const take = (id, r) => {
      if (r.error) errors.set(id, r.error);
      return r.value;
    };
    const a = this.area();
    const e = this.entry();
    if (!a) errors.set('care-area', 'Choose the care area.');
    if (a && !e) errors.set('entry', 'Choose the drug.');
    const body = {};
    body.patientId = take('patient-id', readText(this.patient.value));
    const bed = take('bed', readText(this.bed.value, { required: false }));
    if (bed) body.bed = bed;
    const kg = take('weight', readNumber(this.weight.value, { decimals: 3, max: 10000 }));
    body.weight = { value: kg, unit: 'kg' };
    body.drug = e ? e.id : null;
    body.careArea = a ? a.id : null;
    const c = e && this.concentration.value !== '' ? e.concentration.standard[Number(this.concentration.value)] : null;
    if (e && !c) errors.set('concentration', 'Choose the concentration.');
    body.concentration = c ? { value: c.value, unit: c.unit } : null;
    body.prescriber = take('prescriber', readText(this.prescriber.value));
    const f = this.currentForm();
    if (e && f === 'doseOverTime') {
      body.dose = { value: take('dose', readNumber(this.form.querySelector('#dose').value)), unit: e.doseUnit };
      body.duration = minutesToIso(take('duration', readMinutes(this.form.querySelector('#duration').value)));
    } else if (e && f === 'steps') {
      body.steps = this.stepValues().map((s, i) => ({
        dose: { value: take(`step-${i + 1}-dose`, readNumber(s.dose)), unit: e.doseUnit },
        duration: minutesToIso(take(`step-${i + 1}-duration`, readMinutes(s.duration))),
      }));
    } else if (e && f === 'doseRate') {
      body.doseRate = { value: take('dose-rate', readNumber(this.form.querySelector('#dose-rate').value)), unit: e.dosingUnit };
      if (this.until() === 'totalDose') {
        body.totalDose = { value: take('total-dose', readNumber(this.form.querySelector('#total-dose').value)), unit: e.doseUnit };
      } else {
        body.duration = minutesToIso(take('rate-duration', readMinutes(this.form.querySelector('#rate-duration').value)));
      }
    }
    // Reasons go only for the soft limits the daemon's last answer asked about.
    const overrides = [...this.reasons.entries()]
      .filter(([limit, r]) => r.trim() !== '' && this.checkView.reasonFields.has(limit))
      .map(([limit, reason]) => ({ limit, reason: reason.trim() }));
    if (overrides.length) body.overrides = overrides;
    return { body, errors };
  }

  // ------------------------------------------------------------------ errors next to fields

  setFieldError(id, message, severity = 'error') {
    const input = this.form.querySelector(`#${id}`);
    const error = this.form.querySelector(`#${id}-error`);
    if (!input || !error) return false;
    error.dataset.severity = severity;
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      setText(error, message);
      show(error, true);
    } else {
      input.removeAttribute('aria-invalid');
      show(error, false);
    }
    return true;
  }

  /** Field errors of the page's own checks, for the fields the clinician has left (or all, on load). */
  showErrors(errors, all = false) {
    for (const error of this.form.querySelectorAll('.field-error')) {
      const id = error.id.replace(/-error$/, '');
      if (id.startsWith('reason-')) continue;
      const message = errors.get(id);
      this.setFieldError(id, message && (all || this.touched.has(id)) ? message : null);
    }
  }

  // ------------------------------------------------------------------ the daemon's check

  changed(e) {
    performance.mark('dw-edit');
    if (e && e.target && e.target.name === 'dosing-form' && e.type === 'change') {
      this.buildDosing(this.currentForm());
    }
    this.schedule();
  }

  /**
   * Asks the daemon as soon as the form changed (after the events of one change, e.g. input and change, have
   * fired): at most one check in flight; changes made meanwhile are checked when its answer comes, and an answer
   * for a form that changed since it was asked is not drawn (it would flash a plan nobody asked for).
   */
  schedule() {
    clearTimeout(this.timer);
    this.updateLoadButton();
    this.timer = setTimeout(() => this.check(), CHECK_DELAY_MS);
  }

  async check() {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    const { body, errors } = this.read();
    this.showErrors(errors);
    if (errors.size > 0) {
      this.lastChecked = null;
      this.lastCheck = null;
      this.checkView.clear(`Not checked yet: ${errors.size} field(s) to complete or correct.`);
      this.onCheck(null);
      this.updateLoadButton();
      return;
    }
    const text = JSON.stringify(body);
    if (text === this.lastChecked) {
      this.updateLoadButton();
      return;
    }
    const mine = ++this.sequence;
    this.inFlight = true;
    this.again = false;
    this.checkView.checking();
    performance.mark('dw-check-sent');
    let answer = null;
    let failure = null;
    try {
      answer = await send('POST', `/api/channels/${encodeURIComponent(this.channel)}/program/check`, body);
    } catch (err) {
      failure = err;
    }
    this.inFlight = false;
    if (mine !== this.sequence) return;
    if (this.again) {
      this.again = false;
      if (JSON.stringify(this.read().body) !== text) {
        this.check();
        return;
      }
    }
    if (failure) {
      this.lastChecked = null;
      this.lastCheck = null;
      this.refusal(failure, body);
      this.checkView.clear('The daemon did not check this prescription: see the message next to the field.');
    } else {
      this.lastChecked = text;
      this.lastCheck = answer;
      this.formError.hidden = true;
      this.checkView.show(answer, this.reasons, body);
      this.markViolations(answer.violations);
      requestAnimationFrame(() => performance.mark('dw-plan-shown'));
      this.onCheck(answer);
    }
    this.updateLoadButton();
  }

  /** Marks the fields that a violation names, the hard one first (the violation itself is listed in the check). */
  markViolations(violations) {
    const f = this.currentForm();
    const marked = new Set();
    const ordered = [...violations].sort((a, b) => (a.severity === 'hard' ? 0 : 1) - (b.severity === 'hard' ? 0 : 1));
    for (const v of ordered) {
      const id = fieldOfLimit(v.limit, f);
      if (!id || marked.has(id)) continue;
      marked.add(id);
      this.setFieldError(id, `${v.severity === 'hard' ? 'Hard' : 'Soft'} limit ${v.limitValue}; requested ${v.requested}.`,
        v.severity);
    }
  }

  /** A server refusal: shown next to the field its problem names, else above the load button. */
  refusal(err, body) {
    const problem = err instanceof ProblemError ? err.problem : { detail: err.message };
    const id = fieldOfPath(problem.field, body.overrides || []);
    if (id && id.startsWith('reason:')) {
      if (this.checkView.reasonError(id.slice('reason:'.length), problem.detail)) return;
    } else if (id && this.setFieldError(id, problem.detail)) {
      this.form.querySelector(`#${id}`).focus();
      return;
    }
    setText(this.formError, problem.detail || problem.title || err.message);
    show(this.formError, true);
  }

  updateLoadButton() {
    const { body } = this.read();
    const current = JSON.stringify(body) === this.lastChecked;
    const ok = Boolean(current && this.lastCheck && this.lastCheck.loadable);
    this.loadButton.disabled = !ok;
    let hint;
    if (!this.lastCheck) hint = 'Complete the form: the daemon checks it before anything is loaded.';
    else if (!current) hint = 'Checking the change…';
    else if (this.lastCheck.outcome === 'REFUSED') hint = 'A hard limit is broken: this program cannot be loaded.';
    else if (!this.lastCheck.loadable) hint = 'Give a reason for every soft limit to load this program.';
    else hint = 'Loads exactly the program checked above. Nothing reaches the pump before you start it.';
    setText(this.loadHint, hint);
  }

  // ------------------------------------------------------------------ loading

  async load() {
    const { body, errors } = this.read();
    this.showErrors(errors, true);
    if (errors.size > 0 || this.loadButton.disabled) {
      const first = this.form.querySelector('[aria-invalid="true"]');
      if (first) first.focus();
      return;
    }
    this.loadButton.disabled = true;
    setText(this.loadHint, 'Loading…');
    try {
      const answer = await send('PUT', `/api/channels/${encodeURIComponent(this.channel)}/program`, body);
      this.onLoaded(answer.channel);
    } catch (err) {
      const problem = err instanceof ProblemError ? err.problem : {};
      if (problem.violations) {
        // The daemon's answer changed between check and load (e.g. another session ended): check again.
        this.lastChecked = null;
        this.schedule();
      }
      this.refusal(err, body);
      this.updateLoadButton();
    }
  }
}
