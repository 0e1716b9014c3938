// The footer's line per device: availability (its last will), health and what could not be read. Rewritten
// once a second, but only the lines whose words changed touch the DOM.
import { ageText, clockText } from '../common/format.js';

function availabilityWords(d) {
  if (d.availability === 'offline' && d.offlineUnconfirmed) return 'offline reported as the broker went away: not confirmed';
  if (d.availability === 'offline') return `offline since ${clockText(new Date(d.offlineSince))}`;
  return d.availability === 'online' ? 'online' : 'availability not heard';
}

function line(d, now) {
  const parts = [d.name, availabilityWords(d)];
  if (d.health) {
    const interval = d.health.healthIntervalSeconds || 30;
    const age = (now - d.healthAdvancedAt) / 1000;
    parts.push(age > 2 * interval ? `no health report for ${ageText(age)}` : `version ${d.health.version}`);
    if (d.health.outboxPending > 0) parts.push(`${d.health.outboxPending} events waiting for the broker`);
  }
  if (d.healthProblem) parts.push(`unreadable health: ${d.healthProblem}`);
  if (d.availabilityProblem) parts.push(`unreadable availability: ${d.availabilityProblem}`);
  return parts.join(' · ');
}

export class DeviceList {
  constructor(list) {
    this.list = list;
    this.items = new Map(); // device name -> li
    this.order = '';
  }

  /** Draws every device of `ward` at page time `now` (ms). */
  draw(ward, now) {
    const devices = [...ward.devices.values()].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    for (const d of devices) {
      let li = this.items.get(d.name);
      if (!li) {
        li = document.createElement('li');
        li.dataset.device = d.name;
        this.items.set(d.name, li);
      }
      const availability = d.availability === 'offline' && d.offlineUnconfirmed ? 'unconfirmed' : d.availability ?? 'unknown';
      if (li.dataset.availability !== availability) {
        li.dataset.availability = availability;
        li.className = `device device--${availability}`;
      }
      const text = line(d, now);
      if (li.textContent !== text) li.textContent = text;
    }
    const order = devices.map((d) => d.name).join('\u0000');
    if (order !== this.order) {
      this.order = order;
      this.list.replaceChildren(...devices.map((d) => this.items.get(d.name)));
    }
  }
}
