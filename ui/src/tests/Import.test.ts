import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import type { ChatLines, ImportOptions, ImportReport, ImportSettings } from '../lib/ipc';
import { deferred, mockBackend, shellError } from '../lib/ipc/testing';
import { correspondent, emit, HOSTILE, importPreview } from './packFixtures';
import Import from '../lib/components/Import.svelte';

const persons = [{ id: 1, name: 'Jon Doe', relationship: null, description: null, identifiers: [] }];

const jon = correspondent({ person_id: 1, person_name: 'Jon Doe', selected_by_default: true, contact_names: ['Jon'] });
const mum = correspondent({
  key: { kind: 'phone', value: '+447700900555' },
  display: '+44 7700 900555',
  contact_names: [HOSTILE],
  items: 2,
  new_items: 2,
  identifier: { kind: 'phone', value: '+447700900555' },
});

function report(over: Partial<ImportReport['counts']> = {}): ImportReport {
  return {
    import_id: 1,
    format: 'sms_backup_restore',
    source_sha256: 'ab'.repeat(32),
    source_attachment_id: 1,
    record_entry_id: 1,
    ledger_seq: 9,
    counts: {
      items_in_file: 5, selected: 5, imported: 3, duplicates: 2, not_selected: 0,
      media_attached: 0, media_missing: 0, by_kind: { call: 3 }, ...over,
    },
    lines_not_taken: 0,
    lines: null,
    entry_ids: [2, 3, 4],
  };
}

/** A chat's accounting: 17 lines, with a hostile sample that must stay text. */
const chatLines: ChatLines = {
  lines_read: 17,
  message_lines: 4,
  continuation_lines: 3,
  notice_lines: 4,
  unreadable_lines: 4,
  blank_lines: 2,
  notices: [
    { kind: 'security notice', count: 1, samples: [{ line: 4, text: 'Messages and calls are end-to-end encrypted.' }] },
    { kind: 'notice without a sender (a group or system notice)', count: 3, samples: [{ line: 5, text: HOSTILE }] },
  ],
  unreadable: [{ kind: 'a date that does not exist', count: 4, samples: [{ line: 10, text: '31/02/2026, 21:03 - Jon Doe: x' }] }],
  labelled: [{ kind: 'a deleted message', count: 1, samples: [{ line: 14, text: 'هذه الرسالة حُذفت' }] }],
};

async function choose(path = '/home/me/calls.xml') {
  await fireEvent.input(screen.getByTestId('import-path'), { target: { value: path } });
  await fireEvent.click(screen.getByTestId('import-path-go'));
  return screen.findByTestId('import-preview');
}

describe('import screen', () => {
  it('says "1 file", not "1 files", and "1 item" on the preview', async () => {
    mockBackend({ import_preview: () => importPreview({ media_files: 1, total_items: 1, correspondents: [{ ...jon, items: 1 }] }) });
    render(Import, { props: { persons, onCaseChanged: () => {} } });
    const preview = await choose();
    expect(screen.getByTestId('import-media-files').textContent).toBe(
      'The messages refer to 1 file (a photo, voice note or attachment).',
    );
    expect(preview.textContent).not.toMatch(/\b1 (files|items|entries)\b/);
    expect(screen.getByTestId('import-start').textContent).toContain('Import 1 item');
  });

  it('previews the file with the case’s people ticked and others as text', async () => {
    const b = mockBackend({ import_preview: () => importPreview({ correspondents: [jon, mum] }) });
    render(Import, { props: { persons, onCaseChanged: () => {} } });
    const preview = await choose();
    expect(preview.textContent).toContain('calls-20260301.xml');
    expect(preview.textContent).toContain('SMS Backup & Restore');
    expect(preview.textContent).toContain('5 items from 1 Mar 2026 to 3 Mar 2026');
    const rows = screen.getAllByTestId('import-correspondent');
    expect(rows).toHaveLength(2);
    const boxes = rows.map((r) => within(r).getByRole('checkbox') as HTMLInputElement);
    expect(boxes.map((x) => x.checked)).toEqual([true, false]);
    expect(rows[0]!.textContent).toContain('In your case: Jon Doe');
    expect(rows[1]!.textContent).toContain(`Saved in the phone as: ${HOSTILE}`);
    expect(preview.querySelectorAll('img')).toHaveLength(0);
    expect(screen.getByTestId('import-start').textContent).toContain('Import 3 items');
    expect(b.of('import_preview')[0]!.args).toEqual({
      path: '/home/me/calls.xml',
      settings: { default_region: null, utc_offset: null, expected_format: null, date_order: null },
    });
  });

  it('imports the ticked people with progress, and reports added and skipped', async () => {
    const done = deferred<ImportReport>();
    let channel: unknown;
    const b = mockBackend({
      import_preview: () => importPreview({ correspondents: [jon, mum] }),
      import_file: (args: { onProgress: unknown }) => {
        channel = args.onProgress;
        return done.promise;
      },
    });
    render(Import, { props: { persons, onCaseChanged: () => {} } });
    await choose();
    await fireEvent.click(within(screen.getAllByTestId('import-correspondent')[1]!).getByRole('checkbox'));
    expect(screen.getByTestId('import-start').textContent).toContain('Import 5 items');
    await fireEvent.click(screen.getByTestId('import-start'));
    const progress = await screen.findByTestId('import-progress');
    emit(channel, { done: 256, total: 1024 });
    await waitFor(() => expect(progress.textContent).toContain('256 of 1,024 items read'));
    expect((progress.querySelector('progress') as HTMLProgressElement).value).toBe(25);
    const options = (b.of('import_file')[0]!.args as { options: ImportOptions }).options;
    expect(options.correspondents).toEqual([jon.key, mum.key]);

    done.resolve(report());
    const panel = await screen.findByTestId('import-done');
    expect(panel.textContent).toContain('Added 3 entries to your diary.');
    expect(panel.textContent).toContain('Skipped 2 duplicates already in your diary.');
  });

  it('shows where every line of a chat went, the same numbers in the preview and after the import', async () => {
    mockBackend({
      import_preview: () => importPreview({ format: 'whats_app_chat', correspondents: [jon], skipped: 8, lines: chatLines }),
      import_file: () => ({ ...report(), format: 'whats_app_chat', lines_not_taken: 8, lines: chatLines }),
    });
    render(Import, { props: { persons, onCaseChanged: () => {} } });
    await choose('/home/me/chat.txt');
    const sentence =
      '17 lines read: 4 messages, 3 lines continuing a message, 4 notice lines, 4 unreadable lines, 2 blank lines.';
    const shown = screen.getByTestId('import-preview-lines');
    expect(screen.getByTestId('import-preview-lines-summary').textContent).toBe(sentence);
    expect(shown.textContent).toContain('security notice: 1');
    expect(shown.textContent).toContain('line 5:');
    expect(shown.textContent).toContain(HOSTILE);
    expect(shown.querySelectorAll('img')).toHaveLength(0);
    expect(shown.textContent).toContain('a date that does not exist: 4');
    expect(shown.textContent).toContain('a deleted message: 1');
    await fireEvent.click(screen.getByTestId('import-start'));
    await screen.findByTestId('import-done');
    expect(screen.getByTestId('import-done-lines-summary').textContent).toBe(sentence);
    expect(screen.getByTestId('import-done-lines').textContent).toBe(shown.textContent);
    expect(screen.getByTestId('import-done').textContent).not.toContain('were not taken');
  });

  it('names a mailbox message that could not be read, in the preview and after the import', async () => {
    const unreadable_items = [{ place: 'message 2 (its "From " line at byte 412)', reason: 'it has no date' }];
    mockBackend({
      import_preview: () =>
        importPreview({ format: 'email', file_name: 'inbox.mbox', total_items: 1, by_kind: { email: 1 }, correspondents: [jon], unreadable: 1, unreadable_items }),
      import_file: () => ({
        ...report({ items_in_file: 2, selected: 1, imported: 1, duplicates: 0, unreadable: 1, unreadable_items }),
        format: 'email',
      }),
    });
    render(Import, { props: { persons, onCaseChanged: () => {} } });
    await choose('/home/me/inbox.mbox');
    expect(screen.getByTestId('import-summary').textContent).toContain(
      '1 more item could not be read and will be left out: 2 items in the file.',
    );
    const named = 'message 2 (its "From " line at byte 412): it has no date';
    expect(screen.getByTestId('import-preview-unreadable').textContent).toContain(named);
    expect(screen.getByTestId('import-preview').textContent).not.toContain('lines are not messages');
    await fireEvent.click(screen.getByTestId('import-start'));
    const done = await screen.findByTestId('import-done');
    expect(done.textContent).toContain(
      '2 items in the file: 1 added, 0 already in your diary, 0 from people you did not pick, 1 that could not be read.',
    );
    expect(screen.getByTestId('import-done-unreadable').textContent).toContain(named);
  });

  it('asks plainly which way round the dates are, and imports only once answered', async () => {
    const b = mockBackend({
      import_preview: ({ settings }: { settings: ImportSettings }) =>
        importPreview({
          format: 'whats_app_chat',
          correspondents: [jon],
          date_order_question: settings.date_order ? null : { example: '03/04/2026', day_first: '2026-04-03', month_first: '2026-03-04' },
        }),
      import_file: () => report(),
    });
    render(Import, { props: { persons, onCaseChanged: () => {} } });
    await choose('/home/me/chat.txt');
    const question = screen.getByTestId('import-date-order');
    expect(question.textContent).toContain('Day first: 03/04/2026 is 3 April 2026');
    expect(question.textContent).toContain('Month first: 03/04/2026 is 4 March 2026');
    await fireEvent.click(screen.getByTestId('import-start'));
    await screen.findByText(/First say how the dates in this file are written/);
    expect(b.of('import_file')).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('import-month-first'));
    await waitFor(() => expect(b.of('import_preview')).toHaveLength(2));
    expect((b.of('import_preview')[1]!.args as { settings: ImportSettings }).settings.date_order).toBe('month_first');
    // The question stays on screen, answered.
    expect((screen.getByTestId('import-month-first') as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect((screen.getByTestId('import-start') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('import-start'));
    await screen.findByTestId('import-done');
    expect((b.of('import_file')[0]!.args as { options: ImportOptions }).options.settings.date_order).toBe('month_first');
  });

  it('cancels: the shell is told, and it says nothing was imported', async () => {
    const done = deferred<ImportReport>();
    const b = mockBackend({
      import_preview: () => importPreview({ correspondents: [jon] }),
      import_file: () => done.promise,
      cancel_job: () => {
        done.reject(shellError('cancelled', 'the import was cancelled; nothing was imported'));
        return true;
      },
    });
    render(Import, { props: { persons, onCaseChanged: () => {} } });
    await choose();
    await fireEvent.click(screen.getByTestId('import-start'));
    await fireEvent.click(await screen.findByTestId('import-cancel'));
    await screen.findByText('The import was cancelled. Nothing was imported.');
    expect(b.of('cancel_job')).toHaveLength(1);
    expect(screen.queryByTestId('import-done')).toBeNull();
  });

  it('adds an unmatched number to a person, then ticks them', async () => {
    let matched = false;
    const changed = vi.fn();
    const b = mockBackend({
      import_preview: () =>
        importPreview({
          correspondents: [jon, matched ? { ...mum, person_id: 1, person_name: 'Jon Doe' } : mum],
        }),
      add_identifiers: () => {
        matched = true;
        return 1;
      },
    });
    render(Import, { props: { persons, onCaseChanged: changed } });
    await choose();
    const row = screen.getAllByTestId('import-correspondent')[1]!;
    await fireEvent.click(within(row).getByTestId('import-add-identifier'));
    await screen.findByText('Added +447700900555 to Jon Doe. Their items are now ticked.');
    expect(b.of('add_identifiers')[0]!.args).toEqual({
      personId: 1,
      identifiers: [{ kind: 'phone', value: '+447700900555' }],
    });
    expect(changed).toHaveBeenCalled();
    await waitFor(() => {
      const boxes = screen.getAllByTestId('import-correspondent-check') as HTMLInputElement[];
      expect(boxes.map((x) => x.checked)).toEqual([true, true]);
    });
  });

  it('shows why a file cannot be read, and nothing else', async () => {
    mockBackend({
      import_preview: () =>
        Promise.reject({ message: `this file doesn't look like an SMS Backup & Restore file ${HOSTILE}; nothing was imported` }),
    });
    render(Import, { props: { persons, onCaseChanged: () => {} } });
    await fireEvent.input(screen.getByTestId('import-path'), { target: { value: '/home/me/notes.txt' } });
    await fireEvent.click(screen.getByTestId('import-path-go'));
    await waitFor(() => expect(screen.getByTestId('import-error').textContent).toContain('nothing was imported'));
    expect(screen.getByTestId('import-error').textContent).toContain(HOSTILE);
    expect(screen.getByTestId('import-error').getAttribute('role')).toBe('alert');
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(document.querySelectorAll('img')).toHaveLength(0);
  });

  it('starts with Ctrl+Enter once the file is read', async () => {
    const b = mockBackend({ import_preview: () => importPreview({ correspondents: [jon] }), import_file: () => report() });
    render(Import, { props: { persons, onCaseChanged: () => {} } });
    await fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    expect(b.of('import_file')).toHaveLength(0);
    await choose();
    await fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await screen.findByTestId('import-done');
    expect(b.of('import_file')).toHaveLength(1);
  });

  it('picks the file in a window', async () => {
    const b = mockBackend({
      'plugin:dialog|open': () => '/home/me/jon.eml',
      import_preview: () => importPreview({ format: 'email', file_name: 'jon.eml', correspondents: [jon] }),
    });
    render(Import, { props: { persons, onCaseChanged: () => {} } });
    await fireEvent.click(screen.getByTestId('import-pick'));
    await screen.findByTestId('import-preview');
    expect((b.of('import_preview')[0]!.args as { path: string }).path).toBe('/home/me/jon.eml');
  });
});
