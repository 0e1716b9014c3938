// Active alarms with priority (written, and coloured after IEC 60601-1-8), age and text; acknowledge a latched
// alarm in one click; reset a trip or an emergency stop with a reason (a dialog: it restores delivery paths).
import { ageText, clockText } from '../common/format.js';
import { ProblemError, canAct, send } from '../common/console/api.js';
import { byId, el, fill, setText, show } from '../common/console/dom.js';
import { alarmLabel } from '../ward/words.js';
import { reasonDialog } from './dialogs.js';

const ORDER = { HIGH: 0, MEDIUM: 1, LOW: 2 };

export class AlarmPanel {
  constructor(channel, onChannel, say) {
    this.channel = channel;
    this.onChannel = onChannel;
    this.say = say;
    this.list = byId('alarm-list');
    this.none = byId('no-alarms');
    this.resets = byId('alarm-resets');
    this.resetTrip = byId('reset-trip');
    this.resetEstop = byId('reset-estop');
    this.signature = '';
    this.resetTrip.addEventListener('click', () => this.reset('reset-trip', 'Reset the trip',
      'The channel goes from stopped-by-alarm to PAUSED. Nothing runs until a clinician resumes it.'));
    this.resetEstop.addEventListener('click', () => this.reset('reset-emergency-stop', 'Reset the emergency stop',
      'Confirms the emergency stop was released and the cause dealt with. Nothing runs until a clinician resumes.'));
  }

  /** Renders the alarms of a channel view (ages against the daemon's own clock, `asOf`). */
  update(view) {
    const alarms = [...(view.activeAlarms || [])]
      .sort((a, b) => (ORDER[a.priority] ?? 3) - (ORDER[b.priority] ?? 3) || Date.parse(a.raisedAt) - Date.parse(b.raisedAt));
    const now = Date.parse(view.asOf);
    const act = canAct();
    const signature = JSON.stringify(alarms.map((a) => [a.id, a.acknowledgedBy])) + act;
    if (signature !== this.signature) {
      this.signature = signature;
      fill(this.list, alarms.map((a) => this.item(a, act)));
    }
    for (const li of this.list.children) {
      const a = alarms.find((x) => x.id === li.dataset.alarmId);
      if (a) setText(li.querySelector('.alarm__age'), `${ageText((now - Date.parse(a.raisedAt)) / 1000)} ago `
        + `(${clockText(new Date(a.raisedAt))})`);
    }
    show(this.none, alarms.length === 0);
    const tripped = view.infusionState === 'TRIPPED' || view.infusionState === 'FAULT';
    const estop = alarms.some((a) => a.type === 'EMERGENCY_STOP');
    show(this.resetTrip, act && tripped);
    show(this.resetEstop, act && estop);
    show(this.resets, act && (tripped || estop));
  }

  item(a, act) {
    const ack = act && a.latched && !a.acknowledgedBy
      ? el('button', { type: 'button', class: 'alarm__ack', 'data-alarm': a.id, text: 'Acknowledge',
        onclick: (e) => this.acknowledge(a, e.currentTarget) })
      : null;
    return el('li', { class: 'alarm', 'data-alarm-id': a.id, 'data-priority': a.priority, 'data-type': a.type },
      el('span', { class: 'priority', 'data-priority': a.priority, text: `${a.priority} priority` }),
      el('div', { class: 'alarm__body' },
        el('p', { class: 'alarm__title' }, el('strong', { text: alarmLabel(a.type) }),
          el('span', { class: 'alarm__age' })),
        el('p', { class: 'alarm__text', text: a.message }),
        a.acknowledgedBy ? el('p', { class: 'hint', text: `Acknowledged by ${a.acknowledgedBy}` }) : null),
      ack);
  }

  async acknowledge(alarm, button) {
    button.disabled = true;
    try {
      const view = await send('POST', `/api/channels/${encodeURIComponent(this.channel)}/alarms/`
        + `${encodeURIComponent(alarm.id)}/acknowledge`);
      this.say(`${alarmLabel(alarm.type)} acknowledged.`);
      this.onChannel(view);
    } catch (err) {
      button.disabled = false;
      this.say(`Not acknowledged: ${err instanceof ProblemError ? err.problem.detail || err.message : err.message}`, true);
    }
  }

  reset(action, title, text) {
    reasonDialog(byId('reason-dialog'), {
      title,
      text,
      label: 'Reason (journaled with your name)',
      required: true,
      button: title,
      path: `/api/channels/${encodeURIComponent(this.channel)}/${action}`,
      body: (reason) => ({ reason }),
      onDone: (view) => {
        this.say(`${title}: done.`);
        this.onChannel(view);
      },
    });
  }
}
