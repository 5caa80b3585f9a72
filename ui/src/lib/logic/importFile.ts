// The import screen's logic: who is ticked, plain words for the preview and the result.
import type {
  ChatLines,
  CorrespondentKey,
  CorrespondentSummary,
  DateOrder,
  ImportFormat,
  ImportPreview,
  ImportReport,
  ImportCounts,
  ImportSettings,
  LineKind,
} from '../ipc/types';
import { kindLabel } from './kinds';
import { formatBytes } from './messages';
import { formatShortDay, parseRfc3339 } from './time';

/** Numbers written without a country code are read in the case's region (core's rule), so
 * `default_region` is left to core. */
export function importSettings(dateOrder: DateOrder | null): ImportSettings {
  return { default_region: null, utc_offset: null, expected_format: null, date_order: dateOrder };
}

const FORMATS: Record<ImportFormat, string> = {
  sms_backup_restore: 'SMS Backup & Restore (texts and calls from an Android phone)',
  whats_app_chat: 'WhatsApp chat export',
  telegram_chat: 'Telegram chat export (Telegram Desktop)',
  x_archive: 'X (Twitter) archive, direct messages',
  instagram_messages: 'Instagram chats (Download your information)',
  messenger_messages: 'Facebook Messenger chats (Download your information)',
  email: 'Email',
};

export function formatLabel(f: ImportFormat): string {
  return FORMATS[f] ?? f;
}

/** A stable key for a correspondent, for the ticked set. */
export function keyOf(k: CorrespondentKey): string {
  return `${k.kind}:${k.value}`;
}

/**
 * Who is ticked after a (new) preview: what the person already chose stays; anyone new is
 * ticked if they match a person in the case; someone who has just been matched (their
 * number was added to a person) becomes ticked.
 */
export function mergeSelection(
  before: Record<string, boolean>,
  previous: readonly CorrespondentSummary[],
  next: readonly CorrespondentSummary[],
): Record<string, boolean> {
  const wasMatched = new Map(previous.map((c) => [keyOf(c.key), c.person_id != null]));
  const out: Record<string, boolean> = {};
  for (const c of next) {
    const k = keyOf(c.key);
    const newlyMatched = c.person_id != null && wasMatched.get(k) === false;
    out[k] = newlyMatched ? true : (before[k] ?? c.selected_by_default);
  }
  return out;
}

export function pickedKeys(preview: ImportPreview, ticked: Record<string, boolean>): CorrespondentKey[] {
  return preview.correspondents.filter((c) => ticked[keyOf(c.key)]).map((c) => c.key);
}

export function pickedItems(preview: ImportPreview, ticked: Record<string, boolean>): number {
  return preview.correspondents.filter((c) => ticked[keyOf(c.key)]).reduce((n, c) => n + c.items, 0);
}

const n = (v: number, one: string, many = `${one}s`) => `${v.toLocaleString('en-GB')} ${v === 1 ? one : many}`;

function day(text: string | null): string | null {
  const w = text ? parseRfc3339(text) : null;
  return w ? formatShortDay(w.date) : null;
}

/** "The messages refer to 1 file (a photo, voice note or attachment)." or "... to 3 files (photos, ...)". */
export function mediaFilesLine(files: number): string {
  const what = files === 1 ? 'a photo, voice note or attachment' : 'photos, voice notes, attachments';
  return `The messages refer to ${n(files, 'file')} (${what}).`;
}

/** "from 1 Mar 2026 to 3 Mar 2026" (or one day). */
export function dateRange(first: string | null, last: string | null): string {
  const [a, b] = [day(first), day(last)];
  if (!a || !b) return '';
  return a === b ? `on ${a}` : `from ${a} to ${b}`;
}

/** "Call: 12; Text message: 30". */
export function kindCounts(byKind: Partial<Record<string, number>>): string {
  return Object.entries(byKind)
    .filter(([, v]) => (v ?? 0) > 0)
    .map(([k, v]) => `${kindLabel(k)}: ${(v ?? 0).toLocaleString('en-GB')}`)
    .join('; ');
}

/** "Email, 2.1 KB. 5 items from 1 Mar 2026 to 3 Mar 2026." and, when some could not be read,
 * " 1 more item could not be read and will be left out: 6 items in the file." */
export function previewSummary(p: ImportPreview): string {
  const range = dateRange(p.first_at, p.last_at);
  const head = `${formatLabel(p.format)}, ${formatBytes(p.file_size)}. ${n(p.total_items, 'item')}${range ? ` ${range}` : ''}.`;
  if (p.unreadable === 0) return head;
  const more = p.unreadable === 1 ? '1 more item' : `${p.unreadable.toLocaleString('en-GB')} more items`;
  return `${head} ${more} could not be read and will be left out: ${n(p.total_items + p.unreadable, 'item')} in the file.`;
}

/**
 * Where every item of the file went, one sentence (core checks that the four add up:
 * ImportCounts::holds): "6 items in the file: 3 added, 1 already in your diary, 1 from people
 * you did not pick, 1 that could not be read."
 */
export function itemsAccounted(c: ImportCounts): string {
  return (
    `${n(c.items_in_file, 'item')} in the file: ${c.imported.toLocaleString('en-GB')} added, ` +
    `${c.duplicates.toLocaleString('en-GB')} already in your diary, ` +
    `${c.not_selected.toLocaleString('en-GB')} from people you did not pick, ` +
    `${(c.unreadable ?? 0).toLocaleString('en-GB')} that could not be read.`
  );
}

export function itemsLine(c: CorrespondentSummary): string {
  const parts = [n(c.items, 'item')];
  if (c.new_items != null && c.new_items !== c.items) parts.push(`${c.new_items.toLocaleString('en-GB')} not yet in your diary`);
  const range = dateRange(c.first_at, c.last_at);
  if (range) parts.push(range);
  return parts.join(', ');
}

/** The day a date-order answer gives the example, in words ("3 April 2026"). */
export function longDay(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** What the import did, in one or two sentences. */
export function reportSummary(r: ImportReport): string[] {
  const c = r.counts;
  if (c.imported === 0) {
    return [
      c.duplicates > 0
        ? `Nothing new: ${c.duplicates === 1 ? 'the 1 item you picked is' : `all ${n(c.duplicates, 'item')} you picked are`} already in your diary. Nothing was added.`
        : 'Nothing was added.',
      itemsAccounted(c),
    ];
  }
  const lines = [`Added ${n(c.imported, 'entry', 'entries')} to your diary.`];
  lines.push(`Skipped ${n(c.duplicates, 'duplicate')} already in your diary.`);
  if (c.media_attached > 0) lines.push(`${n(c.media_attached, 'file')} attached to the new entries.`);
  if (c.media_missing > 0) {
    lines.push(`${n(c.media_missing, 'file')} the messages mention ${c.media_missing === 1 ? 'was' : 'were'} not in the export; each entry says which.`);
  }
  if (c.not_selected > 0) lines.push(`${n(c.not_selected, 'item')} from people you did not pick stayed out.`);
  lines.push(itemsAccounted(c));
  return lines;
}

/**
 * Where every line of a chat went, one sentence, the same in the preview and after the import:
 * "17 lines read: 4 messages, 3 lines continuing a message, 4 notice lines, 4 unreadable
 * lines, 2 blank lines." The five add up to the lines read (the core checks it; see
 * docs/ARCHITECTURE.md, "Import accounting").
 */
export function linesSummary(l: ChatLines): string {
  return (
    `${n(l.lines_read, 'line')} read: ${n(l.message_lines, 'message')}, ` +
    `${n(l.continuation_lines, 'line continuing a message', 'lines continuing a message')}, ` +
    `${n(l.notice_lines, 'notice line')}, ${n(l.unreadable_lines, 'unreadable line')}, ${n(l.blank_lines, 'blank line')}.`
  );
}

export interface LineGroup {
  title: string;
  kinds: LineKind[];
}

/** The kinds of notice, unreadable line and WhatsApp phrase, each with a count and samples. */
export function lineGroups(l: ChatLines): LineGroup[] {
  return [
    { title: 'Notices WhatsApp wrote (not imported)', kinds: l.notices },
    { title: 'Lines that could not be read (not imported)', kinds: l.unreadable },
    { title: 'Messages in WhatsApp’s own words (imported, labelled)', kinds: l.labelled },
  ].filter((g) => g.kinds.length > 0);
}
