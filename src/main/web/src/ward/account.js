// The broker account of this screen. It is typed in by a person and kept in page memory; it is written to
// this browser's storage only when that person ticks "remember" (a wall screen that restarts unattended).
// It never appears in the page's source or its address.

const KEY = 'dosewarden.ward.account';

export const account = {
  remembered() {
    try {
      const v = JSON.parse(localStorage.getItem(KEY) || 'null');
      return v && typeof v.username === 'string' && typeof v.password === 'string'
        ? { username: v.username, password: v.password, station: v.station === true } : null;
    } catch {
      return null;
    }
  },
  remember(a) {
    localStorage.setItem(KEY, JSON.stringify({ username: a.username, password: a.password, station: a.station === true }));
  },
  forget() {
    localStorage.removeItem(KEY);
  },
};
