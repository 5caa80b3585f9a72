// The weekly chart's arithmetic: incidents per week, stacked by kind (in the app's fixed order)
// or by channel (the busiest first, the rest together so many channels stay readable), with a
// y axis rounded to easy numbers. The counts themselves are core's (WeekCounts).
import type { WeekCounts } from '../ipc/types';
import { KIND_ORDER, kindLabel } from './kinds';

export type ChartBy = 'kind' | 'channel';

/** Channels drawn with their own colour; any beyond these are drawn together. */
export const MAX_CHANNELS = 6;
/** The series key of the channels beyond MAX_CHANNELS (a key no channel can have). */
export const OTHER_CHANNELS = '\u0000other';

export interface Segment {
  /** The series: a kind's machine name, or a channel as written. */
  key: string;
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

export interface Series {
  key: string;
  label: string;
  /** The CSS class giving its colour (k-<kind> or c-<rank>). */
  colour: string;
}

export interface Stacked {
  bars: Bar[];
  /** The series that occur at all, in stacking order (for the legend and the table). */
  series: Series[];
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

/** A channel as a person reads it: entries without one count under "". */
export function channelLabel(channel: string): string {
  if (channel === OTHER_CHANNELS) return 'Other channels';
  return channel.trim() === '' ? 'No channel given' : channel;
}

function kindSeries(weeks: readonly WeekCounts[]): { series: Series[]; keyOf: (k: string) => string } {
  const present = new Set<string>();
  for (const w of weeks) for (const [k, n] of Object.entries(w.by_kind)) if ((n ?? 0) > 0) present.add(k);
  const keys = [...present].sort((a, b) => kindRank(a) - kindRank(b) || a.localeCompare(b));
  return { series: keys.map((k) => ({ key: k, label: kindLabel(k), colour: `k-${k}` })), keyOf: (k) => k };
}

function channelSeries(weeks: readonly WeekCounts[]): { series: Series[]; keyOf: (c: string) => string } {
  const totals = new Map<string, number>();
  for (const w of weeks)
    for (const [c, n] of Object.entries(w.by_channel)) if ((n ?? 0) > 0) totals.set(c, (totals.get(c) ?? 0) + n!);
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  // Seven colours at most: the six busiest channels and, only if there are more, the rest as one.
  const own = ranked.length > MAX_CHANNELS + 1 ? ranked.slice(0, MAX_CHANNELS) : ranked;
  const keys = own.length < ranked.length ? [...own, OTHER_CHANNELS] : own;
  const kept = new Set(own);
  return {
    series: keys.map((c, i) => ({ key: c, label: channelLabel(c), colour: `c-${i}` })),
    keyOf: (c) => (kept.has(c) ? c : OTHER_CHANNELS),
  };
}

export function stackWeeks(weeks: readonly WeekCounts[], by: ChartBy = 'kind'): Stacked {
  const { series, keyOf } = by === 'kind' ? kindSeries(weeks) : channelSeries(weeks);
  const bars = [...weeks]
    .sort((a, b) => a.week_start.localeCompare(b.week_start))
    .map((w) => {
      const counts = new Map<string, number>();
      for (const [k, n] of Object.entries(by === 'kind' ? w.by_kind : w.by_channel))
        if ((n ?? 0) > 0) counts.set(keyOf(k), (counts.get(keyOf(k)) ?? 0) + n!);
      let at = 0;
      const segments: Segment[] = [];
      for (const s of series) {
        const count = counts.get(s.key) ?? 0;
        if (count > 0) {
          segments.push({ key: s.key, count, from: at, to: at + count });
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
  return { bars, series, max, ticks };
}
