// The quick-log / edit form as plain data, and how it becomes the EntryFields the shell
// saves. Kept out of the component so it can be tested field by field for every kind.
import type { CallDirection, EntryFields, EntryKind } from '../ipc/types';
import { DIRECTIONS, KIND_ORDER, kindLabel } from './kinds';
import { localInputToRfc3339, nowForInput, rfc3339ToLocalInput } from './time';

/** What the form holds: strings as typed, so nothing typed is ever lost to parsing. */
export interface EntryForm {
  kind: EntryKind | '';
  title: string;
  /** datetime-local value: YYYY-MM-DDTHH:mm, this computer's local time. */
  when: string;
  approximate: boolean;
  narrative: string;
  /** Number, address, handle; for sightings, following and visits: the vehicle. */
  identifier: string;
  channel: string;
  direction: CallDirection | '';
  /** As typed: "2:30", "45s", "3" (minutes), "1:02:03". */
  duration: string;
  location: string;
  /** '' or a person id from the case. */
  personId: string;
  /** One name per line. */
  witnesses: string;
  impact: string;
  blocked: boolean;
  reportedTo: string;
  policeReference: string;
  officer: string;
}

export type FieldName =
  | 'identifier'
  | 'channel'
  | 'direction'
  | 'duration'
  | 'location'
  | 'narrative';

/** Which of the kind-specific fields a kind shows (the rest are on every form). */
export const KIND_FIELDS: Record<EntryKind, readonly FieldName[]> = {
  call: ['identifier', 'direction', 'duration', 'narrative'],
  text_message: ['channel', 'identifier', 'narrative'],
  email: ['identifier', 'narrative'],
  social_media: ['channel', 'identifier', 'narrative'],
  voicemail: ['identifier', 'duration', 'narrative'],
  letter_gift_delivery: ['location', 'narrative'],
  sighting: ['location', 'identifier', 'narrative'],
  following: ['location', 'identifier', 'narrative'],
  approach_visit: ['location', 'identifier', 'narrative'],
  property_damage: ['location', 'narrative'],
  threat: ['channel', 'identifier', 'location', 'narrative'],
  third_party_contact: ['channel', 'identifier', 'narrative'],
  report: ['location', 'narrative'],
  other: ['channel', 'identifier', 'location', 'narrative'],
};

/** The vehicle goes in `identifier` for these kinds: it identifies them the way a number does. */
const VEHICLE_KINDS: readonly EntryKind[] = ['sighting', 'following', 'approach_visit'];

/** Field labels and help that fit the kind. */
export function labelsFor(kind: EntryKind | ''): Record<FieldName, string> {
  const message = kind === 'text_message' || kind === 'email' || kind === 'social_media';
  const vehicle = kind !== '' && VEHICLE_KINDS.includes(kind);
  return {
    identifier: vehicle
      ? 'Vehicle (registration, make, colour)'
      : kind === 'call' || kind === 'voicemail'
        ? 'Number or contact name'
        : kind === 'email'
          ? 'Sender’s email address'
          : kind === 'third_party_contact'
            ? 'Who passed it on'
            : message
              ? 'Sender (number, name or handle)'
              : 'Number, address or handle',
    channel: 'Channel (SMS, WhatsApp, Instagram…)',
    direction: 'Which way',
    duration: 'How long (for example 2:30 or 45s)',
    location: 'Where',
    narrative: message
      ? 'The message, word for word'
      : kind === 'call' || kind === 'voicemail'
        ? 'What was said'
        : kind === 'sighting' || kind === 'following' || kind === 'approach_visit'
          ? 'What you saw and what they did'
          : 'What happened',
  };
}

/** A field is shown when the kind uses it, or when it already holds something (never hide data). */
export function visibleFields(form: EntryForm): Set<FieldName> {
  const shown = new Set<FieldName>(form.kind ? KIND_FIELDS[form.kind] : ['narrative']);
  if (form.identifier.trim()) shown.add('identifier');
  if (form.channel.trim()) shown.add('channel');
  if (form.direction) shown.add('direction');
  if (form.duration.trim()) shown.add('duration');
  if (form.location.trim()) shown.add('location');
  shown.add('narrative');
  return shown;
}

export function emptyForm(now: Date = new Date()): EntryForm {
  return {
    kind: '',
    title: '',
    when: nowForInput(now),
    approximate: false,
    narrative: '',
    identifier: '',
    channel: '',
    direction: '',
    duration: '',
    location: '',
    personId: '',
    witnesses: '',
    impact: '',
    blocked: false,
    reportedTo: '',
    policeReference: '',
    officer: '',
  };
}

/** Seconds as the duration box shows them: "2:30", "1:02:03". */
export function formatDuration(secs: number): string {
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Reads a duration: "2:30" (minutes:seconds), "1:02:03", "45s", "3m", "3 min", "3" (minutes),
 * "1h 5m". Empty gives null; something unreadable gives undefined.
 */
export function parseDuration(text: string): number | null | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  let m = /^(\d+):([0-5]?\d)$/.exec(t);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(t);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 60);
  const units = /^(?:(\d+)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:ute)?s?)?)?\s*(?:(\d+)\s*s(?:ec(?:ond)?s?)?)?$/.exec(t);
  if (units && (units[1] || units[2] || units[3])) {
    return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
  }
  return undefined;
}

/** The title used when the person leaves it empty: quick logging should take seconds. */
export function suggestedTitle(form: EntryForm): string {
  if (!form.kind) return '';
  const label = kindLabel(form.kind);
  const who = form.identifier.trim();
  const where = form.location.trim();
  if (form.kind === 'call' && form.direction) {
    const dir = DIRECTIONS.find((d) => d.value === form.direction)?.label.split(' (')[0] ?? '';
    return who ? `${dir} call from ${who}` : `${dir} call`;
  }
  if (who && !VEHICLE_KINDS.includes(form.kind)) return `${label} from ${who}`.slice(0, 200);
  if (where) return `${label} at ${where}`.slice(0, 200);
  return label;
}

/** The limits the vault enforces (crates/core/src/model), checked here first to say so kindly. */
export const MAX_TITLE_CHARS = 500;
export const MAX_TEXT_BYTES = 1024 * 1024;

export type BuildResult =
  | { ok: true; fields: EntryFields }
  | { ok: false; errors: Partial<Record<keyof EntryForm, string>> };

export interface BuildOptions {
  /** The version being edited: fields the form does not show (tags, source, an end time,
   * "other" actions) are carried over from it unchanged. */
  base?: EntryFields;
  /** Converts the local input to RFC 3339 (tests pass a fixed offset). */
  toRfc3339?: (local: string) => string | null;
}

const optional = (text: string): string | null => (text.trim() ? text.trim() : null);
const bytes = (text: string) => new TextEncoder().encode(text).length;

/** Turns the form into EntryFields, or says what needs fixing (nothing is cleared). */
export function buildFields(form: EntryForm, options: BuildOptions = {}): BuildResult {
  const errors: Partial<Record<keyof EntryForm, string>> = {};
  const base = options.base;
  if (!form.kind || !KIND_ORDER.includes(form.kind)) errors.kind = 'Choose what kind of thing happened.';

  // An unchanged time keeps the exact original (offset and seconds): an edit must not move it.
  let start: string | null;
  if (base && form.when === rfc3339ToLocalInput(base.occurred.start)) start = base.occurred.start;
  else start = (options.toRfc3339 ?? ((v: string) => localInputToRfc3339(v)))(form.when);
  if (!start) errors.when = 'Give the date and time (an approximate time is fine: tick “approximate”).';

  const title = form.title.trim() || suggestedTitle(form);
  if (!errors.kind && !title) errors.title = 'Give it a short title.';
  if (Array.from(title).length > MAX_TITLE_CHARS) {
    errors.title = `The title is longer than ${MAX_TITLE_CHARS} characters; put the detail in the description.`;
  }
  if (bytes(form.narrative) > MAX_TEXT_BYTES) errors.narrative = 'This text is too long to save in one entry (over 1 MB). Split it, or attach it as a file.';
  if (bytes(form.impact) > MAX_TEXT_BYTES) errors.impact = 'This text is too long to save in one entry (over 1 MB).';

  const duration = parseDuration(form.duration);
  if (duration === undefined) errors.duration = 'Write the length like 2:30 (minutes and seconds), 45s or 3m.';

  let personId: number | null = null;
  if (form.personId !== '') {
    const n = Number(form.personId);
    if (Number.isInteger(n) && n >= 0) personId = n;
    else errors.personId = 'Choose a person from the list.';
  }

  if (Object.keys(errors).length > 0 || !form.kind || !start) return { ok: false, errors };

  const call =
    form.direction || duration != null
      ? { direction: form.direction || null, duration_secs: duration ?? null }
      : null;

  const fields: EntryFields = {
    occurred: { start, approximate: form.approximate, end: base?.occurred.end ?? null },
    kind: form.kind,
    title,
    narrative: form.narrative,
    location: optional(form.location),
    channel: optional(form.channel),
    identifier: optional(form.identifier),
    call,
    person_id: personId,
    witnesses: form.witnesses
      .split(/\r?\n/)
      .map((w) => w.trim())
      .filter((w) => w.length > 0),
    impact: optional(form.impact),
    actions: {
      blocked: form.blocked,
      reported_to: optional(form.reportedTo),
      police_reference: optional(form.policeReference),
      officer: optional(form.officer),
      other: base?.actions.other ?? null,
    },
    tags: [...(base?.tags ?? [])],
    source: base ? base.source : { type: 'manual' },
  };
  return { ok: true, fields };
}

/** The form prefilled from a saved version (for Edit). */
export function formFromFields(fields: EntryFields): EntryForm {
  return {
    kind: fields.kind,
    title: fields.title,
    when: rfc3339ToLocalInput(fields.occurred.start),
    approximate: fields.occurred.approximate,
    narrative: fields.narrative,
    identifier: fields.identifier ?? '',
    channel: fields.channel ?? '',
    direction: fields.call?.direction ?? '',
    duration: fields.call?.duration_secs != null ? formatDuration(fields.call.duration_secs) : '',
    location: fields.location ?? '',
    personId: fields.person_id != null ? String(fields.person_id) : '',
    witnesses: (fields.witnesses ?? []).join('\n'),
    impact: fields.impact ?? '',
    blocked: fields.actions.blocked,
    reportedTo: fields.actions.reported_to ?? '',
    policeReference: fields.actions.police_reference ?? '',
    officer: fields.actions.officer ?? '',
  };
}
