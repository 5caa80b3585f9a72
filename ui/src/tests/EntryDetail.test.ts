import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { EntryFields, EntryHistory } from '../lib/ipc';
import { fields, history, mockBackend } from '../lib/ipc/testing';
import EntryDetail from '../lib/components/EntryDetail.svelte';

describe('entry detail', () => {
  it('corrects an entry only with a reason, and shows both versions', async () => {
    let current: EntryHistory = history(4, [fields({ title: 'Call', narrative: 'He rang' })]);
    const backend = mockBackend({
      get_entry: () => current,
      revise_entry: ({ fields: f }: { fields: EntryFields }) => {
        current = history(4, [current.versions[0]!.fields, f]);
        return null;
      },
    });
    render(EntryDetail, { props: { id: 4, persons: [], onBack: () => {} } });
    await screen.findByTestId('entry-detail');
    expect(screen.getAllByTestId('history-version')).toHaveLength(1);

    await fireEvent.click(screen.getByTestId('edit-button'));
    expect((screen.getByTestId('log-title') as HTMLInputElement).value).toBe('Call');
    await fireEvent.input(screen.getByTestId('log-title'), { target: { value: 'Call at night' } });
    await fireEvent.click(screen.getByTestId('edit-save'));
    await screen.findByText(/say briefly why/);
    expect(backend.of('revise_entry')).toHaveLength(0);

    await fireEvent.input(screen.getByTestId('edit-reason'), { target: { value: 'wrong title' } });
    await fireEvent.click(screen.getByTestId('edit-save'));
    await waitFor(() => expect(screen.getAllByTestId('history-version')).toHaveLength(2));
    expect(backend.of('revise_entry')[0]!.args).toMatchObject({ id: 4, reason: 'wrong title', fields: { title: 'Call at night' } });
    expect(screen.getByTestId('entry-title').textContent?.trim()).toBe('Call at night');
    const history_ = screen.getByTestId('history').textContent ?? '';
    expect(history_).toContain('Call at night');
    expect(history_).toMatch(/Before/);
  });

  it('withdraws only with a reason, and shows it prominently', async () => {
    let current: EntryHistory = history(5, [fields()]);
    const backend = mockBackend({
      get_entry: () => current,
      retract_entry: ({ reason }: { reason: string }) => {
        current = { ...current, retraction: { seq: 30, recorded_at: '2026-03-02T10:00:00Z', reason } };
        return null;
      },
    });
    render(EntryDetail, { props: { id: 5, persons: [], onBack: () => {} } });
    await screen.findByTestId('entry-detail');
    await fireEvent.click(screen.getByTestId('retract-button'));
    await fireEvent.click(screen.getByTestId('retract-save'));
    await screen.findByText(/say why you are withdrawing/);
    expect(backend.of('retract_entry')).toHaveLength(0);

    await fireEvent.input(screen.getByTestId('retract-reason'), { target: { value: 'logged twice' } });
    await fireEvent.click(screen.getByTestId('retract-save'));
    const banner = await screen.findByTestId('entry-retracted');
    expect(banner.textContent).toContain('logged twice');
    expect(screen.queryByTestId('edit-button')).toBeNull();
  });

  it('shows image thumbnails from the casebook scheme and other files as facts', async () => {
    mockBackend({
      get_entry: () =>
        history(6, [fields()], {
          attachments: [
            {
              id: 21, entry_id: 6, seq: 40, recorded_at: '2026-03-01T21:30:00Z', has_thumbnail: true,
              meta: { original_name: 'screenshot.png', media_type: 'image/png', size: 2048, sha256: 'cd'.repeat(32), source: 'paste', image: { width: 1080, height: 1920, exif: null }, note: null },
            },
            {
              id: 22, entry_id: 6, seq: 41, recorded_at: '2026-03-01T21:31:00Z', has_thumbnail: false,
              meta: { original_name: 'letter.pdf', media_type: 'application/pdf', size: 4096, sha256: 'ef'.repeat(32), source: 'picker', image: null, note: null },
            },
          ],
        }),
    });
    render(EntryDetail, { props: { id: 6, persons: [], onBack: () => {} } });
    const thumb = (await screen.findByTestId('attachment-thumb')) as HTMLImageElement;
    expect(thumb.getAttribute('src')).toBe('casebook://localhost/thumb/21');
    expect(screen.getAllByTestId('attachment-name').map((n) => n.textContent)).toEqual(['screenshot.png', 'letter.pdf']);
    expect(screen.getByText('ef'.repeat(32))).toBeTruthy();

    await fireEvent.click(thumb.closest('button')!);
    const full = screen.getByAltText('Full size: screenshot.png') as HTMLImageElement;
    expect(full.getAttribute('src')).toBe('casebook://localhost/original/21');

    // Escape closes the viewer and is taken, so it does not count towards quick exit.
    const esc = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    window.dispatchEvent(esc);
    expect(esc.defaultPrevented).toBe(true);
    await waitFor(() => expect(screen.queryByAltText('Full size: screenshot.png')).toBeNull());
    const later = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    window.dispatchEvent(later);
    expect(later.defaultPrevented).toBe(false);
  });

  it('plays a voicemail fetched from the casebook scheme in ranges, and says so plainly when it cannot', async () => {
    const audio = (id: number, name: string, type: string, size: number) => ({
      id, entry_id: 7, seq: 50 + id, recorded_at: '2026-03-01T21:30:00Z', has_thumbnail: false,
      meta: { original_name: name, media_type: type, size, sha256: 'ab'.repeat(32), source: 'picker', image: null, note: null },
    });
    mockBackend({
      get_entry: () =>
        history(7, [fields()], {
          attachments: [
            audio(31, 'voicemail.wav', 'audio/x-wav', 10),
            audio(32, 'clip.mp4', 'video/mp4', 2 * 1024 ** 3),
            audio(33, 'notes.txt', 'text/plain', 5),
          ],
        }),
    });
    // The shell answers a range at a time: 6 bytes, then the last 4.
    const asked: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      const range = new Headers(init.headers).get('Range') ?? '';
      asked.push(`${url} ${range}`);
      const start = Number(/bytes=(\d+)-/.exec(range)?.[1]);
      const len = Math.min(6, 10 - start);
      return new Response(new Uint8Array(len), {
        status: 206,
        headers: { 'Content-Type': 'audio/wav', 'Content-Range': `bytes ${start}-${start + len - 1}/10` },
      });
    }) as typeof fetch;
    const made: Blob[] = [];
    URL.createObjectURL = (b: Blob) => (made.push(b), 'blob:casebook/1');
    URL.revokeObjectURL = () => {};
    try {
      render(EntryDetail, { props: { id: 7, persons: [], onBack: () => {} } });
      const button = await screen.findByRole('button', { name: 'Play the recording voicemail.wav' });
      // A 2 GiB video is never loaded: a sentence says why.
      expect(screen.getByTestId('attachment-too-large').textContent).toMatch(/too large to play inside Casebook/);
      expect(screen.getAllByTestId('attachment-play')).toHaveLength(1); // not for the text file
      expect(asked).toEqual([]); // nothing is decrypted before Play

      await fireEvent.click(button);
      const player = (await screen.findByLabelText('Play the recording voicemail.wav')) as HTMLAudioElement;
      expect(player.tagName).toBe('AUDIO');
      expect(player.getAttribute('src')).toBe('blob:casebook/1');
      expect(player.hasAttribute('controls')).toBe(true);
      expect(asked).toEqual(['casebook://localhost/media/31 bytes=0-', 'casebook://localhost/media/31 bytes=6-']);
      expect(made[0]!.size).toBe(10);
      expect(made[0]!.type).toBe('audio/wav');

      await fireEvent.error(player);
      const notice = await screen.findByTestId('attachment-unplayable');
      expect(notice.textContent).toMatch(/Cannot play this file/);
      expect(notice.textContent).toMatch(/original is kept unchanged/);
      expect(screen.queryByLabelText('Play the recording voicemail.wav')).toBeNull();
      expect(screen.getAllByTestId('attachment-name').map((n) => n.textContent)).toContain('voicemail.wav');
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('opens a HEIC photo full size through the casebook scheme (shown as a JPEG the shell makes)', async () => {
    mockBackend({
      get_entry: () =>
        history(8, [fields()], {
          attachments: [
            {
              id: 41, entry_id: 8, seq: 60, recorded_at: '2026-03-01T21:30:00Z', has_thumbnail: true,
              meta: { original_name: 'IMG_4711.HEIC', media_type: 'image/heif', size: 614, sha256: 'aa'.repeat(32), source: 'picker', image: { width: 96, height: 64, exif: null }, note: null },
            },
          ],
        }),
    });
    render(EntryDetail, { props: { id: 8, persons: [], onBack: () => {} } });
    const thumb = (await screen.findByTestId('attachment-thumb')) as HTMLImageElement;
    expect(thumb.getAttribute('src')).toBe('casebook://localhost/thumb/41');
    await fireEvent.click(thumb.closest('button')!);
    const full = screen.getByAltText('Full size: IMG_4711.HEIC') as HTMLImageElement;
    expect(full.getAttribute('src')).toBe('casebook://localhost/original/41');
  });
});
