// How the diary draws core's PatternSummary: the longest gap with readable dates, the day ×
// hour grid's shades and busiest hour, and the escalation comparisons as rows for the chart and
// its table. Every figure is core's; this file only chooses words and shades.
import type { Gap, PatternSummary, Trend } from '../ipc/types';
import { parseRfc3339 } from './time';

export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FULL_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** "3 May" and the year, from an entry's time as written (its own offset). */
function dayParts(at: string): { day: string; year: string } | null {
  const w = parseRfc3339(at);
  if (!w) return null;
  const [y, m, d] = w.date.split('-');
  return { day: `${Number(d)} ${FULL_MONTHS[Number(m) - 1]}`, year: y! };
}

/** "No incidents for 23 days, 3 May to 26 May 2026." (the year on both ends when they differ). */
export function gapWords(gap: Gap | null): string {
  if (!gap) return '';
  const from = dayParts(gap.from);
  const to = dayParts(gap.to);
  const days = `${gap.days} ${gap.days === 1 ? 'day' : 'days'}`;
  if (!from || !to) return `No incidents for ${days}.`;
  const span =
    from.year === to.year ? `${from.day} to ${to.day} ${to.year}` : `${from.day} ${from.year} to ${to.day} ${to.year}`;
  return `No incidents for ${days}, ${span}.`;
}

/**
 * Core's escalation sentences (first half against last half, the last 4 and 12 weeks against
 * the weeks before), without its longest-gap sentence, which gapWords says with readable dates.
 * Core writes the gap sentence last, and only when there is a gap.
 */
export function escalationWords(s: PatternSummary): string[] {
  return s.longest_gap ? s.words.slice(0, -1) : [...s.words];
}

export interface TrendRow {
  /** What is compared, in words. */
  label: string;
  /** The earlier window, in words. */
  beforeLabel: string;
  /** The later window, in words. */
  afterLabel: string;
  before: number;
  after: number;
  direction: string;
}

const weeks = (n: number) => `${n} ${n === 1 ? 'week' : 'weeks'}`;

/** The comparisons core could make (none under two weeks of diary), in reading order. */
export function trendRows(s: PatternSummary): TrendRow[] {
  const rows: TrendRow[] = [];
  const add = (t: Trend | null, label: string, beforeLabel: string, afterLabel: string) => {
    if (t) rows.push({ label, beforeLabel, afterLabel, before: t.before_per_week, after: t.after_per_week, direction: t.direction });
  };
  add(s.halves, 'First half against last half', `First ${weeks(s.halves?.weeks ?? 0)}`, `Last ${weeks(s.halves?.weeks ?? 0)}`);
  add(s.last_12_weeks, 'Last 12 weeks against the 12 before', 'The 12 weeks before', 'Last 12 weeks');
  add(s.last_4_weeks, 'Last 4 weeks against the 4 before', 'The 4 weeks before', 'Last 4 weeks');
  return rows;
}

/** One decimal place, as core's sentences give them. */
export const perWeek = (n: number) => n.toFixed(1);

/** The grid cell's shade, 0 (none) to 4 (the busiest hour), in quarters of the busiest. */
export function shade(count: number, busiest: number): number {
  if (count <= 0 || busiest <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((count / busiest) * 4)));
}

/** "Sundays 21:00 to 22:00 (5 incidents)": the busiest hour of the week; '' for an empty grid. */
export function busiestHour(grid: number[][]): string {
  let best = { day: -1, hour: -1, n: 0 };
  grid.forEach((hours, day) =>
    hours.forEach((n, hour) => {
      if (n > best.n) best = { day, hour, n };
    }),
  );
  if (best.n === 0) return '';
  const h = (x: number) => `${String(x % 24).padStart(2, '0')}:00`;
  return `${DAYS[best.day]}s ${h(best.hour)} to ${h(best.hour + 1)} (${best.n.toLocaleString('en-GB')} ${best.n === 1 ? 'incident' : 'incidents'})`;
}

/** The highest count in the grid. */
export function gridMax(grid: number[][]): number {
  return grid.reduce((m, hours) => hours.reduce((mm, n) => Math.max(mm, n), m), 0);
}

/** "3 Mar 2026" for an entry's time as written; '' when missing. */
export function shortDate(at: string | null): string {
  const w = at ? parseRfc3339(at) : null;
  if (!w) return '';
  const [y, m, d] = w.date.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}
