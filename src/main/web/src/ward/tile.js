// One channel's tile: built once, then updated in place (only text that changed is written), so 500 tiles
// at 1 Hz stay cheap. Every value comes from the bus, so it is only ever set as text, never as markup.
import { ageText, clockText, durationText, numberText, quantityText } from '../common/format.js';
import { alarmLabel, stateLabel } from './words.js';

let serial = 0;

function el(tag, cls, parent) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (parent) parent.appendChild(e);
  return e;
}

function setText(e, text) {
  if (e.textContent !== text) e.textContent = text;
}

function show(e, visible) {
  if (e.hidden === visible) e.hidden = !visible;
}

function setData(e, name, value) {
  if (e.dataset[name] !== value) e.dataset[name] = value;
}

const SIGN_WORDS = { sbp: 'SBP', dbp: 'DBP', hr: 'HR', spo2: 'SpO₂', rr: 'RR' };

export class Tile {
  /** @param onPause called with the channel when the pause button is pressed */
  constructor(channel, onPause) {
    const id = `tile-${++serial}`;
    this.channel = channel;
    this.root = el('li', 'tile');
    this.root.dataset.device = channel.device.name;
    this.root.dataset.channel = channel.name;
    const art = el('article', 'tile__body', this.root);
    art.setAttribute('aria-labelledby', `${id}-bed`);

    const head = el('header', 'tile__head', art);
    this.bed = el('h2', 'tile__bed', head);
    this.bed.id = `${id}-bed`;
    this.state = el('span', 'tile__state', head);
    this.where = el('p', 'tile__where', art);
    this.drug = el('p', 'tile__drug', art);

    this.alarm = el('div', 'tile__alarm', art);
    this.alarmPriority = el('span', 'tile__alarm-priority', this.alarm);
    this.alarmLabel = el('span', 'tile__alarm-label', this.alarm);
    this.alarmText = el('p', 'tile__alarm-text', this.alarm);
    this.alarmMore = el('p', 'tile__alarm-more', this.alarm);

    this.problem = el('p', 'tile__problem', art);
    this.offline = el('p', 'tile__offline', art);

    this.rate = el('p', 'tile__rate', art);
    this.rateValue = el('span', 'tile__rate-value', this.rate);
    el('span', 'tile__rate-unit', this.rate).textContent = ' mL/h';
    this.doseRate = el('span', 'tile__dose-rate', this.rate);

    this.progress = el('div', 'tile__progress', art);
    this.bar = el('div', 'tile__bar', this.progress);
    this.bar.setAttribute('role', 'progressbar');
    this.bar.setAttribute('aria-valuemin', '0');
    this.bar.setAttribute('aria-valuemax', '100');
    this.bar.setAttribute('aria-labelledby', `${id}-bed`);
    this.fill = el('div', 'tile__fill', this.bar);
    this.percent = el('span', 'tile__percent', this.progress);
    this.volume = el('p', 'tile__volume', art);
    this.time = el('p', 'tile__time', art);

    this.vitals = el('p', 'tile__vitals', art);
    this.vitalsValues = el('span', 'tile__vitals-values', this.vitals);
    this.vitalsAge = el('span', 'tile__vitals-age', this.vitals);

    const foot = el('footer', 'tile__foot', art);
    this.fresh = el('span', 'tile__fresh', foot);
    this.pauseButton = el('button', 'tile__pause', foot);
    this.pauseButton.type = 'button';
    this.pauseButton.textContent = 'Pause…';
    this.pauseButton.addEventListener('click', () => onPause(this.channel));
    this.pauseStatus = el('p', 'tile__pause-status', art);
    this.pauseStatus.setAttribute('role', 'status');
    this.lastVitalsKey = '';
  }

  /**
   * Writes the channel's picture at page time `now` (ms).
   * @param view {rank, freshness, pauseAllowed, live, compact}
   */
  update(now, view) {
    const c = this.channel;
    const s = c.status;
    const prio = c.alarmPriority();
    const offline = c.offline();
    const stale = view.freshness.level !== 'fresh';
    const r = this.root;
    setData(r, 'state', c.state());
    setData(r, 'alarmPriority', prio);
    setData(r, 'offline', String(offline));
    setData(r, 'unreadable', String(c.statusProblem !== null || c.alarmsProblem !== null));
    setData(r, 'nearEnd', String(!!(s && s.nearEnd)));
    if (r.classList.contains('tile--compact') !== view.compact) r.classList.toggle('tile--compact', view.compact);

    setText(this.bed, s ? s.bed : c.name);
    setText(this.where, `${c.device.name} · ${c.name}`);
    const state = c.state();
    setText(this.state, stateLabel(state));
    const stateClass = `tile__state state--${state.toLowerCase()}`;
    if (this.state.className !== stateClass) this.state.className = stateClass;

    const drug = s && s.drug ? [s.drug, quantityText(s.concentration), quantityText(s.weight, 1)].filter(Boolean).join(' · ') : '';
    setText(this.drug, drug);
    show(this.drug, drug !== '');

    this.updateAlarms(c, prio);

    const problems = [];
    if (c.statusProblem) problems.push(`Unreadable status: ${c.statusProblem}`);
    if (c.alarmsProblem) problems.push(`Unreadable alarm list: ${c.alarmsProblem}`);
    if (!s && !c.statusProblem) problems.push('No status received yet');
    setText(this.problem, problems.join('. '));
    show(this.problem, problems.length > 0);

    // The device's own word (its last will) that it is offline, or else, while this page has lost the broker,
    // only that what the tile shows is not current: the page cannot know how the device is (the banner says why).
    const notCurrent = !offline && !view.live;
    setData(r, 'current', String(view.live));
    setText(this.offline, offline ? `Device offline since ${clockText(new Date(c.device.offlineSince))}`
      : notCurrent ? 'Not current: this screen is not live' : '');
    const offlineClass = notCurrent ? 'tile__offline tile__offline--not-current' : 'tile__offline';
    if (this.offline.className !== offlineClass) this.offline.className = offlineClass;
    show(this.offline, offline || notCurrent);

    const program = !!(s && !c.statusProblem && s.drug !== null && state !== 'IDLE');
    show(this.rate, program);
    show(this.progress, program);
    show(this.volume, program);
    show(this.time, program && s.state !== 'COMPLETED');
    if (program) this.updateProgram(s);
    this.updateVitals(s && !c.statusProblem ? s.vitals : null, now);

    this.updateTime(now, view);
  }

  /**
   * What moves with time alone (once a second): freshness, rank, the age shown, the pause offer and a
   * pending request's countdown. Cheap, so that 500 tiles can age every second.
   */
  updateTime(now, view) {
    const c = this.channel;
    const stale = view.freshness.level !== 'fresh';
    const r = this.root;
    setData(r, 'stale', String(stale));
    setData(r, 'freshness', view.freshness.level);
    setData(r, 'rank', String(view.rank));
    const age = Math.floor(view.freshness.seconds);
    setText(this.fresh, !c.status ? '' : stale ? `No update for ${age} s` : `Updated ${age} s ago`);
    show(this.pauseButton, view.pauseAllowed && c.state() === 'RUNNING' && !stale && !c.offline() && view.live);
    this.updatePause(c, now);
  }

  updateAlarms(c, prio) {
    show(this.alarm, prio !== 'none');
    if (prio === 'none') return;
    const sorted = c.sortedAlarms();
    const top = sorted[0];
    const alarmClass = `tile__alarm alarm--${prio}`;
    if (this.alarm.className !== alarmClass) this.alarm.className = alarmClass;
    setText(this.alarmPriority, `${prio.toUpperCase()} PRIORITY`);
    setText(this.alarmLabel, alarmLabel(top.type));
    setText(this.alarmText, top.message);
    const more = sorted.length - 1;
    setText(this.alarmMore, more > 0 ? `+ ${more} more: ${sorted.slice(1, 4).map((a) => `${alarmLabel(a.type)} (${a.priority})`).join(', ')}` : '');
    show(this.alarmMore, more > 0);
  }

  updateProgram(s) {
    setText(this.rateValue, numberText(s.rateMlPerH, 2));
    setText(this.doseRate, s.doseRate ? quantityText(s.doseRate) : '');
    const pct = typeof s.percentComplete === 'number' ? s.percentComplete
      : s.vtbiMl ? Math.min(100, (100 * s.deliveredMl) / s.vtbiMl) : null;
    if (pct !== null) {
      const w = `${Math.max(0, Math.min(100, pct)).toFixed(1)}%`;
      if (this.fill.style.width !== w) this.fill.style.width = w;
      this.bar.setAttribute('aria-valuenow', pct.toFixed(0));
      setText(this.percent, `${Math.floor(pct)} %`);
    } else {
      setText(this.percent, '');
    }
    const of = s.vtbiMl !== null ? ` of ${numberText(s.vtbiMl)} mL` : ' mL';
    const left = s.remainingMl !== null ? ` · ${numberText(s.remainingMl, 1)} mL left` : '';
    const dose = s.deliveredDose && s.totalDose && s.deliveredDose.unit === s.totalDose.unit
      ? ` · ${numberText(s.deliveredDose.value, 1)} of ${quantityText(s.totalDose)}` : '';
    setText(this.volume, `${numberText(s.deliveredMl, 1)}${of}${left}${dose}`);
    const parts = [];
    if (s.remainingSeconds !== null) parts.push(`${durationText(s.remainingSeconds)} left`);
    if (s.expectedEndAt !== null && s.state === 'RUNNING') parts.push(`ends ${clockText(new Date(s.expectedEndAt))}`);
    if (s.step !== null) parts.push(`step ${s.step}`);
    setText(this.time, parts.join(' · '));
  }

  updateVitals(v, now) {
    show(this.vitals, !!v);
    if (!v) return;
    const key = `${v.sbp}/${v.dbp}/${v.hr}/${v.spo2}/${v.rr}/${v.breach.map((b) => b.sign + b.level).join()}`;
    if (key !== this.lastVitalsKey) {
      this.lastVitalsKey = key;
      const breach = new Map(v.breach.map((b) => [b.sign, b.level]));
      this.vitalsValues.replaceChildren();
      const add = (label, text, signs) => {
        const level = signs.map((x) => breach.get(x)).find((x) => x === 'hard') ?? signs.map((x) => breach.get(x)).find(Boolean);
        const span = el('span', level ? `vital vital--${level}` : 'vital', this.vitalsValues);
        span.textContent = level ? `${label} ${text} ${level === 'hard' ? '▲▲ HARD LIMIT' : '▲ alert'}` : `${label} ${text}`;
      };
      if (v.sbp !== null || v.dbp !== null) add('BP', `${v.sbp ?? '–'}/${v.dbp ?? '–'}`, ['sbp', 'dbp']);
      if (v.hr !== null) add(SIGN_WORDS.hr, String(v.hr), ['hr']);
      if (v.spo2 !== null) add(SIGN_WORDS.spo2, `${v.spo2} %`, ['spo2']);
      if (v.rr !== null) add(SIGN_WORDS.rr, String(v.rr), ['rr']);
    }
    setText(this.vitalsAge, v.ageSeconds !== null ? `${ageText(v.ageSeconds)} ago` : '');
  }

  updatePause(c, now) {
    const p = c.pause;
    show(this.pauseStatus, !!p);
    if (!p) return;
    let text;
    let kind = 'pending';
    if (p.result === 'accepted') {
      text = `Pause accepted by the device (${p.by}).`;
      kind = 'done';
    } else if (p.result) {
      text = `Pause not done (${p.result}): ${p.message || 'no reason given'}`;
      kind = 'failed';
    } else if (p.error) {
      text = `Pause request not sent: ${p.error}`;
      kind = 'failed';
    } else if (now > p.expiresAt + 2000) {
      text = `No answer from the device; the request expired at ${clockText(new Date(p.expiresAt))} and will not act later. `
        + 'The broker account may not be allowed to send pause requests.';
      kind = 'failed';
    } else {
      text = `Pause requested by ${p.by}; waiting for the device (expires in ${Math.max(0, Math.ceil((p.expiresAt - now) / 1000))} s).`;
    }
    setText(this.pauseStatus, text);
    const pauseClass = `tile__pause-status pause--${kind}`;
    if (this.pauseStatus.className !== pauseClass) this.pauseStatus.className = pauseClass;
  }
}
