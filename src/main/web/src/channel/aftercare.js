// Observations and after-care (SR-O1..O3): the entry's observation set, recorded at any time and prompted at
// its configured times; after the infusion the monitoring phase and the discharge sign-off.
import { byId, show } from '../common/console/dom.js';

export class AfterCare {
  constructor(channel, onChannel, say) {
    this.channel = channel;
    this.onChannel = onChannel;
    this.say = say;
    this.section = byId('aftercare-section');
    this.observations = byId('observations-section');
  }

  /** True while the session may close only with a discharge sign-off (or an override with a reason). */
  owesDischarge() {
    return false;
  }

  update() {
    show(this.section, false);
    show(this.observations, false);
  }
}
