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
});
