// The channel's live state for its page (SR-U5). The daemon's event stream (GET /api/channels/{c}/events, an
// EventSource; the session cookie goes with it, same origin) brings every change of the channel as it happens,
// each new journal record, and an 'alive' event every second. Reading the channel every second is only the
// fallback: before the stream's first status, and whenever the stream fails or falls silent. Liveness is told
// of every answer and every failure, so the page never looks live when it is not: a dead daemon fails both the
// stream and the reads at once, a stalled stream is dropped after three silent seconds and the reads take over.
import { ProblemError, read } from '../common/console/api.js';

const POLL_MS = 1000;
const SILENT_MS = 3000;
const REOPEN_MS = 3000;

export class ChannelFeed {
  /**
   * @param channel   the channel's name
   * @param live      the page's Liveness
   * @param onStatus  called with each channel view, from the stream or a read
   * @param onRecord  called when the journal has a new record of the channel
   * @param onMissing called once when the daemon has no such channel (404)
   */
  constructor(channel, { live, onStatus, onRecord, onMissing }) {
    this.path = `/api/channels/${encodeURIComponent(channel)}`;
    this.live = live;
    this.onStatus = onStatus;
    this.onRecord = onRecord;
    this.onMissing = onMissing;
    this.source = null;
    this.mode = 'connecting';
    this.lastEvent = 0;
    this.timer = null;
    this.stopped = false;
    setInterval(() => this.watch(), 500);
  }

  /** Opens the stream and reads the channel once (whichever answers first fills the page). */
  async start() {
    this.open();
    await this.readOnce();
    this.schedule();
  }

  setMode(mode) {
    this.mode = mode;
    document.body.dataset.feed = mode;
  }

  open() {
    if (this.stopped || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${this.path}/events`);
    this.source = source;
    source.addEventListener('status', (e) => {
      if (source !== this.source) return;
      let view;
      try {
        view = JSON.parse(e.data);
      } catch {
        return;
      }
      this.lastEvent = Date.now();
      if (this.mode !== 'stream') this.setMode('stream');
      clearTimeout(this.timer);
      this.live.ok();
      this.onStatus(view);
    });
    source.addEventListener('alive', () => {
      if (source !== this.source || this.mode !== 'stream') return;
      this.lastEvent = Date.now();
      this.live.ok();
    });
    source.addEventListener('record', () => {
      if (source === this.source) this.onRecord();
    });
    source.addEventListener('error', () => {
      if (source !== this.source) return;
      // The browser reconnects by itself while readyState is CONNECTING; a refusal (401, wrong type) closes it.
      if (source.readyState === EventSource.CLOSED) this.reopenLater();
      this.fallBack();
    });
  }

  /** The stream is not working: read the channel every second until it is back with a fresh status. */
  fallBack() {
    if (this.mode === 'polling') return;
    this.setMode('polling');
    this.readOnce().then(() => this.schedule());
  }

  reopenLater() {
    if (this.source) this.source.close();
    this.source = null;
    setTimeout(() => this.open(), REOPEN_MS);
  }

  /** A stream that stays open but brings nothing (not even 'alive') is as good as lost. */
  watch() {
    if (this.mode === 'stream' && Date.now() - this.lastEvent > SILENT_MS) {
      this.reopenLater();
      this.fallBack();
    }
  }

  schedule() {
    clearTimeout(this.timer);
    if (this.stopped || this.mode === 'stream') return;
    this.timer = setTimeout(async () => {
      if (this.mode !== 'stream') await this.readOnce();
      this.schedule();
    }, POLL_MS);
  }

  async readOnce() {
    try {
      const view = await read(this.path);
      this.live.ok();
      this.onStatus(view);
    } catch (err) {
      if (err instanceof ProblemError && err.status === 404) {
        this.stopped = true;
        if (this.source) this.source.close();
        this.onMissing();
        return;
      }
      this.live.failed(err.message);
    }
  }
}
