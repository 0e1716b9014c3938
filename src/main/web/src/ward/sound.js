// Optional sound for high-priority alarms, after IEC 60601-1-8: a burst of ten pulses (3 + 2, pause, 3 + 2)
// with a harmonic-rich tone, repeated every 10 s while any high-priority alarm is shown. Browsers only allow
// sound after a person has pressed something, so it starts off and a person on that screen turns it on.

const PULSE = 0.15; // s, IEC: 75-200 ms
const SPACING = 0.25; // s, start to start within a group
const STARTS = [0, 1, 2, 3.6, 4.6, 7.2, 8.2, 9.2, 10.8, 11.8].map((i) => i * SPACING);
const REPEAT_MS = 10_000; // IEC: 2.5-15 s between bursts

export class AlarmSound {
  constructor() {
    this.context = null;
    this.timer = null;
    this.active = false;
  }

  get enabled() {
    return this.context !== null;
  }

  /** Turns sound on (must run inside a click); plays one burst so the person hears what it sounds like. */
  enable() {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return false;
    this.context = new Ctx();
    this.burst();
    this.timer = setInterval(() => {
      if (this.active) this.burst();
    }, REPEAT_MS);
    return true;
  }

  disable() {
    clearInterval(this.timer);
    this.timer = null;
    if (this.context) this.context.close();
    this.context = null;
  }

  /** Whether a high-priority alarm is shown now; a newly shown one sounds at once. */
  setHighAlarm(active) {
    if (active && !this.active && this.enabled) this.burst();
    this.active = active;
  }

  burst() {
    const ctx = this.context;
    if (!ctx) return;
    const t0 = ctx.currentTime + 0.05;
    for (const start of STARTS) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = 523;
      gain.gain.setValueAtTime(0, t0 + start);
      gain.gain.linearRampToValueAtTime(0.25, t0 + start + 0.02);
      gain.gain.setValueAtTime(0.25, t0 + start + PULSE - 0.02);
      gain.gain.linearRampToValueAtTime(0, t0 + start + PULSE);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + start);
      osc.stop(t0 + start + PULSE + 0.01);
    }
  }
}
