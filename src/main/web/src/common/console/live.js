// Whether what the page shows is live (SR-U5). Every successful read says so; a failed read, or no
// successful read for `staleAfterMs`, turns the page "not live" at once, with the time it last was.

export class Liveness {
  /** @param onChange called with {live, since, lastOk, reason} whenever liveness changes */
  constructor(staleAfterMs, onChange) {
    this.staleAfterMs = staleAfterMs;
    this.onChange = onChange;
    this.state = { live: false, since: Date.now(), lastOk: null, reason: 'connecting to the daemon' };
    this.timer = setInterval(() => this.watch(), 250);
  }

  ok() {
    const now = Date.now();
    const was = this.state.live;
    this.state = { live: true, since: was ? this.state.since : now, lastOk: now, reason: '' };
    if (!was) this.onChange(this.state);
  }

  failed(reason) {
    if (!this.state.live && this.state.reason === reason) return;
    const now = Date.now();
    this.state = { live: false, since: this.state.live ? now : this.state.since, lastOk: this.state.lastOk, reason };
    this.onChange(this.state);
  }

  watch() {
    if (this.state.live && Date.now() - this.state.lastOk > this.staleAfterMs) {
      this.failed(`no answer from the daemon for ${Math.round(this.staleAfterMs / 1000)} s`);
    }
  }
}
