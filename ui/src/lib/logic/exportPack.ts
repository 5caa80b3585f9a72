// The export screen's logic: the options from what the person chose, the words for the
// preview and the progress, and what to tell them (and the officer) once the pack is saved.
import type { EntryKind, ExportOptions, ExportPreview, ExportReport, Progress, Recipient, Treatment } from '../ipc/types';
import { formatBytes } from './messages';
import { dayEndRfc3339, dayStartRfc3339, today } from './time';

export interface ExportChoice {
  recipient: Recipient;
  /** YYYY-MM-DD, or empty for "from the start". */
  from: string;
  /** YYYY-MM-DD (this day included), or empty for "up to now". */
  to: string;
  kinds: EntryKind[];
  persons: number[];
  /** Entry numbers as typed: "3, 7, 12-15". Empty: every entry that matches. */
  entries: string;
  stripGps: boolean;
  /** Put in the whole export files imports kept (they also hold other people's messages). */
  includeSources: boolean;
  /** Police packs: also write the exhibits one by one, each with a sidecar, for an upload portal. */
  uploadFolder: boolean;
  /** Keep back the changes to the person's life they noted (they can hold health details). */
  leaveOutEffects: boolean;
}

export function emptyChoice(): ExportChoice {
  return { recipient: 'police', from: '', to: '', kinds: [], persons: [], entries: '', stripGps: true, includeSources: false, uploadFolder: false, leaveOutEffects: false };
}

/** The most entries a typed range may name (a slip like "1-99999999" must not hang the page). */
const MAX_RANGE = 10_000;

/** "3, 7 12-14" → [3, 7, 12, 13, 14]; a plain sentence when something is not a number. */
export function parseEntryNumbers(text: string): number[] | string {
  const out = new Set<number>();
  for (const part of text.split(/[\s,;]+/).filter(Boolean)) {
    const range = /^#?(\d+)\s*[-–]\s*#?(\d+)$/.exec(part);
    const single = /^#?(\d+)$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (a < 1 || b < a) return `“${part}” is not a range of entry numbers (write the smaller number first).`;
      if (b - a >= MAX_RANGE) return `“${part}” names more than ${MAX_RANGE} entries.`;
      for (let n = a; n <= b; n++) out.add(n);
    } else if (single && Number(single[1]) >= 1) {
      out.add(Number(single[1]));
    } else {
      return `“${part}” is not an entry number. Type numbers separated by commas, such as 3, 7, 12-15.`;
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** The options for the shell, or what is wrong with the choice. */
export function toExportOptions(
  c: ExportChoice,
  offsetAt?: (date: Date) => number,
): { options: ExportOptions; error?: undefined } | { options?: undefined; error: string } {
  if (c.from && c.to && c.from > c.to) return { error: 'The first day is after the last day. Swap them round.' };
  const ids = parseEntryNumbers(c.entries);
  if (typeof ids === 'string') return { error: ids };
  return {
    options: {
      recipient: c.recipient,
      from: c.from ? dayStartRfc3339(c.from, offsetAt) : null,
      to: c.to ? dayEndRfc3339(c.to, offsetAt) : null,
      kinds: [...c.kinds],
      persons: [...c.persons],
      entry_ids: ids,
      strip_gps: c.recipient === 'advocate' && c.stripGps,
      include_sources: c.includeSources,
      upload_folder: c.recipient === 'police' && c.uploadFolder,
      leave_out_effects: c.leaveOutEffects,
    },
  };
}

/** The name offered in the save dialog. An advocate pack is a web page carrying the
 * age-encrypted pack, which opens in any browser. */
export function suggestedFileName(recipient: Recipient, now: Date = new Date()): string {
  return recipient === 'advocate'
    ? `casebook-pack-for-advocate-${today(now)}.html`
    : `evidence-pack-${today(now)}.zip`;
}

/** The last part of a path, on any system. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

export const plural = (n: number, one: string, many = `${one}s`) => {
  const v = Number(n);
  return `${v.toLocaleString('en-GB')} ${v === 1 ? one : many}`;
};

// Every Treatment has its words: a new one added in Rust fails the type check here.
const TREATMENTS: Record<Treatment, string> = {
  original: 'The original file',
  location_removed: 'A copy without location data',
  withheld: 'Not included',
};

export function treatmentLabel(treatment: Treatment): string {
  return TREATMENTS[treatment];
}

const RECORD_KINDS: Record<string, [string, string]> = {
  vault_created: ['diary creation record', 'diary creation records'],
  case_updated: ['change to the case details', 'changes to the case details'],
  entry_created: ['other entry', 'other entries'],
  entry_revised: ['correction to other entries', 'corrections to other entries'],
  entry_retracted: ['withdrawal of another entry', 'withdrawals of other entries'],
  entry_purged: ['erasure', 'erasures'],
  attachment_added: ['file of other entries', 'files of other entries'],
  checkpoint: ['checkpoint', 'checkpoints'],
  passphrase_changed: ['passphrase change', 'passphrase changes'],
  master_key_rotated: ['recovery key change', 'recovery key changes'],
  import_done: ['import', 'imports'],
  export_made: ['earlier pack', 'earlier packs'],
};

/** "12 other entries", "1 passphrase change": what the withheld records are, for the person. */
export function withheldLines(preview: ExportPreview): string[] {
  return Object.entries(preview.withheld_by_kind)
    .filter(([, n]) => Number(n) > 0)
    .map(([kind, n]) => {
      const words = RECORD_KINDS[kind];
      return words ? plural(n, words[0], words[1]) : `${Number(n)} × ${kind}`;
    });
}

/** One sentence on what goes in. */
export function disclosedSummary(p: ExportPreview): string {
  const entries = p.entry_ids.length;
  if (entries === 0) return 'No entries match what you chose, so there is nothing to put in a pack.';
  const retracted = Number(p.retracted);
  const withdrawn = retracted > 0 ? ` (${plural(retracted, 'of them is', 'of them are')} withdrawn and marked so)` : '';
  const files = p.exhibits.filter((x) => x.treatment !== 'withheld').length;
  const filesText = files > 0 ? ` and ${plural(files, 'file')} (${formatBytes(Number(p.exhibit_bytes))})` : '';
  return `${plural(entries, 'entry', 'entries')}${withdrawn}${filesText} will be in the pack, with their full history.`;
}

/** One sentence on what stays out. */
export function withheldSummary(p: ExportPreview): string {
  const withheld = Number(p.withheld_records);
  if (withheld === 0) return 'Nothing else in your diary is left out.';
  return (
    `${plural(withheld, 'other record')} of your diary ${withheld === 1 ? 'stays' : 'stay'} out: the pack shows only that they exist ` +
    '(their fingerprints), not what they say.'
  );
}

const STAGES: Record<Progress['stage'], [string, number, number]> = {
  reading: ['Reading and checking your diary…', 0, 5],
  report: ['Writing the report…', 5, 30],
  exhibits: ['Copying the files…', 30, 95],
  finishing: ['Signing and saving the pack…', 95, 100],
};

/** 0 to 100 across the whole export. */
export function exportPercent(p: Progress | null): number {
  if (!p) return 0;
  const [, start, end] = STAGES[p.stage];
  const total = Number(p.total);
  const part = total > 0 ? Math.min(1, Number(p.done) / total) : 0;
  return Math.round(start + (end - start) * part);
}

export function exportStageText(p: Progress | null): string {
  if (!p) return 'Starting…';
  const [text] = STAGES[p.stage];
  if (p.stage === 'exhibits' && Number(p.total) > 0) {
    return `${text} ${formatBytes(Number(p.done))} of ${formatBytes(Number(p.total))}`;
  }
  return text;
}

/** The SHA-256 of the file as saved (for an advocate pack, of the encrypted file). */
export function savedFileSha256(r: ExportReport): string {
  return r.encrypted_sha256 ?? r.bundle_sha256;
}

/** What ticking "include the whole export files" would disclose beyond the diary's own entries. */
export function sourcesHelp(p: ExportPreview | null): string {
  const sources = p?.sources ?? [];
  if (sources.length === 0) return 'None of the chosen entries keeps an export file.';
  const others = sources.reduce((n, s) => n + Number(s.other_people_items), 0);
  return (
    `${plural(sources.length, 'export file')} would go in whole, holding ${plural(others, 'message or call', 'messages or calls')} ` +
    'of other people as well. Without this, each imported message goes in as its own original excerpt.'
  );
}
