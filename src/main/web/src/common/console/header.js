// The console's top bar, shared by its pages: whether the page is live (and since when it is not), who is
// signed in with which role, when the session ends without activity (with a way to stay signed in), and
// sign-out as a plain form (POST /console/logout with the CSRF token), so it works however the page is.
import { clockSecondsText, clockText } from '../format.js';
import { readNow, session } from './api.js';
import { byId, setData, setText, show } from './dom.js';

const WARN_BEFORE_MS = 2 * 60 * 1000;

export class TopBar {
  /** Expects #live, #live-text, #who, #idle, #idle-text, #stay, #signout-csrf and #banner in the page. */
  constructor() {
    this.live = byId('live');
    this.liveText = byId('live-text');
    this.who = byId('who');
    this.idle = byId('idle');
    this.idleText = byId('idle-text');
    this.stay = byId('stay');
    this.banner = byId('banner');
    this.stay.addEventListener('click', () => readNow('/api/session').catch(() => {}));
    session.onActivity.push(() => this.tick());
    setInterval(() => this.tick(), 1000);
  }

  signedIn() {
    const role = session.roles.length ? session.roles.join(', ') : 'no role';
    setText(this.who, `${session.user} · ${role}`);
    byId('signout-csrf').value = session.csrf || '';
    this.tick();
  }

  /** Shows liveness (from Liveness): the pill, and the banner while not live. */
  liveness(state) {
    setData(this.live, 'live', state.live);
    setData(document.body, 'live', state.live);
    if (state.live) {
      setText(this.liveText, 'Live');
      show(this.banner, false);
      return;
    }
    const last = state.lastOk ? clockSecondsText(new Date(state.lastOk)) : null;
    setText(this.liveText, last ? `NOT LIVE since ${last}` : 'Connecting…');
    if (!last) return;
    setText(this.banner, `Connection to the daemon lost: ${state.reason}. What this page shows is from ${last} and is `
      + 'NOT live. Commands may not reach the pump: at the bedside use the pump\'s own stop key or the emergency '
      + 'stop if you must stop now.');
    show(this.banner, true);
  }

  tick() {
    if (!session.user) return;
    const endsAt = session.lastActivity + session.idleTimeoutMs;
    const left = endsAt - Date.now();
    const minutes = Math.round(session.idleTimeoutMs / 60000);
    if (left <= WARN_BEFORE_MS) {
      const s = Math.max(0, Math.ceil(left / 1000));
      setText(this.idleText, `Signing out in ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} (no activity)`);
      setData(this.idle, 'warn', true);
      show(this.stay, true);
    } else {
      setText(this.idleText, `Signs out at ${clockText(new Date(endsAt))} if idle (${minutes} min)`);
      setData(this.idle, 'warn', false);
      show(this.stay, false);
    }
  }
}
