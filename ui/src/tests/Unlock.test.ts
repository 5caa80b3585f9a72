import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import { mockBackend, shellError } from '../lib/ipc/testing';
import Unlock from '../lib/components/Unlock.svelte';

const WRONG = 'That passphrase doesn\'t open this diary. Nothing was changed; try again.';

describe('unlock', () => {
  it('shows a calm message for a wrong passphrase, and lets the person try again', async () => {
    const backend = mockBackend({
      unlock: ({ passphrase }: { passphrase: string }) =>
        passphrase === 'lamp orbit velvet cider'
          ? { fingerprint: 'x' }
          : Promise.reject(shellError('wrong_passphrase', WRONG)),
    });
    const onUnlocked = vi.fn();
    render(Unlock, { props: { appName: 'Casebook', onUnlocked } });

    const input = screen.getByTestId('unlock-passphrase') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'lamp orbit' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    await waitFor(() => expect(screen.getByTestId('unlock-error').textContent).toBe(WRONG));
    expect(onUnlocked).not.toHaveBeenCalled();
    expect((screen.getByTestId('unlock-submit') as HTMLButtonElement).disabled).toBe(false);

    // The field was emptied the moment the passphrase was handed over, before the answer.
    expect(input.value).toBe('');

    // No lock-out: as many tries as needed.
    for (let i = 2; i <= 6; i++) {
      await fireEvent.input(input, { target: { value: `lamp orbit ${i}` } });
      await fireEvent.click(screen.getByTestId('unlock-submit'));
      await waitFor(() => expect(backend.of('unlock')).toHaveLength(i));
      await waitFor(() => expect(screen.getByTestId('unlock-error').textContent).toBe(WRONG));
    }

    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    await waitFor(() => expect(onUnlocked).toHaveBeenCalledWith(false));
  });

  it('forgets the passphrase before the shell answers', async () => {
    let answer: (v: unknown) => void = () => {};
    mockBackend({ unlock: () => new Promise((resolve) => (answer = resolve)) });
    render(Unlock, { props: { appName: 'Casebook', onUnlocked: () => {} } });
    const input = screen.getByTestId('unlock-passphrase') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    // Argon2id is still running in the shell, and the page holds the passphrase nowhere.
    expect(input.value).toBe('');
    answer({ fingerprint: 'x' });
  });

  it('can use the recovery key instead', async () => {
    const backend = mockBackend({ unlock_with_recovery_key: () => ({}) });
    const onUnlocked = vi.fn();
    render(Unlock, { props: { appName: 'Notes', onUnlocked } });
    await fireEvent.click(screen.getByTestId('unlock-use-recovery'));
    await fireEvent.input(screen.getByTestId('unlock-recovery-key'), {
      target: { value: ' ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567 ' },
    });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    await waitFor(() => expect(onUnlocked).toHaveBeenCalledWith(true));
    expect(backend.of('unlock_with_recovery_key')[0]!.args).toEqual({
      recoveryKey: 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567',
    });
  });

  it('documents the quick-exit key', () => {
    mockBackend({});
    render(Unlock, { props: { appName: 'Casebook', onUnlocked: () => {} } });
    expect(screen.getByTestId('screen-unlock').textContent).toMatch(/Quick exit, or\s*Esc\s*twice, to hide Casebook at once/);
  });
});
