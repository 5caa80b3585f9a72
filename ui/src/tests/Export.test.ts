import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { ExportOptions } from '../lib/ipc';
import { deferred, mockBackend, shellError } from '../lib/ipc/testing';
import { emit, exportPreview, exportReport, HOSTILE } from './packFixtures';
import { autoLockHold } from '../lib/session.svelte';
import Export from '../lib/components/Export.svelte';

const persons = [{ id: 1, name: 'Jon Doe', relationship: null, description: null, identifiers: [] }];

function backend(extra: Record<string, (a: any) => unknown> = {}) {
  return mockBackend({
    export_preview: ({ options }: { options: ExportOptions }) =>
      exportPreview({
        recipient: options.recipient,
        exhibits: [
          { mark: 'AB_1', entry_id: 3, original_name: `${HOSTILE}.jpg`, size: 2048, treatment: 'original', note: null },
          { mark: 'AB_2', entry_id: 7, original_name: 'voicemail.m4a', size: 10, treatment: 'withheld', note: 'too big' },
        ],
        withheld_by_kind: { entry_created: 4, passphrase_changed: 1 },
        withheld_records: 5,
        exhibit_bytes: 2048,
      }),
    remembered_recipients: () => [],
    ...extra,
  });
}

async function shownPreview() {
  const panel = screen.getByTestId('export-preview');
  await waitFor(() => expect(panel.textContent).toContain('2 entries'));
  return panel;
}

describe('export screen', () => {
  it('previews what is disclosed and withheld, with hostile file names as text', async () => {
    const b = backend();
    render(Export, { props: { persons } });
    const panel = await shownPreview();
    expect(panel.textContent).toContain('1 file (2.0 KB) will be in the pack');
    expect(panel.textContent).toContain('5 other records of your diary stay out');
    expect(panel.textContent).toContain('4 other entries');
    expect(panel.textContent).toContain('1 passphrase change');
    const rows = screen.getAllByTestId('export-exhibit');
    expect(rows[0]!.textContent).toContain(`${HOSTILE}.jpg`);
    expect(rows[1]!.textContent).toContain('Not included: too big');
    expect(panel.querySelectorAll('img')).toHaveLength(0);
    expect(b.of('export_preview')[0]!.args).toEqual({
      options: { recipient: 'police', from: null, to: null, kinds: [], persons: [], entry_ids: [], strip_gps: false, include_sources: false, upload_folder: false, leave_out_effects: false },
    });
  });

  it('follows the choice: dates, kinds, people and entry numbers', async () => {
    const b = backend();
    render(Export, { props: { persons } });
    await shownPreview();
    await fireEvent.input(screen.getByTestId('export-from'), { target: { value: '2026-03-01' } });
    await fireEvent.input(screen.getByTestId('export-to'), { target: { value: '2026-03-31' } });
    await fireEvent.click(screen.getAllByTestId('export-kind')[0]!);
    await fireEvent.click(screen.getByTestId('export-person'));
    await fireEvent.input(screen.getByTestId('export-entries'), { target: { value: '3, 7-8' } });
    await waitFor(() => {
      const last = b.of('export_preview').at(-1)!.args as { options: ExportOptions };
      expect(last.options.entry_ids).toEqual([3, 7, 8]);
    });
    const last = (b.of('export_preview').at(-1)!.args as { options: ExportOptions }).options;
    expect(last.from).toMatch(/^2026-03-01T00:00:00[+-]\d\d:\d\d$/);
    expect(last.to).toMatch(/^2026-04-01T00:00:00[+-]\d\d:\d\d$/);
    expect(last.kinds).toEqual(['call']);
    expect(last.persons).toEqual([1]);

    await fireEvent.input(screen.getByTestId('export-entries'), { target: { value: 'three' } });
    await screen.findByText(/“three” is not an entry number/);
  });

  it('saves to a typed path, shows progress, and says saved only when the shell has finished', async () => {
    const done = deferred<unknown>();
    let channel: unknown;
    const b = backend({
      export_pack: (args: { onProgress: unknown }) => {
        channel = args.onProgress;
        return done.promise;
      },
    });
    render(Export, { props: { persons } });
    await shownPreview();
    await fireEvent.input(screen.getByTestId('export-path'), { target: { value: '/home/me/pack.zip' } });
    await fireEvent.click(screen.getByTestId('export-save'));
    const progress = await screen.findByTestId('export-progress');
    expect(screen.queryByTestId('export-done')).toBeNull();
    expect(autoLockHold.count).toBe(1); // the person is waiting: auto-lock waits too
    emit(channel, { stage: 'exhibits', done: 512 * 1024, total: 1024 * 1024 });
    await waitFor(() => expect(progress.textContent).toContain('Copying the files… 512.0 KB of 1.0 MB'));
    expect((progress.querySelector('progress') as HTMLProgressElement).value).toBe(63);
    const call = b.of('export_pack')[0]!.args as Record<string, unknown>;
    expect(call.path).toBe('/home/me/pack.zip');
    expect(call.passphrase).toBeNull();

    done.resolve(exportReport({ path: '/home/me/pack.zip' }));
    const panel = await screen.findByTestId('export-done');
    expect(panel.textContent).toContain('Saved: pack.zip');
    expect(screen.getByTestId('export-done-sha256').textContent).toBe('ab'.repeat(32));
    expect(panel.textContent).toContain('sha256sum pack.zip');
    expect(screen.queryByTestId('export-progress')).toBeNull();
    expect(autoLockHold.count).toBe(0);
  });

  it('asks where to save when no path is typed, and does nothing if the window is closed', async () => {
    let chosen: string | null = null;
    const b = backend({ 'plugin:dialog|save': () => chosen, export_pack: () => exportReport() });
    render(Export, { props: { persons } });
    await shownPreview();
    await fireEvent.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(b.of('plugin:dialog|save')).toHaveLength(1));
    expect(b.of('export_pack')).toHaveLength(0);
    chosen = '/media/usb/evidence.zip';
    await fireEvent.click(screen.getByTestId('export-save'));
    await screen.findByTestId('export-done');
    expect((b.of('export_pack')[0]!.args as { path: string }).path).toBe('/media/usb/evidence.zip');
    expect((b.of('plugin:dialog|save')[1]!.args as { options: { defaultPath: string } }).options.defaultPath).toMatch(
      /^evidence-pack-\d{4}-\d\d-\d\d\.zip$/,
    );
  });

  it('cancels: the shell is told, and nothing is said to be saved', async () => {
    const done = deferred<unknown>();
    const b = backend({
      export_pack: () => done.promise,
      cancel_job: () => {
        done.reject(shellError('cancelled', 'the export was cancelled; nothing was written'));
        return true;
      },
    });
    render(Export, { props: { persons } });
    await shownPreview();
    await fireEvent.input(screen.getByTestId('export-path'), { target: { value: '/tmp/p.zip' } });
    await fireEvent.click(screen.getByTestId('export-save'));
    await fireEvent.click(await screen.findByTestId('export-cancel'));
    await screen.findByText('The export was cancelled. Nothing was written.');
    expect(b.of('cancel_job')).toHaveLength(1);
    expect(screen.queryByTestId('export-done')).toBeNull();
    expect(screen.getByTestId('export-save')).toBeTruthy();
  });

  it('shows the shell’s error in the alert region', async () => {
    backend({
      export_pack: () => Promise.reject({ message: 'a file already exists at /tmp/p.zip; it was left untouched' }),
    });
    render(Export, { props: { persons } });
    await shownPreview();
    await fireEvent.input(screen.getByTestId('export-path'), { target: { value: '/tmp/p.zip' } });
    await fireEvent.click(screen.getByTestId('export-save'));
    await waitFor(() =>
      expect(screen.getByTestId('export-error').textContent).toBe(
        'a file already exists at /tmp/p.zip; it was left untouched',
      ),
    );
    expect(screen.getByTestId('export-error').getAttribute('role')).toBe('alert');
  });

  it('makes a second pack with new choices after the first (the preview keeps following)', async () => {
    // Once a save found the preview already up to date, later changes were never previewed
    // again and every further save said "not ready" (found by the end-to-end tests).
    const b = backend({ export_pack: () => exportReport() });
    render(Export, { props: { persons } });
    await shownPreview();
    await fireEvent.input(screen.getByTestId('export-path'), { target: { value: '/tmp/one.zip' } });
    await fireEvent.click(screen.getByTestId('export-save'));
    await screen.findByTestId('export-done');
    await fireEvent.click(screen.getByTestId('export-again'));
    await fireEvent.click(screen.getByTestId('export-recipient-advocate'));
    await waitFor(() => {
      const last = b.of('export_preview').at(-1)!.args as { options: ExportOptions };
      expect(last.options.recipient).toBe('advocate');
    });
    await fireEvent.input(screen.getByTestId('export-path'), { target: { value: '/tmp/two.zip.age' } });
    await fireEvent.input(screen.getByTestId('export-passphrase'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.input(screen.getByTestId('export-passphrase-again'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.click(screen.getByTestId('export-save'));
    await screen.findByTestId('export-done');
    expect(b.of('export_pack')).toHaveLength(2);
    expect((b.of('export_pack')[1]!.args as { path: string }).path).toBe('/tmp/two.zip.age');
  });

  it('puts the whole export file in only when ticked, saying how many others’ messages it holds', async () => {
    const b = backend({
      export_preview: ({ options }: { options: ExportOptions }) =>
        exportPreview({
          sources: [
            {
              mark: 'AB_1',
              original_name: 'sms.xml',
              size: 900,
              other_people_items: 14,
              included: Boolean(options.include_sources),
            },
          ],
          excerpts: 2,
        }),
    });
    render(Export, { props: { persons } });
    const help = screen.getByTestId('export-include-sources-help');
    await waitFor(() => expect(help.textContent).toContain('14 messages or calls of other people'));
    expect((b.of('export_preview')[0]!.args as { options: ExportOptions }).options.include_sources).toBe(false);
    await fireEvent.click(screen.getByTestId('export-include-sources'));
    await waitFor(() => {
      const last = b.of('export_preview').at(-1)!.args as { options: ExportOptions };
      expect(last.options.include_sources).toBe(true);
    });
  });

  it('offers the upload folder for a police pack only, and asks for it when ticked', async () => {
    const b = backend({ export_preview: () => exportPreview() });
    render(Export, { props: { persons } });
    await fireEvent.click(screen.getByTestId('export-upload-folder'));
    await waitFor(() => {
      const last = b.of('export_preview').at(-1)!.args as { options: ExportOptions };
      expect(last.options.upload_folder).toBe(true);
    });
    await fireEvent.click(screen.getByTestId('export-recipient-advocate'));
    expect(screen.queryByTestId('export-upload-folder')).toBeNull();
    await waitFor(() => {
      const last = b.of('export_preview').at(-1)!.args as { options: ExportOptions };
      expect(last.options.upload_folder).toBe(false);
    });
  });

  it('encrypts an advocate pack with a confirmed passphrase and removes photo locations', async () => {
    const b = backend({ export_pack: () => exportReport({ recipient: 'advocate', encrypted_sha256: 'ef'.repeat(32) }) });
    render(Export, { props: { persons } });
    await shownPreview();
    await fireEvent.click(screen.getByTestId('export-recipient-advocate'));
    await waitFor(() => {
      const last = b.of('export_preview').at(-1)!.args as { options: ExportOptions };
      expect(last.options).toMatchObject({ recipient: 'advocate', strip_gps: true });
    });
    await fireEvent.input(screen.getByTestId('export-path'), { target: { value: '/tmp/a.zip.age' } });
    await fireEvent.input(screen.getByTestId('export-passphrase'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.input(screen.getByTestId('export-passphrase-again'), { target: { value: 'lamp orbit velvet cidre' } });
    await fireEvent.click(screen.getByTestId('export-save'));
    await screen.findByText(/not the same/);
    expect(b.of('export_pack')).toHaveLength(0);

    await fireEvent.input(screen.getByTestId('export-passphrase-again'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.click(screen.getByTestId('export-save'));
    const panel = await screen.findByTestId('export-done');
    const call = b.of('export_pack')[0]!.args as { passphrase: string; options: ExportOptions };
    expect(call.passphrase).toBe('lamp orbit velvet cider');
    expect(call.options.strip_gps).toBe(true);
    expect(screen.getByTestId('export-done-sha256').textContent).toBe('ef'.repeat(32));
    expect(panel.textContent).toContain('Give the passphrase to the advocate separately');
    // Handing it over: the page opens in any browser, and what the advocate does with it.
    expect(panel.textContent).toContain('opens in any web browser');
    expect(panel.textContent).toContain('Save the pack (.zip)');
    expect(panel.textContent).toMatch(/key card|fingerprint/);
    expect(panel.textContent).not.toContain('age -d /tmp');
  });

  it('locks an advocate pack to a loaded recipient card, showing its fingerprint first, with no passphrase', async () => {
    const card = { name: 'Anytown Advocacy', fingerprint: '1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d', card: 'casebook-recipient-card/1\n' };
    const b = backend({
      read_recipient_card: ({ path }: { path: string }) =>
        path === '/home/me/card.txt' ? card : Promise.reject({ code: 'other', message: 'this is not a recipient card' }),
      export_pack: () =>
        exportReport({ recipient: 'advocate', encrypted_sha256: 'ef'.repeat(32), card_fingerprint: card.fingerprint }),
    });
    render(Export, { props: { persons } });
    await shownPreview();
    await fireEvent.click(screen.getByTestId('export-recipient-advocate'));
    await fireEvent.input(screen.getByTestId('export-card-path'), { target: { value: '/home/me/key-card.pdf' } });
    await fireEvent.click(screen.getByTestId('export-card-load'));
    expect((await screen.findByTestId('export-card-error')).textContent).toContain('not a recipient card');
    await fireEvent.input(screen.getByTestId('export-card-path'), { target: { value: '/home/me/card.txt' } });
    await fireEvent.click(screen.getByTestId('export-card-load'));
    const loaded = await screen.findByTestId('export-card-loaded');
    expect(loaded.textContent).toContain('Anytown Advocacy');
    expect(loaded.textContent).toContain(card.fingerprint);
    expect(screen.queryByTestId('export-passphrase')).toBeNull();
    await fireEvent.input(screen.getByTestId('export-path'), { target: { value: '/tmp/pack.age' } });
    await fireEvent.click(screen.getByTestId('export-save'));
    const panel = await screen.findByTestId('export-done');
    expect(panel.textContent).toMatch(/no\s+passphrase\s+to\s+pass\s+on/);
    expect(panel.textContent).not.toContain('Give the passphrase');
    const call = b.of('export_pack')[0]!.args as { passphrase: string | null; options: ExportOptions };
    expect(call.passphrase).toBeNull();
    expect(call.options.recipient_card).toBe(card.card);
  });

  it('offers the recipients used before, each with its fingerprint shown before use, and locks the pack to the one chosen', async () => {
    const real = {
      name: 'Anytown Advocacy',
      fingerprint: '1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d',
      card: 'casebook-recipient-card/1\nreal\n',
      uses: 2,
      last_used: '2026-12-01T10:00:00Z',
    };
    const lookalike = { ...real, fingerprint: 'ffff 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 0000', card: 'casebook-recipient-card/1\nfake\n', uses: 1 };
    const b = backend({
      remembered_recipients: () => [real, lookalike],
      export_pack: () => exportReport({ recipient: 'advocate', encrypted_sha256: 'ef'.repeat(32), card_fingerprint: real.fingerprint }),
    });
    render(Export, { props: { persons } });
    await shownPreview();
    expect(b.of('remembered_recipients')).toHaveLength(0); // read only for an advocate pack
    await fireEvent.click(screen.getByTestId('export-recipient-advocate'));
    const list = await screen.findByTestId('export-remembered');
    const shown = screen.getAllByTestId('export-remembered-fingerprint').map((e) => e.textContent);
    expect(shown).toEqual([real.fingerprint, lookalike.fingerprint]);
    expect(list.textContent).toContain('2 packs');
    await fireEvent.click(screen.getAllByTestId('export-remembered-use')[0]!);
    const loaded = await screen.findByTestId('export-card-loaded');
    expect(loaded.textContent).toContain(real.fingerprint);
    expect(screen.queryByTestId('export-passphrase')).toBeNull();
    await fireEvent.input(screen.getByTestId('export-path'), { target: { value: '/tmp/pack.age' } });
    await fireEvent.click(screen.getByTestId('export-save'));
    await screen.findByTestId('export-done');
    const call = b.of('export_pack')[0]!.args as { passphrase: string | null; options: ExportOptions };
    expect(call.passphrase).toBeNull();
    expect(call.options.recipient_card).toBe(real.card);
  });

  it('says the three ways a pack is handed over before anything is saved', async () => {
    backend({});
    render(Export, { props: { persons } });
    await shownPreview();
    const help = screen.getByTestId('export-handover');
    expect(help.textContent).toContain('USB stick');
    expect(help.textContent).toContain('web page');
    expect(help.textContent).toContain('separately');
  });

  it('saves with Ctrl+Enter, and quotes a file name with spaces in the officer’s command', async () => {
    const b = backend({ export_pack: () => exportReport({ path: '/home/me/My pack "March".zip' }) });
    render(Export, { props: { persons } });
    await shownPreview();
    await fireEvent.input(screen.getByTestId('export-path'), { target: { value: '/home/me/My pack "March".zip' } });
    await fireEvent.keyDown(screen.getByTestId('export-from'), { key: 'Enter', ctrlKey: true });
    const panel = await screen.findByTestId('export-done');
    expect(b.of('export_pack')).toHaveLength(1);
    expect(panel.textContent).toContain('sha256sum "My pack \\"March\\".zip"');
  });

  it('refuses to save when nothing matches', async () => {
    const b = backend({ export_preview: () => exportPreview({ entry_ids: [] }) });
    render(Export, { props: { persons } });
    await waitFor(() => expect(screen.getByTestId('export-preview').textContent).toContain('No entries match'));
    await fireEvent.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(screen.getByTestId('export-error').textContent).toMatch(/No entries match/));
    expect(b.of('export_pack')).toHaveLength(0);
  });
});
