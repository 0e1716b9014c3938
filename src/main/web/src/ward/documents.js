// Reads the documents the ward page receives (docs/mqtt.md, docs/mqtt/*.schema.json) without trusting them:
// every field is type-checked and size-limited, and anything that does not fit becomes {ok: false, reason}.
// A broken document only ever affects its own tile (SR-W3). Nothing here touches the DOM.

/** Largest payloads read; a real status is under 2 kB, an alarm set under 20 kB. */
export const LIMITS = { status: 16 * 1024, alarms: 64 * 1024, health: 4 * 1024, availability: 64, pauseResponse: 4 * 1024 };

const decoder = new TextDecoder('utf-8', { fatal: true });

class Unreadable extends Error {}

function fail(why) {
  throw new Unreadable(why);
}

/** Decodes and parses a JSON payload of at most `limit` bytes. */
function json(bytes, limit, what) {
  if (bytes.length > limit) fail(`${what} is ${bytes.length} bytes, more than the ${limit} this page reads`);
  let text;
  try {
    text = decoder.decode(bytes);
  } catch {
    fail(`${what} is not UTF-8 text`);
  }
  try {
    return JSON.parse(text);
  } catch {
    fail(`${what} is not JSON`);
  }
}

function wrap(read) {
  return (bytes) => {
    try {
      return { ok: true, value: read(bytes) };
    } catch (e) {
      if (e instanceof Unreadable) return { ok: false, reason: e.message };
      return { ok: false, reason: `unreadable: ${String(e && e.message).slice(0, 80)}` };
    }
  };
}

function object(v, what) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`${what} must be a JSON object`);
  return v;
}

function text(o, key, max, { nullable = false, pattern = null } = {}) {
  const v = o[key];
  if (v === null || v === undefined) {
    if (nullable) return null;
    fail(`${key} is missing`);
  }
  if (typeof v !== 'string') fail(`${key} must be text`);
  if (v.length > max) fail(`${key} is longer than ${max} characters`);
  if (pattern && !pattern.test(v)) fail(`${key} '${v.slice(0, 32)}' is not of the expected form`);
  return v;
}

function number(o, key, { nullable = false, min = 0, max = 1e9, integer = false } = {}) {
  const v = o[key];
  if (v === null || v === undefined) {
    if (nullable) return null;
    fail(`${key} is missing`);
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${key} must be a number`);
  if (integer && !Number.isInteger(v)) fail(`${key} must be a whole number`);
  if (v < min || v > max) fail(`${key} ${v} is outside ${min}..${max}`);
  return v;
}

function flag(o, key) {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'boolean') fail(`${key} must be true or false`);
  return v;
}

function instant(o, key, { nullable = false } = {}) {
  const v = text(o, key, 40, { nullable });
  if (v === null) return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) fail(`${key} '${v}' is not a time`);
  return t;
}

function quantity(o, key) {
  const v = o[key];
  if (v === null || v === undefined) return null;
  const q = object(v, key);
  return { value: number(q, 'value', { max: 1e12 }), unit: text(q, 'unit', 24) };
}

const STATE = /^[A-Z][A-Z_]{0,39}$/;
const SIGNS = ['sbp', 'dbp', 'hr', 'spo2', 'rr'];

function vitals(o) {
  const v = o.vitals;
  if (v === null || v === undefined) return null;
  const x = object(v, 'vitals');
  const out = { ts: instant(x, 'ts', { nullable: true }), ageSeconds: number(x, 'ageSeconds', { nullable: true, max: 1e8 }) };
  for (const s of SIGNS) out[s] = number(x, s, { nullable: true, max: 1000, integer: true });
  out.breach = [];
  if (x.breach !== null && x.breach !== undefined) {
    if (!Array.isArray(x.breach) || x.breach.length > 10) fail('vitals.breach must be a list of at most 10');
    for (const b of x.breach) {
      const e = object(b, 'vitals.breach entry');
      const sign = text(e, 'sign', 8);
      const level = text(e, 'level', 8);
      if (!SIGNS.includes(sign) || (level !== 'soft' && level !== 'hard')) fail('vitals.breach names an unknown sign or level');
      out.breach.push({ sign, level });
    }
  }
  return out;
}

/** A channel's retained status (docs/mqtt/status.schema.json). Newer fields are optional. */
export const readStatus = wrap((bytes) => {
  const o = object(json(bytes, LIMITS.status, 'status'), 'status');
  return {
    ts: instant(o, 'ts'),
    seq: number(o, 'seq', { integer: true, max: Number.MAX_SAFE_INTEGER }),
    state: text(o, 'state', 40, { pattern: STATE }),
    drug: text(o, 'drug', 80, { nullable: true }),
    bed: text(o, 'bed', 64),
    rateMlPerH: number(o, 'rateMlPerH', { max: 10000 }),
    doseRate: quantity(o, 'doseRate'),
    deliveredMl: number(o, 'deliveredMl', { max: 1e6 }),
    deliveredDose: quantity(o, 'deliveredDose'),
    totalDose: quantity(o, 'totalDose'),
    step: number(o, 'step', { nullable: true, integer: true, min: 1, max: 1000 }),
    startedAt: instant(o, 'startedAt', { nullable: true }),
    expectedEndAt: instant(o, 'expectedEndAt', { nullable: true }),
    link: text(o, 'link', 24),
    activeAlarms: number(o, 'activeAlarms', { integer: true, max: 10000 }),
    vtbiMl: number(o, 'vtbiMl', { nullable: true, max: 1e6 }),
    remainingMl: number(o, 'remainingMl', { nullable: true, max: 1e6 }),
    remainingSeconds: number(o, 'remainingSeconds', { nullable: true, max: 1e8 }),
    percentComplete: number(o, 'percentComplete', { nullable: true, max: 100 }),
    concentration: quantity(o, 'concentration'),
    weight: quantity(o, 'weight'),
    nearEnd: flag(o, 'nearEnd') === true,
    vitals: vitals(o),
  };
});

const PRIORITIES = ['high', 'medium', 'low'];

/** A channel's retained alarm set: a JSON array (docs/mqtt/alarms.schema.json). */
export const readAlarms = wrap((bytes) => {
  const a = json(bytes, LIMITS.alarms, 'alarm set');
  if (!Array.isArray(a)) fail('alarm set must be a JSON array');
  if (a.length > 200) fail(`alarm set has ${a.length} alarms, more than the 200 this page reads`);
  return a.map((item) => {
    const o = object(item, 'alarm');
    const priority = text(o, 'priority', 8);
    if (!PRIORITIES.includes(priority)) fail(`alarm priority '${priority.slice(0, 8)}' is not high, medium or low`);
    return {
      id: text(o, 'id', 64),
      type: text(o, 'type', 64, { pattern: STATE }),
      priority,
      since: instant(o, 'since'),
      acknowledgedBy: text(o, 'acknowledgedBy', 80, { nullable: true }),
      message: text(o, 'message', 600),
      pumpAction: text(o, 'pumpAction', 16),
    };
  });
});

/** A device's retained health document (docs/mqtt/health.schema.json, SR-D6). */
export const readHealth = wrap((bytes) => {
  const o = object(json(bytes, LIMITS.health, 'health'), 'health');
  return {
    ts: instant(o, 'ts'),
    version: text(o, 'version', 40),
    uptimeSeconds: number(o, 'uptimeSeconds', { max: 1e10 }),
    journalSeq: number(o, 'journalSeq', { integer: true, max: Number.MAX_SAFE_INTEGER }),
    outboxPending: number(o, 'outboxPending', { integer: true, max: 1e12 }),
    channels: number(o, 'channels', { integer: true, max: 10000 }),
    heartbeatSeconds: number(o, 'heartbeatSeconds', { nullable: true, min: 1, max: 3600 }),
    healthIntervalSeconds: number(o, 'healthIntervalSeconds', { nullable: true, min: 1, max: 3600 }),
    pauseEnabled: flag(o, 'pauseEnabled') === true,
  };
});

/** `online` / `offline`, plain text. */
export const readAvailability = wrap((bytes) => {
  if (bytes.length > LIMITS.availability) fail('availability is too long');
  const t = new TextDecoder().decode(bytes).trim();
  if (t !== 'online' && t !== 'offline') fail(`availability '${t.slice(0, 16)}' is neither online nor offline`);
  return t;
});

/** A device's answer to a pause request (docs/mqtt/pause-response.schema.json). */
export const readPauseResponse = wrap((bytes) => {
  const o = object(json(bytes, LIMITS.pauseResponse, 'pause reply'), 'pause reply');
  const result = text(o, 'result', 16);
  if (!['accepted', 'rejected', 'expired', 'invalid'].includes(result)) fail(`pause result '${result}' is unknown`);
  return { requestId: text(o, 'requestId', 128, { nullable: true }), result, message: text(o, 'message', 400, { nullable: true }) };
});
