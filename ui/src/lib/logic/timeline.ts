// Grouping the timeline by day.
//
// Order: the newest day comes first, and within a day entries read in the order they happened.
// A victim opening the diary wants what they just logged (today) at the top, not at the end of
// months of entries; reading each day top to bottom as it unfolded is how an officer reads a
// day in a statement. The full oldest-first chronology is one switch away (the "Order"
// choice on the diary), and it is what the police report uses.
import type { EntrySummary } from '../ipc/types';
import { formatDay, parseRfc3339 } from './time';

export type DayOrder = 'newest_first' | 'oldest_first';

export interface DayGroup {
  /** YYYY-MM-DD in the entries' own offset. */
  date: string;
  /** "Sunday 1 March 2026". */
  heading: string;
  /** Oldest first within the day. */
  entries: EntrySummary[];
}

function instant(e: EntrySummary): number {
  return parseRfc3339(e.fields.occurred.start)?.epochMs ?? 0;
}

function dayOf(e: EntrySummary): string {
  return parseRfc3339(e.fields.occurred.start)?.date ?? e.fields.occurred.start.slice(0, 10);
}

/** Groups entries by the day they happened (as the person wrote the time). */
export function groupByDay(entries: readonly EntrySummary[], order: DayOrder = 'newest_first'): DayGroup[] {
  const byDay = new Map<string, EntrySummary[]>();
  for (const e of entries) {
    const day = dayOf(e);
    const list = byDay.get(day);
    if (list) list.push(e);
    else byDay.set(day, [e]);
  }
  const days = [...byDay.keys()].sort();
  if (order === 'newest_first') days.reverse();
  return days.map((date) => ({
    date,
    heading: formatDay(date),
    entries: byDay.get(date)!.slice().sort((a, b) => instant(a) - instant(b) || a.id - b.id),
  }));
}

/**
 * The first `limit` entries of the grouped timeline (days cut where the limit falls), so a
 * diary with thousands of entries opens at once on an old laptop; "Show more" raises it.
 */
export function firstEntries(groups: readonly DayGroup[], limit: number): { groups: DayGroup[]; hidden: number } {
  const out: DayGroup[] = [];
  let left = Math.max(0, limit);
  let hidden = 0;
  for (const g of groups) {
    if (left >= g.entries.length) {
      out.push(g);
      left -= g.entries.length;
    } else {
      if (left > 0) out.push({ ...g, entries: g.entries.slice(0, left) });
      hidden += g.entries.length - left;
      left = 0;
    }
  }
  return { groups: out, hidden };
}
