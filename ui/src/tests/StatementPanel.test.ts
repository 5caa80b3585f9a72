import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { ExportOptions } from '../lib/ipc';
import { mockBackend } from '../lib/ipc/testing';
import StatementPanel from '../lib/components/StatementPanel.svelte';

const options: ExportOptions = {
  recipient: 'police',
  from: '2026-02-01T00:00:00+00:00',
  to: null,
  kinds: [],
  persons: [1],
  entry_ids: [],
  strip_gps: false,
  include_sources: false,
  upload_folder: false,
  recipient_card: null,
  leave_out_effects: true,
};

describe('the draft statement', () => {
  it('writes the draft for the choices above to the typed path and says what it holds', async () => {
    const backend = mockBackend({
      write_statement: () => ({ entries: 12, exhibits: 1, breaches: 2, effects: 0, bytes: 9000 }),
    });
    render(StatementPanel, { props: { options } });
    await fireEvent.input(screen.getByTestId('statement-path'), { target: { value: '/home/me/draft.docx' } });
    await fireEvent.click(screen.getByTestId('statement-save'));
    const saved = await screen.findByTestId('statement-saved');
    expect(saved.textContent).toContain('Draft saved to /home/me/draft.docx: 12 entries, 1 exhibit by their marks');
    expect(backend.of('write_statement')[0]!.args).toEqual({ options, path: '/home/me/draft.docx' });
  });

  it('says so when the shell refuses, and asks for choices that make sense first', async () => {
    mockBackend({ write_statement: () => Promise.reject({ message: 'a file already exists at /x.docx; it was left untouched' }) });
    const { rerender } = render(StatementPanel, { props: { options: undefined } });
    await fireEvent.click(screen.getByTestId('statement-save'));
    expect(screen.getByTestId('statement-error').textContent).toContain('Correct the choices above first');
    await rerender({ options });
    await fireEvent.input(screen.getByTestId('statement-path'), { target: { value: '/x.docx' } });
    await fireEvent.click(screen.getByTestId('statement-save'));
    expect((await screen.findByTestId('statement-error')).textContent).toContain('left untouched');
  });
});
