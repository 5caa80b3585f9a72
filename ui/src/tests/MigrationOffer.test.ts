import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import { mockBackend } from '../lib/ipc/testing';
import MigrationOffer from '../lib/components/MigrationOffer.svelte';

const offer = {
  from_format: 1,
  to_format: 2,
  backup_folder: '/home/a/diary',
  backup_name: 'vault.format1-backup-20261204-210000.casebook',
};

describe('the format migration offer', () => {
  it('says a backup is made first and where, then migrates on "Migrate now"', async () => {
    const b = mockBackend({ migrate_vault: () => ({ to_format: 2, backup: '/home/a/diary/x.casebook' }) });
    const done = vi.fn();
    render(MigrationOffer, { props: { offer, onDone: done } });
    expect(screen.getByText(/A backup copy is made first/)).toBeTruthy();
    expect(screen.getByTestId('migrate-backup-path').textContent).toBe(
      '/home/a/diary/vault.format1-backup-20261204-210000.casebook',
    );
    await fireEvent.click(screen.getByTestId('migrate-now'));
    await vi.waitFor(() => expect(done).toHaveBeenCalledWith('/home/a/diary/x.casebook'));
    expect(b.of('migrate_vault')).toHaveLength(1);
  });

  it('changes nothing on "Not now"', async () => {
    const b = mockBackend({});
    const done = vi.fn();
    render(MigrationOffer, { props: { offer, onDone: done } });
    await fireEvent.click(screen.getByTestId('migrate-not-now'));
    expect(done).toHaveBeenCalledWith(null);
    expect(b.of('migrate_vault')).toHaveLength(0);
  });

  it('keeps the diary as it was when the migration fails', async () => {
    mockBackend({ migrate_vault: () => Promise.reject({ message: 'the disk is full' }) });
    const done = vi.fn();
    render(MigrationOffer, { props: { offer, onDone: done } });
    await fireEvent.click(screen.getByTestId('migrate-now'));
    await screen.findByText(/The update did not happen: the disk is full/);
    expect(done).not.toHaveBeenCalled();
  });
});
