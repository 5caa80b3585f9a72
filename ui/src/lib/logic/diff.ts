// What changed between two versions of an entry, field by field, in plain words.
import type { EntryFields } from '../ipc/types';
import { formatDuration } from './entryForm';
import { directionLabel, kindLabel } from './kinds';
import { formatOccurred } from './time';

export interface FieldChange {
  /** Stable key, e.g. "call.direction". */
  key: string;
  /** What a person calls it. */
  label: string;
  /** '' when the field was empty. */
  before: string;
  after: string;
}

type PersonName = (id: number) => string;

/** Every field as text, in the order the entry view shows them. */
export function describeFields(f: EntryFields, personName: PersonName = (id) => `Person ${id}`): [string, string, string][] {
  const yes = (b: boolean) => (b ? 'Yes' : 'No');
  const source =
    f.source.type === 'import' ? `Imported (${f.source.format})` : 'Written in Casebook';
  return [
    ['kind', 'Kind', kindLabel(f.kind)],
    ['title', 'Title', f.title],
    ['occurred.start', 'When it happened', formatOccurred(f.occurred.start)],
    ['occurred.approximate', 'Time is approximate', yes(f.occurred.approximate)],
    ['occurred.end', 'Until', f.occurred.end ? formatOccurred(f.occurred.end) : ''],
    ['person_id', 'Person responsible', f.person_id != null ? personName(f.person_id) : ''],
    ['channel', 'Channel', f.channel ?? ''],
    ['identifier', 'Number, address, handle or vehicle', f.identifier ?? ''],
    ['call.direction', 'Call direction', f.call?.direction ? directionLabel(f.call.direction) : ''],
    ['call.duration_secs', 'Call length', f.call?.duration_secs != null ? formatDuration(f.call.duration_secs) : ''],
    ['location', 'Where', f.location ?? ''],
    ['narrative', 'What happened', f.narrative],
    ['witnesses', 'Witnesses', (f.witnesses ?? []).join(', ')],
    ['impact', 'How it affected you', f.impact ?? ''],
    ['actions.blocked', 'Blocked them', yes(f.actions.blocked)],
    ['actions.reported_to', 'Reported to', f.actions.reported_to ?? ''],
    ['actions.police_reference', 'Police reference', f.actions.police_reference ?? ''],
    ['actions.officer', 'Officer', f.actions.officer ?? ''],
    ['actions.other', 'Other action taken', f.actions.other ?? ''],
    ['tags', 'Tags', (f.tags ?? []).join(', ')],
    ['source', 'Source', source],
  ];
}

/** The fields that differ between `before` and `after`. */
export function diffFields(before: EntryFields, after: EntryFields, personName?: PersonName): FieldChange[] {
  const a = describeFields(before, personName);
  const b = describeFields(after, personName);
  const changes: FieldChange[] = [];
  a.forEach(([key, label, was], i) => {
    const now = b[i]![2];
    if (was !== now) changes.push({ key, label, before: was, after: now });
  });
  return changes;
}
