// The console's one way to the daemon's HTTP API: the session cookie goes with every request (the browser
// adds it; no script can read it), changes carry the session's CSRF token, the page's own periodic reads are
// marked as background so they do not keep an unattended session alive, and an ended session sends the
// browser to the sign-in form. Errors come back as the problem document the daemon sent (RFC 9457).

const READ_TIMEOUT_MS = 6000;
const SEND_TIMEOUT_MS = 20000;

/** A refusal or error answered by the daemon: `problem` is its problem+json body (or what came instead). */
export class ProblemError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

/** No answer: the daemon (or the network to it) is not there. */
export class ConnectionError extends Error {}

/** Who is signed in; filled by loadSession(). */
export const session = {
  user: null,
  roles: [],
  csrf: null,
  idleTimeoutMs: 15 * 60 * 1000,
  lastActivity: Date.now(),
  onActivity: [],
};

/** Only a clinician acts on a channel; the server enforces it again on every request (SR-U2). */
export function canAct() {
  return session.roles.includes('clinician');
}

/** ISO-8601 duration (PT15M, PT1H30M, PT90S, P1D) in milliseconds; NaN when unreadable. */
export function isoMillis(text) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(String(text || ''));
  if (!m) return NaN;
  const [, d, h, min, s] = m;
  return (((Number(d || 0) * 24 + Number(h || 0)) * 60 + Number(min || 0)) * 60 + Number(s || 0)) * 1000;
}

let leaving = false;

/** The session is over: the sign-in form, back to this page afterwards. */
export function signInAgain() {
  if (leaving) return;
  leaving = true;
  window.location.assign(`/console/login?next=${encodeURIComponent(window.location.pathname)}&ended=1`);
}

function activity() {
  session.lastActivity = Date.now();
  for (const f of session.onActivity) f();
}

async function call(method, path, body, background, timeoutMs) {
  const headers = { Accept: 'application/json' };
  if (background) headers['X-Dosewarden-Background'] = 'true';
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (session.csrf) headers['X-CSRF-Token'] = session.csrf;
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let response;
  let text;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
      signal: abort.signal,
    });
    text = await response.text();
  } catch (e) {
    throw new ConnectionError(abort.signal.aborted
      ? `no answer from the daemon within ${Math.round(timeoutMs / 1000)} s`
      : 'the daemon cannot be reached');
  } finally {
    clearTimeout(timer);
  }
  if (!background) activity();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.status === 401) {
    signInAgain();
    throw new ProblemError(401, json || { title: 'Signed out', detail: 'your console session has ended' });
  }
  if (!response.ok) {
    throw new ProblemError(response.status, json || { title: response.statusText, detail: text.slice(0, 300) });
  }
  return json;
}

/** A periodic read (does not count as the user's activity). */
export function read(path) {
  return call('GET', path, undefined, true, READ_TIMEOUT_MS);
}

/** A read the user asked for (counts as activity, restarting the idle timer). */
export function readNow(path) {
  return call('GET', path, undefined, false, READ_TIMEOUT_MS);
}

/** A change: JSON body, CSRF token. */
export function send(method, path, body) {
  return call(method, path, body, false, SEND_TIMEOUT_MS);
}

/** Loads who is signed in (GET /api/session); a page without a console session goes to the sign-in form. */
export async function loadSession() {
  const s = await readNow('/api/session');
  session.user = s.user;
  session.roles = s.roles || [];
  session.csrf = s.csrfToken;
  const idle = isoMillis(s.idleTimeout);
  if (Number.isFinite(idle) && idle > 0) session.idleTimeoutMs = idle;
  if (s.via !== 'session') signInAgain();
  return s;
}
