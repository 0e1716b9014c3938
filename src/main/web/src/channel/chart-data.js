// What the session chart draws, worked out from the session's journal (SessionJournal) and the channel's newest
// answer (the daemon's view, read every second). The journal is read every two seconds and is the record; the
// view fills in what the journal has not yet said (a start a moment ago, the rate and volume now), so the chart
// shows the whole plan and the present from the first second. Times in ms of the daemon's clock.

/** States in which the rest of the plan is still to be given: the planned line is drawn on to its end. */
const AHEAD = new Set(['RUNNING', 'PAUSED', 'PROGRAMMED', 'AWAITING_CONFIRMATION']);

/**
 * The plan's volume over time: it grows at each step's planned rate while the infusion runs and holds while it
 * does not. While the rest of the plan is still to come (running, paused, loaded), it is projected from the last
 * start (running) or from now (otherwise) to the plan's total. `states`: [[ms, state]], oldest first.
 */
export function plannedVolume(steps, states, nowMs, state) {
  const bounds = [];
  let total = 0;
  for (const s of steps) {
    total += Number(s.vtbiMl);
    bounds.push({ until: total, rate: Number(s.rateMlPerH) });
  }
  const points = [];
  let volume = 0;
  let since = null;
  const advance = (from, to) => {
    let t = from;
    while (t < to && volume < total - 1e-9) {
      const step = bounds.find((b) => volume < b.until - 1e-9);
      const msToStepEnd = ((step.until - volume) / step.rate) * 3600000;
      const dt = Math.min(to - t, msToStepEnd);
      volume = Math.min(step.until, volume + (step.rate * dt) / 3600000);
      t += dt;
      points.push([t, volume]);
    }
  };
  for (const [at, s] of states) {
    if (s === 'RUNNING' && since === null) {
      since = at;
      points.push([at, volume]);
    } else if (s !== 'RUNNING' && since !== null) {
      advance(since, at);
      points.push([at, volume]);
      since = null;
    }
  }
  if (since !== null && state === 'RUNNING') {
    advance(since, Infinity);
  } else if (since === null && AHEAD.has(state) && volume < total - 1e-9) {
    points.push([nowMs, volume]); // held since the pause (or not started yet): the rest from now
    advance(nowMs, Infinity);
  }
  return points;
}

/**
 * The journal's states with the view's state added when the journal has not recorded it yet. A start the journal
 * has not shown is placed at the program's `startedAt` (the first start), a later move at the view's time.
 */
export function statesWithView(states, view) {
  const last = states.length ? states[states.length - 1] : null;
  const state = view.infusionState;
  if (last && last[1] === state) return states;
  let at = Date.parse(view.asOf);
  const startedAt = view.program && view.program.startedAt ? Date.parse(view.program.startedAt) : NaN;
  if (state === 'RUNNING' && !states.some(([, s]) => s === 'RUNNING') && Number.isFinite(startedAt)) at = startedAt;
  if (last && at < last[0]) return states; // the journal is newer than this view
  return [...states, [at, state]];
}

/** A series of [ms, value] with the view's value now added when it is newer than the series' last point. */
function withNow(series, nowMs, value) {
  const last = series.length ? series[series.length - 1][0] : -Infinity;
  return Number.isFinite(value) && nowMs > last ? [...series, [nowMs, value]] : series;
}

/**
 * Everything the chart draws for the loaded program of `view` (null without one): the planned and delivered
 * volume and the pump's rate as [ms, value] series, the vitals, the markers, and the time axis from the session's
 * start to its expected end (now, when that is later).
 */
export function sessionSeries(journal, view) {
  const p = view && view.program;
  if (!p || !p.steps || p.steps.length === 0) return null;
  // Until the journal has read this session's program order it still holds the previous session (or nothing).
  const current = journal.sessionId !== null && (!p.sessionId || journal.sessionId === p.sessionId);
  const j = current ? journal : { states: [], delivered: [], rates: [], vitals: [], markers: [] };
  const nowMs = Date.parse(view.asOf);
  const states = statesWithView(j.states, view);
  const planned = plannedVolume(p.steps, states, nowMs, view.infusionState);
  const firstRun = states.find(([, s]) => s === 'RUNNING');
  let delivered = j.delivered;
  if (firstRun && (delivered.length === 0 || delivered[0][0] > firstRun[0])) delivered = [[firstRun[0], 0], ...delivered];
  if (firstRun) delivered = withNow(delivered, nowMs, Number(view.deliveredMl));
  const rates = withNow(j.rates, nowMs, Number(view.pumpRateMlPerH));

  const programmedAt = Date.parse(p.programmedAt);
  const start = Math.min(Number.isFinite(programmedAt) ? programmedAt : nowMs, states.length ? states[0][0] : nowMs, nowMs);
  const expectedEnd = p.expectedEnd ? Date.parse(p.expectedEnd) : NaN;
  const end = Math.max(nowMs, planned.length ? planned[planned.length - 1][0] : nowMs,
    Number.isFinite(expectedEnd) ? expectedEnd : nowMs);
  const markers = AHEAD.has(view.infusionState) ? [...j.markers, { at: nowMs, kind: 'now', label: 'now' }] : j.markers;
  return { start, end, planned, delivered, rates, vitals: j.vitals, markers, rearmed: j.rearmed || [] };
}
