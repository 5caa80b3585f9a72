// The diary's filter boxes as the EntryFilter the shell understands.
import type { EntryFilter, EntryKind } from '../ipc/types';
import { isEntryKind } from './kinds';
import { dayEndRfc3339, dayStartRfc3339 } from './time';

export interface FilterInputs {
  kind: string;
  personId: string;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, inclusive (the whole day). */
  to: string;
  search: string;
}

export function buildFilter(v: FilterInputs, offsetAt?: (d: Date) => number): EntryFilter {
  const person = v.personId === '' ? null : Number(v.personId);
  return {
    from: v.from ? dayStartRfc3339(v.from, offsetAt) : null,
    to: v.to ? dayEndRfc3339(v.to, offsetAt) : null,
    kinds: isEntryKind(v.kind) ? [v.kind as EntryKind] : [],
    person_id: person !== null && Number.isInteger(person) ? person : null,
    text: v.search.trim() || null,
    tags: [],
    hide_retracted: false,
  };
}

export function filtersActive(v: FilterInputs): boolean {
  return !!(v.kind || v.personId || v.from || v.to || v.search.trim());
}
