import { describe, expect, it } from 'vitest';

import {
  baseName,
  emptyChoice,
  exportPercent,
  exportStageText,
  parseEntryNumbers,
  suggestedFileName,
  toExportOptions,
  withheldLines,
} from '../lib/logic/exportPack';
import { dateRange, keyOf, mediaFilesLine, mergeSelection, reportSummary } from '../lib/logic/importFile';
import { verdictWords } from '../lib/logic/verifyPack';
import { correspondent, exportPreview } from './packFixtures';

const utc = () => 0;

describe('export choices', () => {
  it('reads entry numbers, ranges and slips', () => {
    expect(parseEntryNumbers('')).toEqual([]);
    expect(parseEntryNumbers('7, 3 #12-14;3')).toEqual([3, 7, 12, 13, 14]);
    expect(parseEntryNumbers('3-1')).toMatch(/smaller number first/);
    expect(parseEntryNumbers('1-99999999')).toMatch(/more than/);
    expect(parseEntryNumbers('0')).toMatch(/not an entry number/);
    expect(parseEntryNumbers('<b>')).toMatch(/“<b>” is not an entry number/);
  });

  it('makes the shell’s options: whole days, and location removal only for an advocate', () => {
    const c = { ...emptyChoice(), from: '2026-03-01', to: '2026-03-31', entries: '4' };
    expect(toExportOptions(c, utc).options).toEqual({
      recipient: 'police',
      from: '2026-03-01T00:00:00+00:00',
      to: '2026-04-01T00:00:00+00:00',
      kinds: [],
      persons: [],
      entry_ids: [4],
      strip_gps: false,
      include_sources: false,
      upload_folder: false,
      leave_out_effects: false,
    });
    expect(toExportOptions({ ...c, includeSources: true }, utc).options?.include_sources).toBe(true);
    expect(toExportOptions({ ...c, leaveOutEffects: true }, utc).options?.leave_out_effects).toBe(true);
    expect(toExportOptions({ ...c, uploadFolder: true }, utc).options?.upload_folder).toBe(true);
    // The upload folder is for police packs only: an advocate pack stays encrypted as a whole.
    expect(toExportOptions({ ...c, uploadFolder: true, recipient: 'advocate' }, utc).options?.upload_folder).toBe(false);
    expect(toExportOptions({ ...c, recipient: 'advocate' }, utc).options?.strip_gps).toBe(true);
    expect(toExportOptions({ ...c, from: '2026-04-01' }, utc).error).toMatch(/first day is after the last/);
  });

  it('names the file, and finds a name in any path', () => {
    const day = new Date(2026, 2, 2, 12);
    expect(suggestedFileName('police', day)).toBe('evidence-pack-2026-03-02.zip');
    expect(suggestedFileName('advocate', day)).toBe('casebook-pack-for-advocate-2026-03-02.html');
    expect(baseName('/home/me/pack.zip')).toBe('pack.zip');
    expect(baseName('C:\\Users\\me\\pack.zip')).toBe('pack.zip');
  });

  it('moves the bar forward through the stages', () => {
    expect(exportPercent(null)).toBe(0);
    expect(exportPercent({ stage: 'reading', done: 0, total: 1 })).toBe(0);
    expect(exportPercent({ stage: 'exhibits', done: 0, total: 0 })).toBe(30);
    expect(exportPercent({ stage: 'finishing', done: 2, total: 2 })).toBe(100);
    expect(exportStageText({ stage: 'report', done: 1, total: 9 })).toBe('Writing the report…');
  });

  it('says what the withheld records are', () => {
    const p = exportPreview({ withheld_by_kind: { entry_created: 1, export_made: 2, something_new: 3 } });
    expect(withheldLines(p)).toEqual(['1 other entry', '2 earlier packs', '3 × something_new']);
  });
});

describe('import choices', () => {
  it('keeps what the person ticked and ticks someone just matched', () => {
    const a = correspondent({ key: { kind: 'phone', value: '+1' }, selected_by_default: true, person_id: 1 });
    const b = correspondent({ key: { kind: 'phone', value: '+2' } });
    const c = correspondent({ key: { kind: 'email', value: 'c@x' } });
    const first = mergeSelection({}, [], [a, b, c]);
    expect(first).toEqual({ 'phone:+1': true, 'phone:+2': false, 'email:c@x': false });
    const edited = { ...first, 'phone:+1': false };
    const matched = { ...b, person_id: 1, selected_by_default: true };
    expect(mergeSelection(edited, [a, b, c], [a, matched, c])).toEqual({
      'phone:+1': false,
      'phone:+2': true,
      'email:c@x': false,
    });
    expect(keyOf(a.key)).toBe('phone:+1');
  });

  it('describes dates and results', () => {
    expect(dateRange('2026-03-01T21:14:00+00:00', '2026-03-01T23:00:00+00:00')).toBe('on 1 Mar 2026');
    expect(dateRange(null, null)).toBe('');
    const counts = { items_in_file: 4, selected: 4, imported: 0, duplicates: 4, not_selected: 0, media_attached: 0, media_missing: 0, by_kind: {} };
    const r = { import_id: null, format: 'email' as const, source_sha256: '', source_attachment_id: null, record_entry_id: null, ledger_seq: null, counts, lines_not_taken: 0, lines: null, entry_ids: [] };
    expect(reportSummary(r)).toEqual([
      'Nothing new: all 4 items you picked are already in your diary. Nothing was added.',
      '4 items in the file: 0 added, 4 already in your diary, 0 from people you did not pick, 0 that could not be read.',
    ]);
    expect(reportSummary({ ...r, counts: { ...counts, imported: 1, duplicates: 3 } })).toEqual([
      'Added 1 entry to your diary.',
      'Skipped 3 duplicates already in your diary.',
      '4 items in the file: 1 added, 3 already in your diary, 0 from people you did not pick, 0 that could not be read.',
    ]);
    // A mailbox with a message that could not be read: counted among the items of the file.
    const unreadable = [{ place: 'message 2 (its "From " line at byte 120)', reason: 'it has no date' }];
    expect(
      reportSummary({ ...r, counts: { ...counts, items_in_file: 2, selected: 1, imported: 1, duplicates: 0, unreadable: 1, unreadable_items: unreadable } }),
    ).toEqual([
      'Added 1 entry to your diary.',
      'Skipped 0 duplicates already in your diary.',
      '2 items in the file: 1 added, 0 already in your diary, 0 from people you did not pick, 1 that could not be read.',
    ]);
    // One of each: singular words, never "1 files" or "all 1 item ... is".
    expect(reportSummary({ ...r, counts: { ...counts, items_in_file: 1, selected: 1, duplicates: 1 } })[0]).toBe(
      'Nothing new: the 1 item you picked is already in your diary. Nothing was added.',
    );
    expect(
      reportSummary({ ...r, counts: { ...counts, items_in_file: 1, selected: 1, imported: 1, duplicates: 0, media_attached: 1, media_missing: 1, not_selected: 1 } }),
    ).toEqual([
      'Added 1 entry to your diary.',
      'Skipped 0 duplicates already in your diary.',
      '1 file attached to the new entries.',
      '1 file the messages mention was not in the export; each entry says which.',
      '1 item from people you did not pick stayed out.',
      '1 item in the file: 1 added, 0 already in your diary, 1 from people you did not pick, 0 that could not be read.',
    ]);
  });

  it('counts the files a preview refers to in the singular and the plural', () => {
    expect(mediaFilesLine(1)).toBe('The messages refer to 1 file (a photo, voice note or attachment).');
    expect(mediaFilesLine(2)).toBe('The messages refer to 2 files (photos, voice notes, attachments).');
    expect(mediaFilesLine(1200)).toBe('The messages refer to 1,200 files (photos, voice notes, attachments).');
  });
});

describe('verdicts', () => {
  it('puts each verdict in plain words', () => {
    const checks = [{ name: 'chain', ok: false, detail: 'record 4 does not link to the record before it.' }];
    const none = { anchored: false, key_matched: false, witnesses: [] };
    const invalid = verdictWords({ verdict: 'invalid', checks, facts: null, ...none, headline: 'This pack was changed after it was made, or is damaged.', meaning: 'Do not rely on it.' });
    expect(invalid.headline).toBe('This pack was changed after it was made, or is damaged.');
    expect(invalid.detail).toEqual(['Hash chain: record 4 does not link to the record before it.', 'Do not rely on it.']);
    expect(verdictWords({ verdict: 'not_a_pack', checks: [{ name: 'pack', ok: false, detail: 'not a ZIP file' }], ...none, headline: 'This is not a Casebook evidence pack.', meaning: '' }).detail).toEqual([
      'not a ZIP file.',
    ]);
    expect(verdictWords({ verdict: 'wrong_passphrase', checks: [], ...none, headline: 'x', meaning: '' }).tone).toBe('warn');
    // Unanchored: the report's words, then where to type what would anchor it; the tone warns.
    const bare = verdictWords({ verdict: 'valid', checks: [], ...none, headline: 'This pack is internally consistent and signed by key ab12.', meaning: 'This proves nothing about who made it.' });
    expect(bare).toEqual({
      tone: 'warn',
      headline: 'This pack is internally consistent and signed by key ab12.',
      detail: ['This proves nothing about who made it.', expect.stringContaining('Expected key fingerprint')],
    });
    const w = { code: 'W-4-AAAA', seq: 4, outcome: 'matched' as const, detail: 'matches' };
    const anchor = { name: 'anchor', ok: true, detail: 'the signing key is the expected one (ab12); witness code W-4-AAAA matches record 4' };
    const headline = 'This pack is signed by the key you expected and matches the witness code you gave: its records 1 to 4 existed, unchanged, when the code was sent.';
    const both = verdictWords({ verdict: 'valid', checks: [anchor], facts: null, anchored: true, key_matched: true, witnesses: [w], headline, meaning: 'The key you expected (ab12) is the one that made the code.' });
    expect(both).toEqual({ tone: 'ok', headline, detail: ['The key you expected (ab12) is the one that made the code.'] });
  });
});
