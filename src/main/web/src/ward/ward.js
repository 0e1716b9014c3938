// The ward view: every channel of every dosewarden device on the site, live over MQTT, most urgent first.
// Read-only except the optional pause request (SR-W4). The page decides nothing about safety: it shows the
// devices' own decisions and never looks live when it is not (SR-W1).
import { clockSecondsText, ageText } from '../common/format.js';
import { account } from './account.js';
import { BrokerConnection } from './connection.js';
import { DeviceList } from './devices.js';
import { readAlarms, readAvailability, readHealth, readPauseResponse, readStatus } from './documents.js';
import { RANK, Ward, byUrgency } from './model.js';
import { PauseRequests } from './pause.js';
import { OnScreen } from './screen.js';
import { AlarmSound } from './sound.js';
import { Tile } from './tile.js';
import { SiteTopics } from './topics.js';
import { alarmLabel } from './words.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
// Benchmarks only: stamp the time each status reaches the screen (scripts/bench ward).
const stamping = params.get('stamp') === '1';

const ward = new Ward();
const tiles = new Map(); // channel key -> Tile
// Messages only store the latest state and mark its channel here; the next animation frame draws each marked
// channel once, however many messages came for it, so no queue of drawing can form behind the messages.
const dirty = new Set();
// Channels whose tile is off screen and behind the model: drawn when the tile comes into view.
const behind = new Set();
// Channels on screen whose tile only ages (once a second): the next frame writes their age, not the whole tile.
const aging = new Set();
const onScreen = new OnScreen((key) => {
  if (behind.has(key)) mark({ key });
});
// An 'offline' heard this shortly before the page lost the broker is taken for the broker's own shutdown (it
// publishes every connected box's last will, then closes the page's connection on the same socket).
const LAST_WILL_WINDOW_MS = 1500;
const sound = new AlarmSound();
const deviceList = new DeviceList($('devices'));
let cfg = null;
let topics = null;
let connection = null;
let pauses = null;
let frameRequested = false;
let devicesDirty = false;
// Sorting 500 tiles every frame would cost more than drawing them: only when an urgency or a bed changed.
let orderDirty = false;
let alarmsDirty = false;
let order = { main: [], idle: [] };
let problems = new Map(); // banner lines by kind
let knownHigh = new Set();

window.__ward = { stamps: [], received: [], cost: newCost(), ward, state: () => connection?.state ?? null,
  highAlarm: () => sound.active };
// Script errors are kept for the browser tests: a broken message must never break the page (SR-W3).
window.__pageErrors = [];
window.addEventListener('error', (e) => window.__pageErrors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => window.__pageErrors.push(String(e.reason)));
let station = false; // this screen's account may send pause requests (ticked at sign-in)

/** Benchmark counters (?stamp=1): script time, and what happened to the statuses that were not stamped. */
function newCost() {
  return { messages: 0, messageMs: 0, frames: 0, frameMs: 0, offScreen: 0, superseded: 0 };
}

function heartbeatOf(channel) {
  const h = channel.device.health;
  return (h && h.heartbeatSeconds) || cfg.heartbeatSeconds;
}

// ---------------------------------------------------------------- messages

function onMessage(topic, bytes, retained) {
  if (!stamping) {
    handle(topic, bytes, retained);
    return;
  }
  const t0 = performance.now();
  handle(topic, bytes, retained);
  window.__ward.cost.messages++;
  window.__ward.cost.messageMs += performance.now() - t0;
}

function handle(topic, bytes, retained) {
  const t = topics.parse(topic);
  if (!t) return;
  const now = performance.now();
  const device = ward.device(t.device);
  device.root = t.root;
  switch (t.kind) {
    case 'availability': {
      const r = readAvailability(bytes);
      device.availabilityProblem = r.ok ? null : r.reason;
      if (r.ok) {
        device.availabilityHeardAt = Date.now();
        device.offlineUnconfirmed = false;
        if (r.value !== device.availability) {
          device.availability = r.value;
          device.offlineSince = r.value === 'offline' ? offlineSince(device, retained) : null;
        }
      }
      markDevice(device);
      break;
    }
    case 'health': {
      const r = readHealth(bytes);
      device.healthProblem = r.ok ? null : r.reason;
      if (r.ok) {
        if (!device.health || r.value.ts > device.health.ts) device.healthAdvancedAt = now;
        device.health = r.value;
      }
      markDevice(device);
      break;
    }
    case 'status': {
      const c = ward.channel(t.device, t.channel, now);
      if (!c) return;
      const r = readStatus(bytes);
      if (r.ok) {
        c.acceptStatus(r.value, now);
        if (stamping) {
          if (c.stampTs) window.__ward.cost.superseded++;
          c.stampTs = r.value.ts;
          window.__ward.received.push(Date.now() - r.value.ts);
        }
      } else {
        c.statusProblem = r.reason;
      }
      mark(c);
      break;
    }
    case 'alarms': {
      const c = ward.channel(t.device, t.channel, now);
      if (!c) return;
      const r = readAlarms(bytes);
      if (r.ok) {
        c.alarms = r.value;
        c.alarmsProblem = null;
      } else {
        c.alarmsProblem = r.reason;
      }
      alarmsDirty = true;
      mark(c);
      break;
    }
    case 'pauseResponse': {
      const c = ward.channels.get(`${t.device}\u0000${t.channel}`);
      const r = readPauseResponse(bytes);
      if (c && r.ok && pauses.answer(c, r.value)) mark(c);
      break;
    }
    default:
  }
}

/** A retained 'offline' came from before this page connected: the last status time is the best estimate. */
function offlineSince(device, retained) {
  if (!retained) return Date.now();
  const last = ward.channelsOf(device).map((c) => c.status?.ts ?? 0);
  const latest = Math.max(0, ...last);
  return latest > 0 ? latest : Date.now();
}

function mark(channel) {
  dirty.add(channel.key);
  requestFrame();
}

function markDevice(device) {
  for (const c of ward.channelsOf(device)) dirty.add(c.key);
  devicesDirty = true;
  requestFrame();
}

function requestFrame() {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(frame);
}

// ---------------------------------------------------------------- drawing

function frame() {
  if (!stamping) {
    drawFrame();
    return;
  }
  const t0 = performance.now();
  drawFrame();
  window.__ward.cost.frames++;
  window.__ward.cost.frameMs += performance.now() - t0;
}

function drawFrame() {
  frameRequested = false;
  const now = performance.now();
  for (const key of dirty) {
    const c = ward.channels.get(key);
    if (!c) continue;
    if (!tiles.has(key)) addTile(c);
    judge(c, now);
    if (onScreen.has(key)) {
      draw(c, now);
    } else {
      behind.add(key);
      if (stamping && c.stampTs) {
        window.__ward.cost.offScreen++;
        c.stampTs = 0;
      }
    }
  }
  for (const key of aging) {
    const c = ward.channels.get(key);
    if (!dirty.has(key) && onScreen.has(key)) tiles.get(key).updateTime(now, view(c, now));
  }
  aging.clear();
  dirty.clear();
  if (orderDirty) {
    arrange(now);
    // Tiles the new order brought to the top are drawn in this frame, before the browser paints them there.
    for (const key of onScreen.nearTop(order, behind)) draw(ward.channels.get(key), now);
  }
  if (orderDirty || alarmsDirty) summarize();
  orderDirty = false;
  alarmsDirty = false;
  if (devicesDirty) deviceList.draw(ward, now);
  devicesDirty = false;
}

/** The channel's urgency from the model, for every channel on screen or not; a new rank or bed re-sorts. */
function judge(c, now) {
  const rank = c.rank(now, heartbeatOf(c));
  const bed = c.status?.bed;
  if (rank !== c.lastRank || bed !== c.lastBed) orderDirty = true;
  c.lastRank = rank;
  c.lastBed = bed;
  return rank;
}

function view(c, now) {
  const rank = c.lastRank;
  return {
    rank,
    freshness: c.freshness(now, heartbeatOf(c)),
    pauseAllowed: station && cfg.pauseEnabled && c.device.health?.pauseEnabled === true,
    live: connection?.state.live === true,
    compact: rank === RANK.IDLE,
  };
}

function addTile(c) {
  const tile = new Tile(c, (ch) => {
    // The button was drawn from the model as it was then: ask only if the model still offers a pause.
    draw(ch, performance.now());
    if (!tile.pauseButton.hidden) pauses.ask(ch);
  });
  // Focus (keyboard) scrolls a tile into view: it is brought up to date at once, not a frame later.
  tile.root.addEventListener('focusin', () => {
    if (behind.has(c.key)) draw(c, performance.now());
  });
  tiles.set(c.key, tile);
  onScreen.watch(c.key, tile.root);
  orderDirty = true;
}

/**
 * Writes an on-screen tile from the model. With ?stamp=1 the status it shows is stamped once its DOM is written
 * in this frame: the browser paints it at the end of the frame, so that is when a nurse can see it.
 */
function draw(c, now) {
  tiles.get(c.key).update(now, view(c, now));
  behind.delete(c.key);
  if (stamping && c.stampTs) {
    window.__ward.stamps.push(Date.now() - c.stampTs);
    c.stampTs = 0;
  }
}

/** Puts the tiles in urgency order, moving DOM nodes only when the order changed. */
function arrange() {
  const ranks = new Map();
  for (const c of ward.channels.values()) ranks.set(c.key, c.lastRank ?? RANK.NOT_LIVE);
  const sorted = [...ward.channels.values()].filter((c) => tiles.has(c.key)).sort(byUrgency(ranks));
  const main = sorted.filter((c) => ranks.get(c.key) !== RANK.IDLE).map((c) => c.key);
  const idle = sorted.filter((c) => ranks.get(c.key) === RANK.IDLE).map((c) => c.key);
  const focused = document.activeElement;
  place($('tiles'), main, order.main);
  place($('idle'), idle, order.idle);
  if (focused && focused !== document.activeElement && focused.isConnected) focused.focus({ preventScroll: true });
  order = { main, idle };
  $('idle-title').hidden = idle.length === 0;
  $('empty').hidden = sorted.length > 0 || !connection?.state.live;
}

function place(list, keys, previous) {
  if (keys.length === previous.length && keys.every((k, i) => k === previous[i])) return;
  keys.forEach((k, i) => {
    const node = tiles.get(k).root;
    if (list.children[i] !== node) list.insertBefore(node, list.children[i] ?? null);
  });
}

function summarize() {
  const counts = new Map();
  for (const c of ward.channels.values()) counts.set(c.lastRank, (counts.get(c.lastRank) ?? 0) + 1);
  const words = [
    [RANK.HIGH, 'high alarm'], [RANK.MEDIUM, 'medium alarm'], [RANK.NOT_LIVE, 'not live'],
    [RANK.NEAR_END, 'near end / low alarm'], [RANK.RUNNING, 'running'], [RANK.PAUSED, 'paused or stopped'],
    [RANK.IDLE, 'idle'],
  ];
  const text = words.filter(([r]) => counts.get(r)).map(([r, w]) => `${counts.get(r)} ${w}`).join(' · ');
  const el = $('summary');
  if (el.textContent !== text) el.textContent = text;
  if (ward.refused > 0) setProblem('cap', `${ward.refused} channels are not shown: this page shows at most ${ward.maxChannels}.`);
  announceHigh();
}

/** Speaks newly raised high-priority alarms to screen readers and sounds them when sound is on. */
function announceHigh() {
  const high = new Set();
  const fresh = [];
  for (const c of ward.channels.values()) {
    for (const a of c.alarms) {
      if (a.priority !== 'high') continue;
      const k = `${c.key}\u0000${a.id}`;
      high.add(k);
      if (!knownHigh.has(k)) fresh.push(`High priority alarm at ${c.status?.bed ?? c.name}: ${alarmLabel(a.type)}.`);
    }
  }
  knownHigh = high;
  if (fresh.length) $('announce').textContent = fresh.slice(0, 3).join(' ');
  sound.setHighAlarm(high.size > 0);
}

/** Once a second: ages, staleness, the clock and the banner move even when nothing arrives. */
function tick() {
  const now = performance.now();
  for (const c of ward.channels.values()) {
    const tile = tiles.get(c.key);
    if (!tile || dirty.has(c.key)) continue;
    judge(c, now);
    if (!onScreen.has(c.key)) {
      behind.add(c.key); // its age moved: drawn when it comes into view
      continue;
    }
    const v = view(c, now);
    // Offline, stale and rank move the whole tile (colours, compact or not); otherwise only its age moves.
    if (v.compact !== tile.root.classList.contains('tile--compact')
        || v.freshness.level !== tile.root.dataset.freshness) dirty.add(c.key);
    else aging.add(c.key);
  }
  devicesDirty = true;
  // A hidden page gets no animation frames; the summary and the alarm sound must still follow the model.
  if (document.hidden) frame();
  else requestFrame();
  $('clock').textContent = clockSecondsText(new Date());
  drawLive();
}

// ---------------------------------------------------------------- connection and banner

function setProblem(kind, text) {
  if (text) problems.set(kind, text);
  else problems.delete(kind);
  drawBanner();
}

function drawBanner() {
  const banner = $('banner');
  const lines = [...problems.values()];
  const s = connection?.state;
  if (s && !s.live && s.phase !== 'refused') {
    const since = new Date(s.since);
    const secs = Math.floor((Date.now() - s.since) / 1000);
    lines.unshift(s.phase === 'lost'
      ? `NOT LIVE since ${clockSecondsText(since)} (${ageText(secs)}): ${s.detail}. Reconnecting… What is shown is not current.`
      : `NOT LIVE: connecting to the broker since ${clockSecondsText(since)} (${ageText(secs)}).`);
  }
  const text = lines.join('\n');
  if (banner.textContent !== text) banner.textContent = text;
  banner.hidden = lines.length === 0;
  document.body.classList.toggle('not-live', !!s && !s.live);
}

function drawLive() {
  const s = connection?.state;
  const live = !!s && s.live;
  $('live').dataset.live = String(live);
  $('live-text').textContent = live ? 'LIVE' : s?.phase === 'lost' ? 'NOT LIVE' : 'Not connected';
  drawBanner();
}

function connect(acct) {
  station = acct.station === true;
  $('signin').hidden = true;
  $('forget').hidden = false;
  $('sound').hidden = false;
  connection = new BrokerConnection(cfg.brokerUrl, acct, topics.subscriptions(), {
    onMessage,
    onState: (s) => {
      if (s.phase === 'refused') {
        account.forget();
        showSignIn(s.detail);
      }
      if (s.live) problems.delete('subscription');
      if (s.phase === 'lost') for (const d of ward.devices.values()) d.brokerLost(s.since, LAST_WILL_WINDOW_MS);
      for (const c of ward.channels.values()) dirty.add(c.key);
      requestFrame();
      drawLive();
    },
    onSubscriptionRefused: (filter, why) => setProblem('subscription', `The broker refused the subscription ${filter} (${why}): `
      + 'this account may not read the whole site.'),
  });
  pauses = new PauseRequests(connection, cfg, mark);
  window.__ward.connection = connection;
}

function showSignIn(error) {
  $('signin').hidden = false;
  $('forget').hidden = true;
  const e = $('signin-error');
  e.textContent = error || '';
  e.hidden = !error;
  $('account-user').focus();
}

function wireControls() {
  $('signin-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const acct = { username: $('account-user').value.trim(), password: $('account-password').value,
      station: cfg.pauseEnabled && $('account-station').checked };
    if ($('account-remember').checked) account.remember(acct);
    $('account-password').value = '';
    connect(acct);
  });
  $('forget').addEventListener('click', () => {
    account.forget();
    connection?.close();
    connection = null;
    location.reload();
  });
  $('sound').addEventListener('click', () => {
    if (sound.enabled) sound.disable();
    else sound.enable();
    $('sound').setAttribute('aria-pressed', String(sound.enabled));
    $('sound').textContent = `Alarm sound: ${sound.enabled ? 'on' : 'off'}`;
  });
}

async function start() {
  wireControls();
  let response;
  try {
    response = await fetch('/ward/config', { cache: 'no-store' });
  } catch (e) {
    setProblem('config', `The page cannot reach its daemon to read its settings: ${e.message}`);
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    setProblem('config', `The ward page is not configured: ${body.detail || response.status}`);
    return;
  }
  cfg = body;
  if (!cfg.brokerUrl) {
    setProblem('config', `No broker address: ${cfg.brokerProblem}`);
    return;
  }
  $('broker-url').textContent = cfg.brokerUrl;
  $('pause-lifetime').textContent = String(cfg.pauseLifetimeSeconds);
  $('station-choice').hidden = !cfg.pauseEnabled;
  topics = new SiteTopics(cfg.devices, cfg.fixedDevice ?? null);
  const remembered = account.remembered();
  if (remembered) connect(remembered);
  else showSignIn(null);
  setInterval(tick, 1000);
  tick();
}

start();
