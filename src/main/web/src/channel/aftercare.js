// Observations and after-care (SR-O1..O3): the entry's observation set, recorded at any time and prompted at
// its configured times; after the infusion the monitoring phase and the discharge sign-off.
//
// Each observation is a small form built from the drug library's definition of it (GET /api/drug-library,
// `programming`, the entry's `afterCare`): a whole number in its range (a list when the scale names its levels),
// text (a list when it has choices), or an object of such fields. The page checks the value first; the daemon
// checks it again and a refusal's detail is shown next to the field it names (`value`, `value.route`). The forms
// are built once per session so that what a clinician is typing survives the page's once-a-second refresh.
import { clockText, durationText } from '../common/format.js';
import { ProblemError, canAct, isoMillis, send } from '../common/console/api.js';
import { byId, el, fill, setData, setText, show } from '../common/console/dom.js';
import { openModal } from './dialogs.js';
import { alarmLabel } from '../ward/words.js';

/** A prompt time in words: "40 min after the start" or "at the end of delivery". */
export function promptWords(prompt) {
  if (prompt === 'end') return 'at the end of delivery';
  const ms = isoMillis(prompt);
  return Number.isFinite(ms) ? `${durationText(ms / 1000)} after the start` : prompt;
}

function problemOf(err) {
  return err instanceof ProblemError ? err.problem : { detail: err.message };
}

/** The range of a whole-number or text rule, in words, for hints and the page's own refusals. */
function allowedText(rule) {
  if (rule.type === 'integer') return `a whole number from ${rule.minimum} to ${rule.maximum}`;
  if (rule.choices) return `one of ${rule.choices.join(', ')}`;
  if (rule.maxLength) return `text of ${rule.minLength || 0} to ${rule.maxLength} characters`;
  return 'text';
}

/** Reads one field by its rule: {value} or {error}. Blank is allowed only for an optional object member. */
function readRule(rule, raw, required) {
  const text = String(raw ?? '').trim();
  if (!text) return required ? { error: `required: ${allowedText(rule)}` } : { value: undefined };
  if (rule.type === 'integer') {
    const n = Number(text);
    if (!/^-?\d+$/.test(text) || n < rule.minimum || n > rule.maximum) {
      return { error: `must be ${allowedText(rule)}; got ${text}` };
    }
    return { value: n };
  }
  if (rule.choices && !rule.choices.includes(text)) return { error: `must be ${allowedText(rule)}; got ${text}` };
  if (text.length < (rule.minLength || 0) || (rule.maxLength && text.length > rule.maxLength)) {
    return { error: `must be ${allowedText(rule)}; got ${text.length} characters` };
  }
  return { value: text };
}

/** An input for one rule: a list for named levels or choices, a number field for a range, else text. */
function control(id, rule, describedBy) {
  const common = { id, 'aria-describedby': describedBy };
  if (rule.type === 'integer' && rule.levels && rule.levels.length) {
    return el('select', common, el('option', { value: '', text: 'Choose…' }),
      rule.levels.map((l) => el('option', { value: String(l.value), text: l.label })));
  }
  if (rule.type === 'integer') {
    return el('input', { ...common, type: 'number', inputmode: 'numeric', step: 1, min: rule.minimum,
      max: rule.maximum, class: 'obs__number' });
  }
  if (rule.choices) {
    return el('select', common, el('option', { value: '', text: 'Choose…' }),
      rule.choices.map((c) => el('option', { value: c, text: c })));
  }
  if (rule.maxLength && rule.maxLength > 200) return el('textarea', { ...common, rows: 2, maxlength: rule.maxLength });
  return el('input', { ...common, type: 'text', autocomplete: 'off', maxlength: rule.maxLength || undefined });
}

/** One labelled field with its hint and its error slot; `path` is the problem's field name (value, value.route). */
function field(prefix, path, title, rule, required) {
  const id = `${prefix}-${path.replace(/\./g, '-')}`;
  const hint = el('span', { class: 'field-note', id: `${id}-hint`, text: `${rule.description ? `${rule.description}; ` : ''}`
    + `${allowedText(rule)}${rule.format && rule.format !== rule.description ? ` (${rule.format})` : ''}` });
  const error = el('span', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
  const input = control(id, rule, `${id}-hint ${id}-error`);
  return { path, rule, required, input, error,
    node: el('div', { class: 'obs__field' }, el('label', { for: id, text: title }), input, hint, error) };
}

class ObservationForm {
  constructor(owner, definition) {
    this.owner = owner;
    this.definition = definition;
    const prefix = `obs-${definition.id}`;
    this.fields = definition.type === 'object'
      ? definition.fields.map((f) => field(prefix, `value.${f.name}`, f.title, f, f.required))
      : [field(prefix, 'value', definition.title, definition, true)];
    this.answers = el('select', { id: `${prefix}-prompt` });
    this.answersWrap = el('div', { class: 'obs__field', hidden: true },
      el('label', { for: `${prefix}-prompt`, text: 'Answers the prompt' }), this.answers);
    this.problem = el('p', { class: 'field-error', id: `${prefix}-problem`, role: 'alert', hidden: true });
    this.done = el('p', { class: 'field-note', id: `${prefix}-done`, role: 'status' });
    this.button = el('button', { type: 'submit', id: `${prefix}-record`, text: `Record ${definition.title}` });
    const heading = definition.type === 'object'
      ? el('legend', { text: definition.title }) : null;
    const body = [...this.fields.map((f) => f.node), this.answersWrap, this.problem,
      el('div', { class: 'obs__actions' }, this.button, this.done)];
    this.node = el('form', { class: 'obs', 'data-observation': definition.id, novalidate: true },
      heading ? el('fieldset', {}, heading, el('p', { class: 'field-note', text: definition.description }), body) : body);
    this.node.addEventListener('submit', (e) => {
      e.preventDefault();
      this.record();
    });
  }

  /** The prompts now due, offered as what this observation answers (the first preselected). */
  setDue(due) {
    const signature = due.join(',');
    if (signature === this.dueSignature) return;
    this.dueSignature = signature;
    fill(this.answers, due.map((p) => el('option', { value: p, text: `Due ${promptWords(p)}` })),
      el('option', { value: '', text: 'No prompt (recorded at another time)' }));
    show(this.answersWrap, due.length > 0);
  }

  clearErrors() {
    for (const f of this.fields) {
      f.error.hidden = true;
      f.input.removeAttribute('aria-invalid');
    }
    this.problem.hidden = true;
  }

  fail(f, message) {
    f.error.textContent = message;
    f.error.hidden = false;
    f.input.setAttribute('aria-invalid', 'true');
    f.input.focus();
  }

  async record() {
    this.clearErrors();
    let value = this.definition.type === 'object' ? {} : undefined;
    for (const f of this.fields) {
      const read = readRule(f.rule, f.input.value, f.required);
      if (read.error) {
        this.fail(f, `${f.path === 'value' ? this.definition.title : `${this.definition.title} ${f.rule.title}`} ${read.error}`);
        return;
      }
      if (f.path === 'value') value = read.value;
      else if (read.value !== undefined) value[f.path.slice('value.'.length)] = read.value;
    }
    const body = { observation: this.definition.id, value };
    if (!this.answersWrap.hidden && this.answers.value) body.prompt = this.answers.value;
    this.button.disabled = true;
    try {
      const view = await send('POST', `/api/channels/${encodeURIComponent(this.owner.channel)}/observations`, body);
      const shown = typeof value === 'object' ? Object.values(value).join(' ') : String(value);
      setText(this.done, `Recorded ${shown}${body.prompt ? ` (answers the prompt ${promptWords(body.prompt)})` : ''} `
        + `at ${clockText(new Date(view.asOf))}.`);
      for (const f of this.fields) f.input.value = '';
      this.owner.say(`${this.definition.title} recorded.`);
      this.owner.onChannel(view);
    } catch (err) {
      const p = problemOf(err);
      const f = this.fields.find((x) => x.path === p.field) || (p.field === 'value' ? this.fields[0] : null);
      if (f) this.fail(f, p.detail || p.title);
      else {
        this.problem.textContent = p.detail || p.title || err.message;
        this.problem.hidden = false;
      }
    } finally {
      this.button.disabled = false;
    }
  }
}

export class AfterCare {
  constructor(channel, onChannel, say) {
    this.channel = channel;
    this.onChannel = onChannel;
    this.say = say;
    this.section = byId('aftercare-section');
    this.observations = byId('observations-section');
    this.promptLine = byId('observation-prompt');
    this.formsBox = byId('observations');
    this.box = byId('aftercare');
    this.formsKey = '';
    this.forms = [];
    this.buildAfterCare();
  }

  buildAfterCare() {
    this.facts = el('dl', { class: 'loaded__facts', id: 'aftercare-facts' });
    this.escort = el('input', { type: 'checkbox', id: 'escort-confirmed', 'aria-describedby': 'escort-confirmed-error' });
    this.escortError = el('span', { class: 'field-error', id: 'escort-confirmed-error', role: 'alert', hidden: true });
    this.dischargeButton = el('button', { type: 'button', id: 'discharge', class: 'primary',
      text: 'Discharge and close the session…', onclick: () => this.confirmDischarge() });
    this.dischargeHint = el('p', { class: 'hint', id: 'discharge-hint' });
    this.signOff = el('div', { class: 'discharge', id: 'discharge-sign-off', hidden: true },
      el('h3', { text: 'Discharge sign-off' }),
      el('div', { class: 'check-line' }, this.escort,
        el('label', { for: 'escort-confirmed', text: 'An escort is here to take the patient home' })),
      this.escortError, this.dischargeHint, this.dischargeButton);
    fill(this.box, this.facts, this.signOff);
  }

  /** True while the session may close only with a discharge sign-off (or an override with a reason). */
  owesDischarge(view) {
    return Boolean(view && view.program && view.afterCare && view.afterCare.monitoringSince);
  }

  update(view, entry) {
    const care = view.program ? view.afterCare : null;
    const definitions = entry && entry.afterCare ? entry.afterCare.observations : [];
    const hasObservations = Boolean(care && care.observations.length);
    show(this.observations, hasObservations);
    if (hasObservations) this.renderObservations(view, care, definitions);
    else this.formsKey = '';
    const monitors = Boolean(care && isoMillis(care.monitoringAfter) > 0);
    show(this.section, monitors);
    if (monitors) this.renderMonitoring(view, care);
  }

  renderObservations(view, care, definitions) {
    const key = `${view.program.sessionId}|${care.observations.join(',')}|${canAct()}`;
    if (key !== this.formsKey) {
      this.formsKey = key;
      this.forms = canAct()
        ? care.observations.map((id) => definitions.find((d) => d.id === id)).filter(Boolean)
          .map((d) => new ObservationForm(this, d))
        : [];
      fill(this.formsBox, el('p', { class: 'hint', id: 'observations-count' }),
        el('ol', { class: 'prompts', id: 'prompts', 'aria-label': 'Prompts for observations' }),
        this.forms.map((f) => f.node),
        canAct() ? null : el('p', { class: 'hint', text: 'Only a clinician records observations.' }));
    }
    const due = care.prompts.filter((p) => p.status === 'due');
    setData(this.observations, 'due', due.length > 0);
    setText(this.promptLine, due.length
      ? `Observations due: ${due.map((p) => `${promptWords(p.prompt)}${p.dueAt ? ` (since ${clockText(new Date(p.dueAt))})` : ''}`)
        .join('; ')}. ${canAct() ? 'Record them below.' : 'A clinician records them.'}` : '');
    show(this.promptLine, due.length > 0);
    const list = byId('prompts');
    const signature = JSON.stringify(care.prompts);
    if (list.dataset.signature !== signature) {
      list.dataset.signature = signature;
      fill(list, care.prompts.map((p) => el('li', { class: 'prompt-item', 'data-status': p.status, 'data-prompt': p.prompt },
        el('strong', { text: `${p.status === 'due' ? 'Due' : p.status === 'answered' ? 'Answered' : 'Later'}: ` }),
        `${promptWords(p.prompt)}${p.dueAt ? ` · ${clockText(new Date(p.dueAt))}` : ''}`)));
    }
    setText(byId('observations-count'), `${care.recorded} observation${care.recorded === 1 ? '' : 's'} recorded in this `
      + 'session (each is in the timeline). Record any of them at any time.');
    for (const f of this.forms) f.setDue(due.map((p) => p.prompt));
  }

  renderMonitoring(view, care) {
    const now = Date.parse(view.asOf);
    const period = durationText(isoMillis(care.monitoringAfter) / 1000);
    const since = care.monitoringSince ? new Date(care.monitoringSince) : null;
    const from = care.dischargeFrom ? new Date(care.dischargeFrom) : null;
    const phase = !since ? 'before' : now < from.getTime() ? 'monitoring' : 'dischargeable';
    setData(this.section, 'phase', phase);
    const rows = [['Monitoring after the infusion', period]];
    if (!since) rows.push(['Monitoring begins', 'when delivery ends; vitals stay supervised until the discharge sign-off']);
    else {
      rows.push(['Monitoring since', clockText(since)]);
      rows.push(['Discharge possible from', `${clockText(from)}${phase === 'monitoring'
        ? ` (in ${durationText(Math.ceil((from.getTime() - now) / 1000))})` : ' (now)'}`]);
    }
    const signature = JSON.stringify(rows);
    if (this.facts.dataset.signature !== signature) {
      this.facts.dataset.signature = signature;
      fill(this.facts, rows.map(([k, v], i) => el('div', { 'data-fact': ['period', 'since', 'from'][i] },
        el('dt', { text: k }), el('dd', { text: v }))));
    }
    show(this.signOff, Boolean(since) && canAct());
    this.dischargeButton.disabled = phase !== 'dischargeable';
    // The daemon refuses a discharge while an alarm is not acknowledged: say so before the clinician tries.
    this.unacknowledged = (view.activeAlarms || []).filter((a) => a.latched && !a.acknowledgedBy).map((a) => alarmLabel(a.type));
    setData(this.dischargeHint, 'blocked', this.unacknowledged.length > 0);
    setText(this.dischargeHint, phase === 'monitoring'
      ? `The patient is watched until ${clockText(from)}; to close earlier (a transfer), use End session with a reason.`
      : this.unacknowledged.length ? this.alarmsFirst()
        : 'Confirm the escort, then sign the discharge off; it closes the session with your name.');
  }

  alarmsFirst() {
    const n = this.unacknowledged.length;
    return `No discharge while ${n === 1 ? 'an alarm is' : `${n} alarms are`} not acknowledged `
      + `(${this.unacknowledged.join(', ')}): acknowledge ${n === 1 ? 'it' : 'them'} under Alarms at the top of the page, `
      + 'then sign off.';
  }

  confirmDischarge() {
    this.escortError.hidden = true;
    this.escort.removeAttribute('aria-invalid');
    if (!this.escort.checked) {
      this.escortError.textContent = 'Confirm that an escort is here before the discharge.';
      this.escortError.hidden = false;
      this.escort.setAttribute('aria-invalid', 'true');
      this.escort.focus();
      return;
    }
    const dialog = byId('discharge-dialog');
    const heading = el('h2', { id: 'discharge-title', tabindex: '-1', text: 'Discharge this patient and close the session?' });
    const problem = el('p', { class: 'dialog__problem', id: 'discharge-problem', role: 'alert', hidden: true });
    const go = el('button', { type: 'submit', id: 'discharge-confirm', class: 'primary', text: 'Sign off the discharge' });
    const cancel = el('button', { type: 'button', id: 'discharge-cancel', text: 'Cancel', onclick: () => dialog.close() });
    const form = el('form', { novalidate: true }, heading,
      el('p', { text: 'The monitoring ends and the session goes into the patient\'s history, signed off by you with '
        + 'the escort confirmed. The channel returns to idle.' }),
      problem, el('div', { class: 'dialog__buttons' }, cancel, go));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      go.disabled = true;
      try {
        const view = await send('POST', `/api/channels/${encodeURIComponent(this.channel)}/discharge`, { escortConfirmed: true });
        dialog.close();
        this.escort.checked = false;
        this.say('Discharged: the session is closed.');
        this.onChannel(view);
      } catch (err) {
        const p = problemOf(err);
        const why = p.detail || p.title || err.message;
        problem.textContent = /acknowledge the alarms/.test(why) && this.unacknowledged && this.unacknowledged.length
          ? `Not discharged. ${this.alarmsFirst()}` : `Not discharged: ${why}`;
        problem.hidden = false;
      } finally {
        go.disabled = false;
      }
    });
    fill(dialog, form);
    openModal(dialog, heading);
  }
}
