// Fixtures for the export, import and check-a-pack screens' tests: what the shell sends,
// and a way to play progress messages on the channel a command was given.
import type { CorrespondentSummary, ExportPreview, ExportReport, ImportPreview } from '../lib/ipc';

/** Sends `message` on a progress channel the UI passed to a command (as the shell would). */
export function emit<T>(channel: unknown, message: T): void {
  (channel as { onmessage: (m: T) => void }).onmessage(message);
}

export const HOSTILE = '<img src=x onerror=alert(1)>';


export function exportPreview(over: Partial<ExportPreview> = {}): ExportPreview {
  return {
    recipient: 'police',
    entry_ids: [3, 7],
    retracted: 0,
    exhibits: [],
    sources: [],
    excerpts: 0,
    exhibit_bytes: 0,
    disclosed_records: 6,
    withheld_by_kind: {},
    withheld_records: 0,
    purged_records: 0,
    earlier_exports: 0,
    warnings: [],
    ...over,
  };
}

export function exportReport(over: Partial<ExportReport> = {}): ExportReport {
  return {
    path: '/home/me/evidence-pack-2026-03-02.zip',
    recipient: 'police',
    bundle_sha256: 'ab'.repeat(32),
    encrypted_sha256: null,
    manifest_sha256: 'cd'.repeat(32),
    bytes: 123_456,
    entries: 2,
    exhibits: 1,
    disclosed_records: 6,
    withheld_records: 4,
    head_seq: 12,
    record_seq: 13,
    report_pages: 4,
    report_pdfa: true,
    upload_folder: null,
    card_fingerprint: null,
    ...over,
  };
}

export function correspondent(over: Partial<CorrespondentSummary> = {}): CorrespondentSummary {
  return {
    key: { kind: 'phone', value: '+447700900123' },
    display: '+44 7700 900123',
    contact_names: [],
    items: 3,
    new_items: 3,
    by_kind: { call: 3 },
    first_at: '2026-03-01T21:14:00+00:00',
    last_at: '2026-03-01T21:30:00+00:00',
    person_id: null,
    person_name: null,
    selected_by_default: false,
    identifier: { kind: 'phone', value: '+447700900123' },
    ...over,
  };
}

export function importPreview(over: Partial<ImportPreview> = {}): ImportPreview {
  return {
    format: 'sms_backup_restore',
    file_name: 'calls-20260301.xml',
    file_size: 2660,
    total_items: 5,
    by_kind: { call: 5 },
    first_at: '2026-03-01T21:14:00+00:00',
    last_at: '2026-03-03T10:00:00+00:00',
    correspondents: [],
    media_files: 0,
    date_order_question: null,
    date_order: null,
    date_order_by_time: false,
    times_without_zone: false,
    unreadable: 0,
    unreadable_items: [],
    skipped: 0,
    lines: null,
    notes: [],
    ...over,
  };
}
