// The diary's last list, kept in memory between screens.
//
// Opening the diary shows this list at once while a fresh one loads, and an entry just saved is
// put into it straight away: with 10,000 entries, asking the shell for the whole list again
// takes most of a second, and a person who has just pressed Save should see their entry now.
// Memory only, and cleared when Casebook locks, like the drafts.
import * as ipc from './ipc';
import type { EntrySummary, PatternSummary, WeekCounts } from './ipc';
import { buildFilter } from './logic/filter';

interface Cached {
  key: string;
  /** Null until the list for this key has arrived (the charts' figures come first). */
  entries: EntrySummary[] | null;
  weeks: WeekCounts[];
  /** Core's pattern for the same filter (shown until the fresh one replaces it). */
  pattern: PatternSummary | null;
}

let cache: Cached | null = null;

/** The list last shown for this filter key, if it is the one kept and its list has arrived. */
export function cachedDiary(key: string): (Cached & { entries: EntrySummary[] }) | null {
  return cache?.key === key && cache.entries !== null ? { ...cache, entries: cache.entries } : null;
}

// The list, the weeks and the pattern of one filter arrive separately (the charts first): each is
// kept beside the others while the key stays the same, and a new key starts a new kept diary.
function keptFor(key: string): Cached {
  return cache?.key === key ? cache : { key, entries: null, weeks: [], pattern: null };
}

export function storeDiary(key: string, entries: EntrySummary[]): void {
  cache = { ...keptFor(key), entries };
}

/** Keeps the weekly counts worked out for this filter. */
export function storeWeeks(key: string, weeks: WeekCounts[]): void {
  cache = { ...keptFor(key), weeks };
}

/** Keeps the pattern worked out for this filter. */
export function storePattern(key: string, pattern: PatternSummary): void {
  cache = { ...keptFor(key), pattern };
}

export function clearDiaryCache(): void {
  cache = null;
}

/** The key of the diary with no filters: the only list a saved entry certainly belongs in. */
export function unfilteredKey(): string {
  return JSON.stringify(buildFilter({ kind: '', personId: '', from: '', to: '', search: '' }));
}

/** Puts a just-saved entry (new or corrected) into the kept unfiltered list. A filtered list
 * is dropped instead: whether the entry belongs in it is the shell's to say. */
export async function noteSaved(id: number): Promise<void> {
  if (!cache) return;
  if (cache.key !== unfilteredKey()) {
    cache = null;
    return;
  }
  if (cache.entries === null) return;
  const summary = await ipc.getEntrySummary(id);
  if (!cache?.entries) return;
  const rest = cache.entries.filter((e) => e.id !== id);
  cache = { ...cache, entries: [...rest, summary] };
}
