// The site's topic tree as the ward page reads it (docs/mqtt.md "Topic tree"). `devices` is a topic filter
// whose last level names the device (e.g. dosewarden/clinic/+), or a single device's root when the daemon's
// topic root has no device level (then `fixedDevice` names it).

export class SiteTopics {
  constructor(devices, fixedDevice = null) {
    this.devices = devices;
    this.fixedDevice = fixedDevice;
    this.prefix = devices.split('/');
  }

  /** The filters the page subscribes to: never the events streams, never more than it shows. */
  subscriptions() {
    const d = this.devices;
    return [`${d}/availability`, `${d}/health`, `${d}/+/status`, `${d}/+/alarms`, `${d}/+/pause/response`];
  }

  /**
   * What a topic is: {device, root, kind, channel?} with kind availability, health, status, alarms or
   * pauseResponse; null for anything else.
   */
  parse(topic) {
    const levels = topic.split('/');
    const n = this.prefix.length;
    if (levels.length <= n) return null;
    for (let i = 0; i < n; i++) {
      if (this.prefix[i] !== '+' && this.prefix[i] !== levels[i]) return null;
    }
    const device = this.fixedDevice ?? levels[n - 1];
    const root = levels.slice(0, n).join('/');
    const rest = levels.slice(n);
    if (rest.length === 1 && (rest[0] === 'availability' || rest[0] === 'health')) {
      return { device, root, kind: rest[0] };
    }
    if (rest.length === 2 && (rest[1] === 'status' || rest[1] === 'alarms')) {
      return { device, root, kind: rest[1], channel: rest[0] };
    }
    if (rest.length === 3 && rest[1] === 'pause' && rest[2] === 'response') {
      return { device, root, kind: 'pauseResponse', channel: rest[0] };
    }
    return null;
  }

  static pauseRequest(root, channel) {
    return `${root}/${channel}/pause/request`;
  }
}
