// The pattern chart's arithmetic: incidents per week, stacked by kind in a fixed order, with
// a y axis rounded to easy numbers.
import type { WeekCounts } from '../ipc/types';
import { KIND_ORDER } from './kinds';

export interface Segment {
  kind: string;
  count: number;
  /** Cumulative count below this segment. */
  from: number;
  /** Cumulative count at its top. */
  to: number;
}

export interface Bar {
  weekStart: string;
  total: number;
  segments: Segment[];
}

export interface Stacked {
  bars: Bar[];
  /** The kinds that occur at all, in stacking order (for the legend and the table). */
  kinds: string[];
  /** The top of the y axis. */
  max: number;
  /** Tick values from 0 to max. */
  ticks: number[];
}

/** Kinds in the app's order; any kind the app does not know goes last, alphabetically. */
function kindRank(kind: string): number {
  const i = (KIND_ORDER as readonly string[]).indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
}

/** A step of 1, 2 or 5 times a power of ten giving at most `maxTicks` intervals. */
export function niceStep(max: number, maxTicks = 5): number {
  if (max <= 0) return 1;
  const raw = max / maxTicks;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) {
    const step = m * power;
    if (step >= raw) return Math.max(1, step);
  }
  return Math.max(1, 10 * power);
}

export function stackWeeks(weeks: readonly WeekCounts[]): Stacked {
  const present = new Set<string>();
  for (const w of weeks) for (const [k, n] of Object.entries(w.by_kind)) if ((n ?? 0) > 0) present.add(k);
  const kinds = [...present].sort((a, b) => kindRank(a) - kindRank(b) || a.localeCompare(b));
  const bars = [...weeks]
    .sort((a, b) => a.week_start.localeCompare(b.week_start))
    .map((w) => {
      let at = 0;
      const segments: Segment[] = [];
      for (const kind of kinds) {
        const count = w.by_kind[kind] ?? 0;
        if (count > 0) {
          segments.push({ kind, count, from: at, to: at + count });
          at += count;
        }
      }
      return { weekStart: w.week_start, total: at, segments };
    });
  const highest = bars.reduce((m, b) => Math.max(m, b.total), 0);
  const step = niceStep(highest);
  const max = Math.max(step, Math.ceil(highest / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= max; t += step) ticks.push(t);
  return { bars, kinds, max, ticks };
}
