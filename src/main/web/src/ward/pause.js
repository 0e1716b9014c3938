// The one command a ward screen can give (SR-W4): a pause request for a running channel, after a
// confirmation, valid for a short time, answered by the device on the channel's pause/response topic.
import { SiteTopics } from './topics.js';

const STATION_KEY = 'dosewarden.ward.station';

export class PauseRequests {
  /**
   * @param connection BrokerConnection
   * @param cfg        the page's settings ({pauseLifetimeSeconds})
   * @param changed    called with a channel whose request changed
   */
  constructor(connection, cfg, changed) {
    this.connection = connection;
    this.lifetimeMs = cfg.pauseLifetimeSeconds * 1000;
    this.changed = changed;
    this.dialog = document.getElementById('pause-dialog');
    this.target = null;
    this.dialog.addEventListener('close', () => this.closed());
  }

  /** Opens the confirmation for `channel`. */
  ask(channel) {
    const s = channel.status;
    this.target = channel;
    document.getElementById('pause-title').textContent = `Pause the infusion at ${s?.bed ?? channel.name}?`;
    document.getElementById('pause-what').textContent = `${s?.drug ?? 'unknown drug'} at ${s?.rateMlPerH ?? '–'} mL/h, `
      + `device ${channel.device.name}, channel ${channel.name}.`;
    const by = document.getElementById('pause-by');
    by.value = by.value || localStorage.getItem(STATION_KEY) || '';
    document.getElementById('pause-reason').value = '';
    this.dialog.returnValue = '';
    this.dialog.showModal();
    (by.value ? document.getElementById('pause-confirm') : by).focus();
  }

  closed() {
    const channel = this.target;
    this.target = null;
    if (!channel || this.dialog.returnValue !== 'pause') return;
    const by = document.getElementById('pause-by').value.trim().slice(0, 60) || 'ward screen';
    localStorage.setItem(STATION_KEY, by);
    const reason = document.getElementById('pause-reason').value.trim().slice(0, 160);
    this.send(channel, by, reason);
  }

  send(channel, by, reason) {
    const requestId = `ward-${crypto.randomUUID()}`;
    const sentAt = Date.now();
    const expiresAt = sentAt + this.lifetimeMs;
    channel.pause = { requestId, by, sentAt, expiresAt, result: null, message: null, error: null };
    const body = { requestId, expiresAt: new Date(expiresAt).toISOString(), requestedBy: by };
    if (reason) body.reason = reason;
    const topic = SiteTopics.pauseRequest(channel.device.root, channel.name);
    this.connection.publish(topic, JSON.stringify(body), (err) => {
      if (err && channel.pause && channel.pause.requestId === requestId) {
        channel.pause.error = String(err.message || err);
        this.changed(channel);
      }
    });
    this.changed(channel);
  }

  /** A device's answer; true when it belongs to this channel's latest request. */
  answer(channel, reply) {
    const p = channel.pause;
    if (!p || reply.requestId !== p.requestId) return false;
    p.result = reply.result;
    p.message = reply.message;
    return true;
  }
}
