// What the ward page knows: one entry per channel of every device, one per device. Fed with already-read
// documents (documents.js); judges freshness (SR-W1) and urgency (SR-W2) at a given time. No DOM here.

/** Urgency ranks, most urgent first (SR-W2). */
export const RANK = { HIGH: 0, MEDIUM: 1, NOT_LIVE: 2, NEAR_END: 3, RUNNING: 4, PAUSED: 5, IDLE: 6 };

const PRIORITY_ORDER = { high: 0, medium: 1, low: 2 };
const IDLE_STATES = new Set(['IDLE']);

export class Device {
  constructor(name) {
    this.name = name;
    this.availability = null; // 'online' | 'offline' | null (not heard)
    this.offlineSince = null; // epoch ms
    this.availabilityHeardAt = null; // epoch ms when the last availability message arrived
    // An 'offline' heard just before this page lost the broker is most likely the broker publishing every
    // box's last will as it stopped: not taken as the device's word until the broker repeats it.
    this.offlineUnconfirmed = false;
    this.availabilityProblem = null;
    this.health = null;
    this.healthProblem = null;
    this.healthAdvancedAt = null; // page time (ms) when health.ts last moved
  }

  /** The device's own last will (or its broker's) says it is offline, and nothing since put that in doubt. */
  offline() {
    return this.availability === 'offline' && !this.offlineUnconfirmed;
  }

  /** This page lost the broker at `lostAt` (epoch ms): an 'offline' heard in the moments before is in doubt. */
  brokerLost(lostAt, windowMs) {
    if (this.availability === 'offline' && this.availabilityHeardAt !== null
        && this.availabilityHeardAt >= lostAt - windowMs) this.offlineUnconfirmed = true;
  }
}

export class Channel {
  constructor(device, name, now) {
    this.device = device;
    this.name = name;
    this.key = channelKey(device.name, name);
    this.createdAt = now;
    this.status = null; // last readable status
    this.statusProblem = null; // why the newest status was unreadable, or null
    this.advancedAt = null; // page time (ms) when status.ts last moved forward
    this.alarms = []; // last readable alarm set
    this.alarmsProblem = null;
    this.pause = null; // {requestId, by, sentAt, expiresAt, result, message}
  }

  /** The highest priority among the active alarms: 'high', 'medium', 'low' or 'none'. */
  alarmPriority() {
    let best = 'none';
    for (const a of this.alarms) {
      if (best === 'none' || PRIORITY_ORDER[a.priority] < PRIORITY_ORDER[best]) best = a.priority;
    }
    return best;
  }

  /** Alarms, most urgent first, then oldest first. */
  sortedAlarms() {
    return [...this.alarms].sort((a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || a.since - b.since);
  }

  /**
   * SR-W1 freshness at page time `now` (ms): seconds since the status last moved, and 'fresh', 'stale'
   * (amber, two heartbeats) or 'late' (red, four heartbeats).
   */
  freshness(now, heartbeatSeconds) {
    const since = this.advancedAt ?? this.createdAt;
    const seconds = Math.max(0, (now - since) / 1000);
    const level = seconds >= 4 * heartbeatSeconds ? 'late' : seconds >= 2 * heartbeatSeconds ? 'stale' : 'fresh';
    return { seconds, level };
  }

  offline() {
    return this.device.offline();
  }

  state() {
    if (this.statusProblem) return 'UNREADABLE';
    return this.status ? this.status.state : 'UNKNOWN';
  }

  /** SR-W2 urgency rank at page time `now`. */
  rank(now, heartbeatSeconds) {
    const p = this.alarmPriority();
    if (p === 'high') return RANK.HIGH;
    if (p === 'medium') return RANK.MEDIUM;
    const fresh = this.freshness(now, heartbeatSeconds).level === 'fresh';
    if (!fresh || this.offline() || this.statusProblem || this.alarmsProblem || !this.status) return RANK.NOT_LIVE;
    if (p === 'low' || this.status.nearEnd) return RANK.NEAR_END;
    if (this.status.state === 'RUNNING') return RANK.RUNNING;
    if (IDLE_STATES.has(this.status.state)) return RANK.IDLE;
    return RANK.PAUSED;
  }

  /** Takes a readable status; returns true when its time moved forward (the channel is alive). */
  acceptStatus(status, now) {
    const moved = !this.status || status.ts > this.status.ts;
    this.status = status;
    this.statusProblem = null;
    if (moved) this.advancedAt = now;
    return moved;
  }
}

export function channelKey(device, channel) {
  return `${device}\u0000${channel}`;
}

/** Compares two channels for the wall: urgency first, then bed, device and channel (stable, natural order). */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function byUrgency(ranks) {
  return (a, b) =>
    ranks.get(a.key) - ranks.get(b.key) ||
    collator.compare(a.status?.bed ?? a.name, b.status?.bed ?? b.name) ||
    collator.compare(a.device.name, b.device.name) ||
    collator.compare(a.name, b.name);
}

export class Ward {
  /** @param maxChannels a rogue publisher inventing channels is capped here */
  constructor(maxChannels = 1000) {
    this.devices = new Map();
    this.channels = new Map();
    this.maxChannels = maxChannels;
    this.refused = 0; // channels not shown because of the cap
  }

  device(name) {
    let d = this.devices.get(name);
    if (!d) {
      d = new Device(name);
      this.devices.set(name, d);
    }
    return d;
  }

  /** The channel, created on first use; null when the cap is reached. */
  channel(deviceName, name, now) {
    const key = channelKey(deviceName, name);
    let c = this.channels.get(key);
    if (!c) {
      if (this.channels.size >= this.maxChannels) {
        this.refused++;
        return null;
      }
      c = new Channel(this.device(deviceName), name, now);
      this.channels.set(key, c);
    }
    return c;
  }

  channelsOf(device) {
    return [...this.channels.values()].filter((c) => c.device === device);
  }
}
