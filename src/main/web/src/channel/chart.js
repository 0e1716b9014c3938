// The session chart, drawn by uPlot (from npm): planned vs delivered volume and the pump rate as steps in the
// upper plot; SBP, DBP, HR and SpO2 with the entry's limits in the lower; alarm and clinician-event markers on
// both, and a "now" line while the rest of the plan is still to come. The two plots share one time axis (same
// range, synchronised cursor), from the session's start to its expected end. Time is the daemon's clock; what is
// drawn is worked out in chart-data.js.
import uPlot from 'uplot';
import { el, fill, show } from '../common/console/dom.js';
import { sessionSeries } from './chart-data.js';

const COLORS = {
  planned: '#b9c4ce',
  delivered: '#57d17a',
  rate: '#8fd3ff',
  sbp: '#ff8a80',
  dbp: '#ffb74d',
  hr: '#ce93d8',
  spo2: '#4dd0e1',
  alarm: '#ff5252',
  clinician: '#ffe066',
  observation: '#80cbc4',
  safety: '#ffab40',
  now: '#ffffff',
};
const AXIS = { stroke: '#b9c4ce', grid: { stroke: '#2a3642', width: 1 }, ticks: { stroke: '#3a4856' } };
const pad = (n) => String(n).padStart(2, '0');
/** Clock times on the time axis, 24 h, with seconds only when the ticks are closer than a minute. */
const TIME_AXIS = {
  ...AXIS,
  values: (u, splits, axis, space, incr) => splits.map((t) => {
    const d = new Date(t * 1000);
    return incr < 60 ? `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
      : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }),
};
const SYNC = 'dosewarden-session';
/** From zero to a fifth above the largest value, so a line at its maximum is not hidden by the frame. */
const headroom = (u, min, max) => [0, Math.max(1, (max || 0) * 1.2)];

function markerPlugin(getMarkers) {
  return {
    hooks: {
      draw: [(u) => {
        const { ctx } = u;
        const top = u.bbox.top;
        const height = u.bbox.height;
        ctx.save();
        ctx.font = `${Math.round(12 * devicePixelRatio)}px sans-serif`;
        let row = 0;
        let lastX = -Infinity;
        for (const m of getMarkers()) {
          const x = Math.round(u.valToPos(m.at / 1000, 'x', true));
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.strokeStyle = COLORS[m.kind] || '#fff';
          ctx.fillStyle = ctx.strokeStyle;
          ctx.setLineDash(m.kind === 'alarm' ? [] : m.kind === 'now' ? [1 * devicePixelRatio, 3 * devicePixelRatio]
            : [4 * devicePixelRatio, 3 * devicePixelRatio]);
          ctx.lineWidth = (m.kind === 'alarm' ? 2 : 1) * devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          // Labels of markers close together go one under the other instead of over each other.
          row = x - lastX < 90 * devicePixelRatio ? (row + 1) % 4 : 0;
          lastX = x;
          // A label that would run past the plot's right edge is written to the left of its line.
          const w = ctx.measureText(m.label).width;
          const right = x + 3 * devicePixelRatio + w > u.bbox.left + u.bbox.width;
          ctx.fillText(m.label, right ? x - 3 * devicePixelRatio - w : x + 3 * devicePixelRatio,
            top + (13 + 14 * row) * devicePixelRatio);
        }
        ctx.restore();
      }],
    },
  };
}

/**
 * Where the pump was re-armed at the end of a delivery lease (a pump without its own watchdog is armed for one
 * stretch at a time and stops at its end until the next is armed): a small mark at the foot of the plot, so the
 * rate's drop to 0 there reads as what it was, not as an interruption nobody explains.
 */
function rearmPlugin(getTimes) {
  return {
    hooks: {
      draw: [(u) => {
        const { ctx } = u;
        const r = devicePixelRatio;
        const foot = u.bbox.top + u.bbox.height;
        ctx.save();
        ctx.fillStyle = COLORS.rate;
        ctx.font = `${Math.round(11 * r)}px sans-serif`;
        let lastLabel = -Infinity;
        for (const at of getTimes()) {
          const x = Math.round(u.valToPos(at / 1000, 'x', true));
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.beginPath();
          ctx.moveTo(x, foot - 9 * r);
          ctx.lineTo(x - 5 * r, foot);
          ctx.lineTo(x + 5 * r, foot);
          ctx.closePath();
          ctx.fill();
          if (x - lastLabel > 80 * r) {
            ctx.fillText('re-armed', x + 6 * r, foot - 3 * r);
            lastLabel = x;
          }
        }
        ctx.restore();
      }],
    },
  };
}

function limitPlugin(getLimits) {
  return {
    hooks: {
      draw: [(u) => {
        const { ctx } = u;
        ctx.save();
        for (const l of getLimits()) {
          const y = Math.round(u.valToPos(l.value, l.scale, true));
          if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
          ctx.strokeStyle = COLORS[l.sign];
          ctx.setLineDash(l.hard ? [] : [6 * devicePixelRatio, 4 * devicePixelRatio]);
          ctx.lineWidth = devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(u.bbox.left + u.bbox.width, y);
          ctx.stroke();
        }
        ctx.restore();
      }],
    },
  };
}

export class SessionChart {
  constructor(root, vitalsRoot, empty, legend) {
    this.root = root;
    this.vitalsRoot = vitalsRoot;
    this.empty = empty;
    this.legend = legend;
    this.markers = [];
    this.rearmed = [];
    this.limits = [];
    this.shown = null;
    this.volumePlot = null;
    this.vitalsPlot = null;
    this.legendKey = null;
    root.sessionChart = this; // for the page tests: what is drawn (`shown`)
    new ResizeObserver(() => this.resize()).observe(root);
  }

  width() {
    return Math.max(280, this.root.clientWidth || 600);
  }

  build() {
    const cursor = { sync: { key: SYNC } };
    const time = { time: true };
    this.volumePlot = new uPlot({
      width: this.width(), height: 240, cursor, scales: { x: time, mL: { range: headroom }, rate: { range: headroom } },
      legend: { show: true },
      axes: [TIME_AXIS, { ...AXIS, scale: 'mL', label: 'volume (mL)' },
        { ...AXIS, scale: 'rate', side: 1, label: 'rate (mL/h)', grid: { show: false } }],
      series: [{},
        { label: 'planned mL', scale: 'mL', stroke: COLORS.planned, dash: [8, 5], width: 2, spanGaps: true },
        { label: 'delivered mL', scale: 'mL', stroke: COLORS.delivered, width: 3, spanGaps: true },
        { label: 'rate mL/h', scale: 'rate', stroke: COLORS.rate, width: 2, spanGaps: true, paths: uPlot.paths.stepped({ align: 1 }) }],
      plugins: [markerPlugin(() => this.markers), rearmPlugin(() => this.rearmed)],
    }, [[], [], [], []], this.root);
    this.vitalsPlot = new uPlot({
      width: this.width(), height: 200, cursor, scales: { x: time, v: { range: [40, 200] }, pct: { range: [80, 100] } },
      legend: { show: true },
      axes: [TIME_AXIS, { ...AXIS, scale: 'v', label: 'mmHg · /min' },
        { ...AXIS, scale: 'pct', side: 1, label: 'SpO₂ %', grid: { show: false } }],
      series: [{},
        { label: 'SBP', scale: 'v', stroke: COLORS.sbp, width: 2, spanGaps: true, points: { show: true, size: 5 } },
        { label: 'DBP', scale: 'v', stroke: COLORS.dbp, width: 2, spanGaps: true, points: { show: true, size: 5 } },
        { label: 'HR', scale: 'v', stroke: COLORS.hr, width: 2, spanGaps: true, points: { show: true, size: 5 } },
        { label: 'SpO₂', scale: 'pct', stroke: COLORS.spo2, width: 2, spanGaps: true, points: { show: true, size: 5 } }],
      plugins: [markerPlugin(() => this.markers), limitPlugin(() => this.limits)],
    }, [[], [], [], [], []], this.vitalsRoot);
  }

  /** The key under the plots; the "now" line and the re-arm mark are explained only while there is one. */
  fillLegend(now, rearms) {
    const key = `${now} ${rearms}`;
    if (this.legendKey === key) return;
    this.legendKey = key;
    fill(this.legend, el('span', { class: 'legend__item legend__item--alarm', text: 'alarm' }),
      el('span', { class: 'legend__item legend__item--clinician', text: 'clinician event' }),
      el('span', { class: 'legend__item legend__item--observation', text: 'observation' }),
      now ? el('span', { class: 'legend__item legend__item--now', text: 'now (the plan ahead is drawn from here)' }) : null,
      rearms ? el('span', { class: 'legend__item legend__item--rearm', text: 'pump re-armed: its delivery lease ran '
        + 'out and it stopped until armed again (the rate drops to 0 there)' }) : null,
      el('span', { class: 'legend__item legend__item--hard', text: 'hard vitals limit (solid, colour of its sign)' }),
      el('span', { class: 'legend__item legend__item--soft', text: 'soft vitals limit (dashed)' }));
  }

  resize() {
    if (!this.volumePlot) return;
    const w = this.width();
    this.volumePlot.setSize({ width: w, height: 240 });
    this.vitalsPlot.setSize({ width: w, height: 200 });
  }

  /** Vitals limits of the entry (`vitals` of the programming view), drawn as lines. */
  setLimits(vitals) {
    const scale = (sign) => (sign === 'spo2' ? 'pct' : 'v');
    const shown = new Set(['sbp', 'dbp', 'hr', 'spo2']);
    this.limits = vitals ? [
      ...(vitals.hardLimits || []).filter((l) => shown.has(l.sign))
        .map((l) => ({ sign: l.sign, value: l.value, scale: scale(l.sign), hard: true })),
      ...(vitals.softLimits || []).filter((l) => shown.has(l.sign))
        .map((l) => ({ sign: l.sign, value: l.value, scale: scale(l.sign), hard: false })),
    ] : [];
  }

  /**
   * Draws the session of the loaded program: `journal` (SessionJournal) and `view` (the channel's newest answer).
   * What is drawn is also kept in `shown` (times in ms), which the page tests read.
   */
  update(journal, view) {
    const data = sessionSeries(journal, view);
    const has = data !== null;
    show(this.empty, !has);
    show(this.root, has);
    show(this.vitalsRoot, has);
    show(this.legend, has);
    this.shown = data;
    if (!has) return;
    if (!this.volumePlot) this.build();
    this.markers = data.markers;
    this.rearmed = data.rearmed;
    this.fillLegend(data.markers.some((m) => m.kind === 'now'), data.rearmed.length > 0);

    // One x array for the upper plot: every time any of its series has a point.
    const rows = new Map();
    const put = (at, i, v) => {
      const row = rows.get(at) || [null, null, null];
      row[i] = v;
      rows.set(at, row);
    };
    data.planned.forEach(([at, v]) => put(at, 0, v));
    data.delivered.forEach(([at, v]) => put(at, 1, v));
    data.rates.forEach(([at, v]) => put(at, 2, v));
    const xs = [...rows.keys()].sort((a, b) => a - b);
    this.volumePlot.setData([xs.map((x) => x / 1000), xs.map((x) => rows.get(x)[0]), xs.map((x) => rows.get(x)[1]),
      xs.map((x) => rows.get(x)[2])], false);
    this.volumePlot.setScale('x', { min: data.start / 1000, max: data.end / 1000 });

    const vx = data.vitals.map(([at]) => at / 1000);
    const sign = (k) => data.vitals.map(([, v]) => (v[k] === undefined ? null : v[k]));
    this.vitalsPlot.setData([vx, sign('sbp'), sign('dbp'), sign('hr'), sign('spo2')], false);
    this.vitalsPlot.setScale('x', { min: data.start / 1000, max: data.end / 1000 });
  }
}
