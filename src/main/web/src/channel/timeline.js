// The session's journal records in clinic words (who, what, why, when), newest first, filterable by kind.
import { clockSecondsText } from '../common/format.js';
import { byId, el, fill } from '../common/console/dom.js';
import { KINDS } from './journal.js';

const DEFAULT_OFF = new Set(['vitals', 'pump']);
const MAX_SHOWN = 400;

export class Timeline {
  constructor() {
    this.list = byId('timeline');
    this.filter = byId('timeline-filter');
    this.enabled = new Set(Object.keys(KINDS).filter((k) => !DEFAULT_OFF.has(k)));
    this.shown = -1;
    this.generation = -1;
    for (const [kind, words] of Object.entries(KINDS)) {
      const box = el('input', { type: 'checkbox', id: `show-${kind}`, value: kind, checked: this.enabled.has(kind) });
      box.addEventListener('change', () => {
        if (box.checked) this.enabled.add(kind);
        else this.enabled.delete(kind);
        this.shown = -1;
        this.render(this.journal);
      });
      this.filter.append(el('label', { class: 'choice', 'data-kind': kind }, box, ` ${words}`));
    }
  }

  render(journal) {
    this.journal = journal;
    if (!journal) return;
    if (journal.generation === this.generation && journal.entries.length === this.shown) return;
    this.generation = journal.generation;
    this.shown = journal.entries.length;
    const visible = journal.entries.filter((e) => this.enabled.has(e.kind));
    const newest = visible.slice(-MAX_SHOWN).reverse();
    fill(this.list, newest.length ? newest.map((e) => el('li', { class: 'event', 'data-kind': e.kind, 'data-sequence': e.sequence },
      el('time', { class: 'event__time', datetime: new Date(e.at).toISOString(), text: clockSecondsText(new Date(e.at)) }),
      el('span', { class: 'event__kind', text: KINDS[e.kind] ? KINDS[e.kind].split(' ')[0] : e.kind }),
      el('span', { class: 'event__what' }, e.who ? el('strong', { class: 'event__who', text: `${e.who}: ` }) : null, e.what),
      e.why ? el('span', { class: 'event__why', text: `Why: ${e.why}` }) : null))
      : el('li', { class: 'hint', text: journal.sessionId ? 'Nothing of these kinds yet.' : 'No session on record for this channel yet.' }));
  }
}
