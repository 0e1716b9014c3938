// /console: every channel of this device at a glance (state, drug, rate, volume, alarms), each a link to its
// channel page. Reads GET /api/channels every 2 s as background reads; shows at once when it is not live.
import { numberText } from '../common/format.js';
import { canAct, loadSession, read, session } from '../common/console/api.js';
import { byId, el, fill, setData, setText, show } from '../common/console/dom.js';
import { TopBar } from '../common/console/header.js';
import { Liveness } from '../common/console/live.js';
import { alarmLabel, channelStateLabel, inAfterCare } from '../ward/words.js';

const POLL_MS = 2000;
const PRIORITY_ORDER = { HIGH: 0, MEDIUM: 1, LOW: 2 };

const top = new TopBar();
const live = new Liveness(POLL_MS * 2 + 1000, (s) => top.liveness(s));
let drugNames = new Map();

function topAlarm(alarms) {
  return [...alarms].sort((a, b) => (PRIORITY_ORDER[a.priority] ?? 3) - (PRIORITY_ORDER[b.priority] ?? 3))[0];
}

function card(ch) {
  const p = ch.program;
  const alarm = topAlarm(ch.activeAlarms || []);
  const a = el('a', { class: 'channel-card', href: `/console/channels/${encodeURIComponent(ch.name)}`,
    'data-channel': ch.name, 'data-state': ch.infusionState, 'data-alarm': alarm ? alarm.priority : 'NONE' },
  el('div', { class: 'channel-card__head' },
    el('span', { class: 'channel-card__name', text: `Channel ${ch.name}` }),
    el('span', { class: 'state', 'data-state': ch.infusionState, 'data-phase': inAfterCare(ch) ? 'monitoring' : '',
      text: channelStateLabel(ch) })));
  if (!ch.enabled) a.append(el('p', { text: `Disabled: ${ch.statusReason}` }));
  else if (ch.linkState !== 'CONNECTED') a.append(el('p', { text: `Pump link: ${ch.linkState.toLowerCase()}` }));
  if (p) {
    const bed = p.prescription && p.prescription.bed ? ` · ${p.prescription.bed}` : '';
    a.append(el('p', { text: `${drugNames.get(p.drugId) || p.drugId} · patient ${p.patientId}${bed}` }));
    a.append(el('p', { class: 'channel-card__rate live-value', text: `${numberText(ch.pumpRateMlPerH, 1)} mL/h` }));
    a.append(el('p', { class: 'live-value',
      text: `${numberText(ch.deliveredMl, 2)} of ${numberText(p.totalVolumeMl, 2)} mL delivered` }));
    a.append(el('progress', { max: String(Number(p.totalVolumeMl) || 1), value: String(Number(ch.deliveredMl) || 0),
      'aria-label': `Channel ${ch.name} volume delivered` }));
  } else {
    a.append(el('p', { class: 'hint', text: 'No program loaded.' }));
  }
  if (alarm) {
    const more = ch.activeAlarms.length > 1 ? ` (+${ch.activeAlarms.length - 1} more)` : '';
    a.append(el('p', { class: 'channel-card__alarm' },
      el('span', { class: 'priority', 'data-priority': alarm.priority, text: alarm.priority }),
      el('span', { text: `${alarmLabel(alarm.type)}${more}` })));
  }
  a.append(el('p', { class: 'channel-card__open', text: canAct() ? 'Open channel to program, start, pause…'
    : 'Open channel (view only)' }));
  return el('li', {}, a);
}

async function poll() {
  try {
    const channels = await read('/api/channels');
    live.ok();
    fill(byId('channels'), channels.map(card));
    show(byId('load-problem'), false);
  } catch (e) {
    live.failed(e.message);
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

async function start() {
  await loadSession();
  top.signedIn();
  if (!canAct()) {
    setText(byId('role-hint'), `Signed in as ${session.user} with the role ${session.roles.join(', ') || 'none'}: `
      + 'you can follow the channels; only a clinician can program, start, pause or stop.');
    show(byId('role-hint'), true);
  }
  try {
    const library = await read('/api/drug-library');
    for (const area of library.programming.careAreas) {
      for (const e of area.entries) drugNames.set(e.id, e.displayName);
    }
  } catch (e) {
    drugNames = new Map();
  }
  setData(document.body, 'ready', true);
  poll();
}

start().catch((e) => {
  setText(byId('load-problem'), `The console could not start: ${e.message}`);
  show(byId('load-problem'), true);
});
