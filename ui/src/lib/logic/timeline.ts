// Grouping the timeline by day.
//
// Order: the newest day comes first, and within a day entries read in the order they happened.
// A victim opening the diary wants what they just logged (today) at the top, not at the end of
// months of entries; reading each day top to bottom as it unfolded is how an officer reads a
// day in a statement. The full oldest-first chronology is one switch away (the "Order"
// choice on the diary), and it is what the police report uses. Core pages the diary in this
// same order (crates/core/src/query/page.rs); here the pages shown are grouped into days.
import type { DayOrder, DiaryCursor, EntrySummary } from '../ipc/types';
import { formatDay, parseRfc3339 } from './time';

export type { DayOrder };

export interface DayGroup {
  /** YYYY-MM-DD in the entries' own offset. */
  date: string;
  /** "Sunday 1 March 2026". */
  heading: string;
  /** Oldest first within the day. */
  entries: EntrySummary[];
}

/** Groups entries by the day they happened (as the person wrote the time). Each time is
 * parsed once, not in every comparison: with 10,000 entries that is the difference between a
 * diary that opens at once and one that takes a noticeable moment. */
export function groupByDay(entries: readonly EntrySummary[], order: DayOrder = 'newest_first'): DayGroup[] {
  const byDay = new Map<string, { at: number; entry: EntrySummary }[]>();
  for (const entry of entries) {
    const start = entry.fields.occurred.start;
    const parsed = parseRfc3339(start);
    const day = parsed?.date ?? start.slice(0, 10);
    const item = { at: parsed?.epochMs ?? 0, entry };
    const list = byDay.get(day);
    if (list) list.push(item);
    else byDay.set(day, [item]);
  }
  const days = [...byDay.keys()].sort();
  if (order === 'newest_first') days.reverse();
  return days.map((date) => ({
    date,
    heading: formatDay(date),
    entries: byDay
      .get(date)!
      .sort((a, b) => a.at - b.at || a.entry.id - b.entry.id)
      .map((item) => item.entry),
  }));
}

/** Whether `entry` comes after the place `cursor` marks, in `order` (core's rule: the day as
 * written, then the instant, then the number): an entry saved there belongs to a page not yet
 * shown. */
export function comesAfter(entry: EntrySummary, cursor: DiaryCursor, order: DayOrder): boolean {
  const start = entry.fields.occurred.start;
  const parsed = parseRfc3339(start);
  const day = parsed?.date ?? start.slice(0, 10);
  if (day !== cursor.day) return order === 'newest_first' ? day < cursor.day : day > cursor.day;
  const at = parsed?.epochMs ?? 0;
  const cursorAt = parseRfc3339(cursor.at)?.epochMs ?? 0;
  return at !== cursorAt ? at > cursorAt : entry.id > cursor.id;
}
