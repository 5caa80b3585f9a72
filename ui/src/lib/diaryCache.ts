// The diary's last pages, kept in memory between screens.
//
// Opening the diary shows what was kept at once while a fresh first page loads, and an entry
// just saved is put into it straight away: a person who has just pressed Save should see their
// entry now. Only the pages already shown are kept (core pages the diary: a 10,000-entry list
// is megabytes), never the whole diary. Memory only, and cleared when Casebook locks, like the
// drafts.
import * as ipc from './ipc';
import type { DayOrder, DiaryCursor, EntrySummary, PatternSummary, WeekCounts } from './ipc';
import { buildFilter } from './logic/filter';
import { comesAfter } from './logic/timeline';

/** The pages shown so far, as one: their entries, and where the next page would start. */
export interface ShownPages {
  entries: EntrySummary[];
  /** Every entry the filter picks. */
  total: number;
  /** How many come after the pages shown. */
  remaining: number;
  /** Where the next page starts (null: nothing after). */
  next: DiaryCursor | null;
}

interface Cached {
  key: string;
  order: DayOrder;
  /** Null until the first page for this key has arrived (the charts' figures come first). */
  pages: ShownPages | null;
  weeks: WeekCounts[];
  /** Core's pattern for the same filter (shown until the fresh one replaces it). */
  pattern: PatternSummary | null;
}

let cache: Cached | null = null;

/** What was last shown for this key (filter and order), if it is the one kept and its first
 * page has arrived. */
export function cachedDiary(key: string): (Cached & { pages: ShownPages }) | null {
  return cache?.key === key && cache.pages !== null ? { ...cache, pages: cache.pages } : null;
}

/** The key the diary keeps its pages under: the filter and the order (a page depends on both). */
export function diaryKey(filter: unknown, order: DayOrder): string {
  return JSON.stringify({ filter, order });
}

// The pages, the weeks and the pattern of one filter arrive separately (the charts first): each
// is kept beside the others while the key stays the same, and a new key starts a new kept diary.
function keptFor(key: string, order: DayOrder): Cached {
  return cache?.key === key ? cache : { key, order, pages: null, weeks: [], pattern: null };
}

/** Keeps the pages shown for this key (the first alone, or with those "Show more" added). */
export function storeDiary(key: string, order: DayOrder, pages: ShownPages): void {
  cache = { ...keptFor(key, order), pages };
}

/** Keeps the weekly counts worked out for this key's filter. */
export function storeWeeks(key: string, order: DayOrder, weeks: WeekCounts[]): void {
  cache = { ...keptFor(key, order), weeks };
}

/** Keeps the pattern worked out for this key's filter. */
export function storePattern(key: string, order: DayOrder, pattern: PatternSummary): void {
  cache = { ...keptFor(key, order), pattern };
}

export function clearDiaryCache(): void {
  cache = null;
}

/** The key of the diary with no filters: the only one a saved entry certainly belongs in. */
export function unfilteredKey(order: DayOrder): string {
  return diaryKey(buildFilter({ kind: '', personId: '', from: '', to: '', search: '' }), order);
}

/** Puts a just-saved entry (`isNew`, or a corrected one) into the kept unfiltered pages, if it
 * falls among them; one that falls after them is only counted (it comes with a later page).
 * Filtered pages are dropped instead: whether the entry belongs in them is core's to say. */
export async function noteSaved(id: number, isNew: boolean): Promise<void> {
  if (!cache) return;
  if (cache.key !== unfilteredKey(cache.order)) {
    cache = null;
    return;
  }
  if (cache.pages === null) return;
  const summary = await ipc.getEntrySummary(id);
  if (!cache?.pages) return;
  const pages = cache.pages;
  const wasShown = pages.entries.some((e) => e.id === id);
  const wasAfter = !isNew && !wasShown;
  const isAfter = pages.next !== null && comesAfter(summary, pages.next, cache.order);
  const rest = pages.entries.filter((e) => e.id !== id);
  cache = {
    ...cache,
    pages: {
      entries: isAfter ? rest : [...rest, summary],
      total: pages.total + (isNew ? 1 : 0),
      remaining: pages.remaining + (isAfter ? 1 : 0) - (wasAfter ? 1 : 0),
      next: pages.next,
    },
  };
}
