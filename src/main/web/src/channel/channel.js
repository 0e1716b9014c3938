// /console/channels/{name}: one channel. The command bar (state, rate, volume; pause and stop always visible,
// one click), alarms, programming with the daemon's check, the loaded program, the live chart, observations,
// after-care and the timeline. The channel's changes come from the daemon's event stream as they happen (read
// every second only while the stream is down, feed.js), the journal every two seconds and at once when the stream
// announces a record; a failed stream, a silent one or a failed read turns the page "not live" at once (SR-U5). A viewer gets no controls
// (SR-U2); the daemon refuses their requests anyway.
import { clockText, numberText } from '../common/format.js';
import { ProblemError, canAct, loadSession, read, send, session } from '../common/console/api.js';
import { byId, el, fill, setData, setText, show } from '../common/console/dom.js';
import { TopBar } from '../common/console/header.js';
import { Liveness } from '../common/console/live.js';
import { channelStateLabel, inAfterCare, stateLabel } from '../ward/words.js';
import { AlarmPanel } from './alarms.js';
import { SessionChart } from './chart.js';
import { courseView, planTable } from './check-view.js';
import { confirmDialog, programFacts } from './confirm.js';
import { reasonDialog, secondClinicianDialog } from './dialogs.js';
import { SessionJournal } from './journal.js';
import { AfterCare } from './aftercare.js';
import { ProgramPanel } from './program.js';
import { dosingText, limitWords, minutesText, quantityWords } from './prescription.js';
import { Timeline } from './timeline.js';
import { ChannelFeed } from './feed.js';

const CHANNEL_MS = 1000;
const JOURNAL_MS = 2000;

const name = decodeURIComponent(window.location.pathname.split('/').filter(Boolean).pop() || '');
const top = new TopBar();
const live = new Liveness(CHANNEL_MS * 3, (s) => top.liveness(s));
const journal = new SessionJournal(name);
const timeline = new Timeline();
const chart = new SessionChart(byId('chart'), byId('vitals-chart'), byId('chart-empty'), byId('chart-legend'));
const entries = new Map();
let library = null;
let view = null;
let program = null;
let alarms = null;
let aftercare = null;
let busy = false;

/**
 * The channel state the line under the buttons speaks of: PENDING until the page next shows the channel (a
 * command's answer, or the view the action's callback hands over), then that state; cleared when the state moves on.
 */
const PENDING = Symbol('pending');
let saidOf = null;

/** Says what the daemon answered to the last action, for as long as the channel stays in the state it answered. */
function say(text, problem = false) {
  const m = byId('command-message');
  setData(m, 'problem', problem);
  m.setAttribute('role', problem ? 'alert' : 'status');
  setText(m, text);
  saidOf = PENDING;
}

/** An action's answer does not outlive the state it describes ("Resumed: RUNNING" under COMPLETED). */
function expireMessage(v) {
  if (saidOf === PENDING) saidOf = v.infusionState;
  if (saidOf === null || v.infusionState === saidOf) return;
  saidOf = null;
  const m = byId('command-message');
  setData(m, 'problem', false);
  m.setAttribute('role', 'status');
  setText(m, '');
}

function entryOf(v) {
  return v && v.program ? entries.get(v.program.drugId) || null : null;
}

// ------------------------------------------------------------------ commands

async function command(action, label) {
  if (busy) return;
  busy = true;
  say(`${label}…`);
  try {
    const answer = await send('POST', `/api/channels/${encodeURIComponent(name)}/${action}`);
    accept(answer);
    say(`${label}: the channel is ${stateLabel(answer.infusionState)}.`);
  } catch (err) {
    say(`${label} not done: ${err instanceof ProblemError ? err.problem.detail || err.message : err.message}`, true);
  } finally {
    busy = false;
    render();
  }
}

byId('pause').addEventListener('click', () => command('pause', 'Pause'));
byId('stop').addEventListener('click', () => command('stop', 'Stop'));
byId('start').addEventListener('click', () => confirmDialog(byId('start-dialog'), name, 'start', view, entryOf(view), (v) => {
  accept(v);
  say(`Started: the channel is ${stateLabel(v.infusionState)}.`);
}));
byId('resume').addEventListener('click', () => confirmDialog(byId('start-dialog'), name, 'resume', view, entryOf(view), (v) => {
  accept(v);
  say(`Resumed: the channel is ${stateLabel(v.infusionState)}.`);
}));
byId('confirm-second').addEventListener('click', () => secondClinicianDialog(byId('second-dialog'), name,
  view.program.programmedBy, programFacts(view, entryOf(view), 'second'), (v) => {
    accept(v);
    say(`Confirmed by a second clinician: the channel is ${stateLabel(v.infusionState)}.`);
  }));
byId('end').addEventListener('click', () => {
  const owed = aftercare.owesDischarge(view);
  const needsReason = owed || view.infusionState === 'TRIPPED' || view.infusionState === 'FAULT';
  reasonDialog(byId('reason-dialog'), {
    title: owed ? 'Close without the discharge sign-off?' : 'End this session?',
    text: owed
      ? 'The patient is still in after-care monitoring. Closing now overrides the discharge sign-off (e.g. a transfer '
        + 'to the ward); vitals are no longer supervised here. The session goes into the patient\'s history.'
      : view.infusionState === 'PROGRAMMED' || view.infusionState === 'AWAITING_CONFIRMATION'
        ? 'The loaded program is discarded; nothing was given. The channel returns to idle.'
        : 'The session is closed and goes into the patient\'s history. The channel returns to idle.',
    label: owed ? 'Reason for closing without the sign-off (required; journaled)'
      : needsReason ? 'Reason (required after an alarm stop; journaled)' : 'Reason (optional; journaled)',
    required: needsReason,
    button: 'End session',
    path: `/api/channels/${encodeURIComponent(name)}/end`,
    body: (reason) => ({ reason }),
    onDone: (v) => {
      accept(v);
      say('Session ended.');
    },
  });
});

// ------------------------------------------------------------------ rendering

function renderCommand(v) {
  const state = byId('state');
  setData(state, 'state', v.infusionState);
  // After delivery a session with after-care is still open: the patient is being watched, not done with.
  setData(state, 'phase', inAfterCare(v) ? 'monitoring' : '');
  setText(state, channelStateLabel(v));
  const p = v.program;
  setText(byId('fact-rate'), `${numberText(Number(v.pumpRateMlPerH), 2)} mL/h`);
  setText(byId('fact-volume'), p ? `${numberText(Number(v.deliveredMl), 2)} of ${numberText(Number(p.totalVolumeMl), 2)} mL`
    : `${numberText(Number(v.deliveredMl), 2)} mL`);
  setText(byId('fact-remaining'), v.progress && p
    ? `${numberText(Number(v.progress.remainingMl), 2)} mL · ${minutesText(Math.ceil(v.progress.remainingSeconds / 60))}`
    + `${p.expectedEnd && v.infusionState === 'RUNNING' ? ` · ends ${clockText(new Date(p.expectedEnd))}` : ''}` : '–');
  const e = entryOf(v);
  setText(byId('fact-drug'), p ? `${e ? e.displayName : p.drugId} at ${quantityWords(p.concentration)}` : 'No program loaded');
  setText(byId('fact-patient'), p ? `Patient ${p.patientId}${p.prescription && p.prescription.bed ? ` · ${p.prescription.bed}` : ''}` : '');
  show(document.querySelector('.command__sep'), Boolean(p));

  const act = canAct();
  show(byId('actions'), act);
  const s = v.infusionState;
  byId('pause').disabled = s !== 'RUNNING';
  show(byId('start'), s === 'PROGRAMMED');
  show(byId('resume'), s === 'PAUSED');
  show(byId('confirm-second'), s === 'AWAITING_CONFIRMATION');
  // During after-care monitoring End session stays: it is the clinician's override of the sign-off, with a reason.
  show(byId('end'), ['PROGRAMMED', 'AWAITING_CONFIRMATION', 'COMPLETED', 'STOPPED', 'TRIPPED', 'FAULT'].includes(s));
}

function loadedView(v) {
  const p = v.program;
  const e = entryOf(v);
  const rx = p.prescription || {};
  const rows = [
    ['Drug', `${e ? e.displayName : p.drugId}${p.highAlert ? ' (high-alert)' : ''}`],
    ['Concentration', quantityWords(p.concentration)],
    ['Dose', `${dosingText(rx)} = ${quantityWords(p.totalDose)}`],
    ['Weight', rx.weight ? `${numberText(Number(rx.weight.value), 3)} ${rx.weight.unit}` : '–'],
    ['Patient', `${p.patientId}${rx.bed ? ` · ${rx.bed}` : ''}`],
    ['Prescriber', p.prescriber],
    ['Programmed', `by ${p.programmedBy} at ${clockText(new Date(p.programmedAt))}`],
  ];
  if (p.highAlert) rows.push(['Second clinician', p.confirmedBy ? `confirmed by ${p.confirmedBy}` : 'not yet confirmed']);
  if (p.startedAt) rows.push(['Started', clockText(new Date(p.startedAt))]);
  if (p.expectedEnd) rows.push(['Expected end', clockText(new Date(p.expectedEnd))]);
  for (const o of p.overrides) rows.push([`Reason for ${limitWords(o.limit)}`, o.reason]);
  return el('div', { class: 'loaded', id: 'loaded-program', 'data-state': v.infusionState },
    el('dl', { class: 'loaded__facts' }, rows.map(([k, val]) => el('div', {}, el('dt', { text: k }), el('dd', { text: val })))),
    planTable(p.steps.map((s, i) => ({ ...s, current: i === v.currentStep })), { ...p, expectedDurationMin: null }, 'Plan as loaded'));
}

let loadedSignature = '';

function renderProgram(v) {
  const loaded = byId('loaded');
  const area = byId('program-area');
  if (v.program) {
    const signature = JSON.stringify([v.program, v.infusionState, v.currentStep]);
    if (signature !== loadedSignature) {
      loadedSignature = signature;
      fill(loaded, loadedView(v));
    }
    show(loaded, true);
    show(area, false);
    show(byId('course-section'), false);
    return;
  }
  loadedSignature = '';
  show(loaded, false);
  if (!program) show(byId('course-section'), false);
  const idle = v.infusionState === 'IDLE' && v.enabled;
  show(area, idle && canAct());
  if (idle && canAct() && !program) {
    program = new ProgramPanel(area, name, library, onCheck, (channelView) => {
      accept(channelView);
      say('Program loaded. Check it, then start it with the Start button.');
      byId('start').focus();
    });
  }
  if (!canAct()) {
    show(area, true);
    fill(area, el('p', { class: 'hint', text: 'No program loaded. Only a clinician can program this channel.' }));
  }
}

// The patient's earlier sessions, read once per patient (not on every check): they change only when a session
// ends, and then the cache is dropped (accept).
const patientSessions = new Map();

async function sessionsOf(patientId) {
  if (!patientSessions.has(patientId)) {
    patientSessions.set(patientId, read(`/api/patients/${encodeURIComponent(patientId)}/sessions`)
      .then((answer) => answer.sessions, () => {
        patientSessions.delete(patientId);
        return null;
      }));
  }
  return patientSessions.get(patientId);
}

async function onCheck(check) {
  const section = byId('course-section');
  if (!check || !check.course || (view && view.program)) {
    show(section, false);
    return;
  }
  const sessions = await sessionsOf(check.course.patientId);
  fill(byId('course'), courseView(check.course, sessions));
  show(section, true);
}

function render() {
  if (!view) return;
  expireMessage(view);
  renderCommand(view);
  alarms.update(view);
  renderProgram(view);
  aftercare.update(view, entryOf(view), journal);
  chart.setLimits(entryOf(view) ? entryOf(view).vitals : null);
  chart.update(journal, view);
  timeline.render(journal);
}

/** A channel view from any answer (poll or command): newest wins. */
function accept(v) {
  if (!v || (view && Date.parse(v.asOf) < Date.parse(view.asOf))) return;
  const wasProgrammed = view && view.program;
  if (view && view.infusionState !== v.infusionState) patientSessions.clear();
  view = v;
  if (!v.program && wasProgrammed) program = null;
  setText(byId('title'), `Channel ${v.name}${v.program && v.program.prescription && v.program.prescription.bed
    ? ` · ${v.program.prescription.bed}` : ''}`);
  render();
}

// ------------------------------------------------------------------ reading

// The stream sends a status on every supervision cycle while a pump runs (several a second, more at a demo's time
// factor). A change a clinician must see at once (state, alarms, program, after-care) is drawn at once; the
// running figures at most every LIVE_DRAW_MS, so the page (chart and timeline included) does not take the CPU
// the daemon needs on a small box.
const LIVE_DRAW_MS = 250;
let liveDrawn = 0;
let liveTimer = null;
let livePending = null;

function urgent(v) {
  return !view || v.infusionState !== view.infusionState || Boolean(v.program) !== Boolean(view.program)
    || JSON.stringify(v.activeAlarms) !== JSON.stringify(view.activeAlarms)
    || JSON.stringify(v.afterCare) !== JSON.stringify(view.afterCare);
}

function acceptLive(v) {
  const wait = LIVE_DRAW_MS - (Date.now() - liveDrawn);
  if (wait <= 0 || urgent(v)) {
    clearTimeout(liveTimer);
    liveTimer = null;
    livePending = null;
    liveDrawn = Date.now();
    accept(v);
    return;
  }
  livePending = v;
  if (!liveTimer) {
    liveTimer = setTimeout(() => {
      liveTimer = null;
      const next = livePending;
      livePending = null;
      liveDrawn = Date.now();
      if (next) accept(next);
    }, wait);
  }
}

const feed = new ChannelFeed(name, {
  live,
  onStatus: acceptLive,
  onRecord: () => journalSoon(),
  onMissing: () => setText(byId('command-message'), `There is no channel "${name}" on this device.`),
});

let journalTimer = null;
let journalReading = false;
let journalAgain = false;

/** Reads what is new in the journal: every two seconds, and at once when the stream announces a record. */
async function pollJournal() {
  clearTimeout(journalTimer);
  if (journalReading) {
    journalAgain = true;
    return;
  }
  journalReading = true;
  try {
    if (await journal.poll()) render();
  } catch (err) {
    live.failed(err.message);
  } finally {
    journalReading = false;
  }
  if (journalAgain) {
    journalAgain = false;
    pollJournal();
    return;
  }
  journalTimer = setTimeout(pollJournal, JOURNAL_MS);
}

function journalSoon() {
  if (document.body.dataset.ready === 'true') pollJournal();
}

async function start() {
  await loadSession();
  top.signedIn();
  library = (await read('/api/drug-library')).programming;
  for (const area of library.careAreas) for (const e of area.entries) entries.set(e.id, e);
  alarms = new AlarmPanel(name, accept, say);
  aftercare = new AfterCare(name, accept, say);
  document.title = `Channel ${name} · Clinician console · dosewarden`;
  setText(byId('title'), `Channel ${name}`);
  await feed.start();
  setData(document.body, 'ready', true);
  performance.mark('dw-ready');
  pollJournal();
}

start().catch((err) => {
  say(`The console could not start: ${err.message}${session.user ? '' : ' (sign in again if this persists)'}`, true);
});
