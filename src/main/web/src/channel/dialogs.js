// The channel page's dialogs: a reason dialog (reset a trip or an emergency stop, end a session, close without
// discharge), and the second clinician's sign-off for a high-alert program (SR-I2). Pause and stop never
// open a dialog. A refusal from the daemon stays in the dialog, next to the field it names.
import { ProblemError, send } from '../common/console/api.js';
import { el, fill } from '../common/console/dom.js';

/** Opens `dialog` as a modal with its heading focused (read first; Tab reaches the fields and buttons). */
export function openModal(dialog, heading) {
  if (!dialog.open) dialog.showModal();
  heading.focus();
}

function problemOf(err) {
  return err instanceof ProblemError ? err.problem : { detail: err.message };
}

function errorFor(id) {
  return el('span', { class: 'field-error', id: `${id}-error`, hidden: true });
}

function showError(input, error, message) {
  error.textContent = message;
  error.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  input.focus();
}

/**
 * A reason dialog. `spec`: {title, text, label, required, button, danger, path, body(reason), onDone(answer)}.
 */
export function reasonDialog(dialog, spec) {
  const heading = el('h2', { id: 'reason-title', tabindex: '-1', text: spec.title });
  const reason = el('textarea', { id: 'reason-text', rows: 3, maxlength: 500, required: spec.required,
    'aria-describedby': 'reason-text-error' });
  const error = errorFor('reason-text');
  const problem = el('p', { class: 'dialog__problem', id: 'reason-problem', role: 'alert', hidden: true });
  const go = el('button', { type: 'submit', id: 'reason-confirm', class: spec.danger ? 'danger' : 'primary', text: spec.button });
  const cancel = el('button', { type: 'button', id: 'reason-cancel', text: 'Cancel' });
  const form = el('form', { novalidate: true },
    heading, el('p', { text: spec.text }),
    el('label', { for: 'reason-text', text: spec.label }), reason, error, problem,
    el('div', { class: 'dialog__buttons' }, cancel, go));
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = reason.value.trim();
    if (spec.required && !text) {
      showError(reason, error, 'A reason is required; it is journaled with your name.');
      return;
    }
    go.disabled = true;
    try {
      const answer = await send('POST', spec.path, spec.body(text));
      dialog.close();
      spec.onDone(answer);
    } catch (err) {
      const p = problemOf(err);
      if (p.field && /reason/.test(p.field)) showError(reason, error, p.detail);
      else {
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

/**
 * The second clinician's confirmation of a high-alert program, on the same screen: their user name and password
 * go with POST .../confirm; the daemon checks them (slowed down like a sign-in), opens no session, and refuses the
 * clinician who programmed it. `summary` is an element describing the program.
 */
export function secondClinicianDialog(dialog, channel, programmedBy, summary, onDone) {
  const heading = el('h2', { id: 'second-title', tabindex: '-1', text: 'Second clinician: confirm this high-alert program' });
  const user = el('input', { id: 'second-user', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'second-user-error' });
  const password = el('input', { id: 'second-password', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'second-password-error' });
  const userError = errorFor('second-user');
  const passwordError = errorFor('second-password');
  const problem = el('p', { class: 'dialog__problem', id: 'second-problem', role: 'alert', hidden: true });
  const go = el('button', { type: 'submit', id: 'second-confirm', class: 'primary', text: 'Confirm the program' });
  const cancel = el('button', { type: 'button', id: 'second-cancel', text: 'Cancel' });
  const form = el('form', { novalidate: true, autocomplete: 'off' },
    heading,
    el('p', { text: `Programmed by ${programmedBy}. A different clinician checks the program below against the `
      + 'prescription and signs here with their own user name and password (checked like a sign-in; it does '
      + 'not sign them in on this screen).' }),
    summary,
    el('label', { for: 'second-user', text: 'Second clinician\'s user name' }), user, userError,
    el('label', { for: 'second-password', text: 'Their password' }), password, passwordError,
    problem,
    el('div', { class: 'dialog__buttons' }, cancel, go));
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const [i, er] of [[user, userError], [password, passwordError]]) {
      er.hidden = true;
      i.removeAttribute('aria-invalid');
    }
    problem.hidden = true;
    if (!user.value.trim()) {
      showError(user, userError, 'Enter the second clinician\'s user name.');
      return;
    }
    if (!password.value) {
      showError(password, passwordError, 'Enter their password.');
      return;
    }
    go.disabled = true;
    try {
      const answer = await send('POST', `/api/channels/${encodeURIComponent(channel)}/confirm`,
        { secondClinician: { username: user.value.trim(), password: password.value } });
      dialog.close();
      onDone(answer);
    } catch (err) {
      const p = problemOf(err);
      password.value = '';
      if (err instanceof ProblemError && err.status === 403) showError(user, userError, p.detail);
      else if (p.field === 'password' || p.field === 'secondClinician.password') showError(password, passwordError, p.detail);
      else if (p.field === 'username' || p.field === 'secondClinician.username') showError(user, userError, p.detail);
      else {
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
