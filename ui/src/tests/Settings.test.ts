import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import { mockBackend, status, shellError } from '../lib/ipc/testing';
import Settings from '../lib/components/Settings.svelte';

function backend(extra = {}) {
  return mockBackend({
    get_settings: () => ({ auto_lock_seconds: 300, neutral_title: false, zoom_percent: 100 }),
    vault_info: () => ({ path: '/v', vault_id: 'v', fingerprint: 'AB CD', public_key: '', format_version: 1, insecure_test_kdf: false, records: 3, head: '' }),
    set_settings: ({ settings }: { settings: unknown }) => settings,
    ...extra,
  });
}

describe('settings', () => {
  it('saves the auto-lock time in seconds and the neutral title', async () => {
    const b = backend();
    const changed = vi.fn();
    render(Settings, { props: { status: status({ unlocked: true }), onSettingsChanged: changed, onZoom: async () => {} } });
    await waitFor(() => expect((screen.getByTestId('settings-autolock') as HTMLInputElement).value).toBe('5'));
    await fireEvent.input(screen.getByTestId('settings-autolock'), { target: { value: '2' } });
    await fireEvent.click(screen.getByTestId('settings-neutral-title'));
    await fireEvent.click(screen.getByTestId('settings-save'));
    await screen.findByText('Saved.');
    expect(b.of('set_settings')[0]!.args).toEqual({ settings: { auto_lock_seconds: 120, neutral_title: true, zoom_percent: 100 } });
    expect(changed).toHaveBeenCalled();
  });

  it('sets the zoom at once from its own control, and says so beside it', async () => {
    backend();
    const zoom = vi.fn(async (_percent: number) => {});
    render(Settings, { props: { status: status({ unlocked: true }), onSettingsChanged: () => {}, onZoom: zoom } });
    const select = screen.getByTestId('settings-zoom') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['100', '125', '150', '175', '200']);
    await fireEvent.change(select, { target: { value: '150' } });
    expect(zoom).toHaveBeenCalledWith(150);
    await waitFor(() => expect(screen.getByTestId('settings-zoom-status').textContent).toBe('Saved: 150%.'));
    expect(screen.getByTestId('settings-zoom-status').closest('.field')?.contains(select)).toBe(true);
  });

  it('refuses an auto-lock time outside 1 to 60 minutes', async () => {
    const b = backend();
    render(Settings, { props: { status: status({ unlocked: true }), onSettingsChanged: () => {}, onZoom: async () => {} } });
    await fireEvent.input(screen.getByTestId('settings-autolock'), { target: { value: '0' } });
    await fireEvent.click(screen.getByTestId('settings-save'));
    await screen.findByText(/from 1 to 60/);
    expect(b.of('set_settings')).toHaveLength(0);
  });

  it('makes a recipient card: shows its fingerprint and warns that the identity file is secret', async () => {
    const b = backend({
      make_recipient_card: ({ name, folder }: { name: string; folder: string }) =>
        folder === '/home/adv'
          ? {
              name,
              fingerprint: '1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d',
              card_path: '/home/adv/casebook-recipient-card.txt',
              page_path: '/home/adv/casebook-recipient-card.pdf',
              identity_path: '/home/adv/casebook-recipient-identity.txt',
              qr: { rows: [[true, true, false], [false, true, false], [true, false, true]] },
            }
          : Promise.reject({ message: '/nope is not a folder' }),
    });
    render(Settings, { props: { status: status({ unlocked: true }), onSettingsChanged: () => {}, onZoom: async () => {} } });
    await fireEvent.click(screen.getByTestId('recipient-card-make'));
    await screen.findByText(/Say who the card is for/);
    expect(b.of('make_recipient_card')).toHaveLength(0);
    await fireEvent.input(screen.getByTestId('recipient-card-name'), { target: { value: 'Anytown Advocacy' } });
    await fireEvent.input(screen.getByTestId('recipient-card-folder'), { target: { value: '/nope' } });
    await fireEvent.click(screen.getByTestId('recipient-card-make'));
    await screen.findByText(/The card was not made: \/nope is not a folder/);
    await fireEvent.input(screen.getByTestId('recipient-card-folder'), { target: { value: '/home/adv' } });
    await fireEvent.click(screen.getByTestId('recipient-card-make'));
    const fp = await screen.findByTestId('recipient-card-fingerprint');
    expect(fp.textContent).toBe('1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d');
    const warning = screen.getByTestId('recipient-card-warning').textContent!;
    expect(warning).toContain('/home/adv/casebook-recipient-identity.txt');
    expect(warning).toMatch(/Never send it/);
    expect(screen.getByTestId('recipient-card-page').textContent).toContain('/home/adv/casebook-recipient-card.pdf');
    // The QR code is core's modules drawn as an SVG: one rectangle per run of dark modules, inside
    // a quiet zone of four.
    const svg = screen.getByTestId('recipient-card-qr').querySelector('svg')!;
    expect(svg.getAttribute('viewBox')).toBe('0 0 11 11');
    expect(svg.getAttribute('aria-label')).toBe('QR code of the recipient card for Anytown Advocacy');
    expect(svg.querySelector('path')!.getAttribute('d')).toBe('M4 4h2v1h-2zM5 5h1v1h-1zM4 6h1v1h-1zM6 6h1v1h-1z');
    await waitFor(() => expect(document.activeElement?.id).toBe('recipient-card-made-heading'));
    expect(b.of('make_recipient_card')[1]!.args).toEqual({ name: 'Anytown Advocacy', folder: '/home/adv' });
  });

  it('reports the check in plain words', async () => {
    let ok = true;
    backend({
      check_vault: () => ({
        records: 12, purged_records: 0, attachments_verified: 2, checkpoints_verified: 0, clock_went_backwards: [],
        sqlite_integrity: 'ok',
        problems: ok ? [] : [{ seq: 7, detail: 'the hash chain breaks here' }],
      }),
    });
    render(Settings, { props: { status: status({ unlocked: true }), onSettingsChanged: () => {}, onZoom: async () => {} } });
    await fireEvent.click(screen.getByTestId('settings-check'));
    await waitFor(() => expect(screen.getByTestId('check-result').textContent).toMatch(/All is well.*12 records checked,\s+2 files matched/s));
    ok = false;
    await fireEvent.click(screen.getByTestId('settings-check'));
    await waitFor(() => expect(screen.getByTestId('check-result').textContent).toMatch(/found 1 problem.*Record 7: the hash chain breaks here/s));
  });

  it('says so calmly when the current passphrase is wrong', async () => {
    backend({ change_passphrase: () => Promise.reject(shellError('wrong_passphrase', 'x')) });
    render(Settings, { props: { status: status({ unlocked: true }), onSettingsChanged: () => {}, onZoom: async () => {} } });
    await fireEvent.input(screen.getByLabelText('Current passphrase'), { target: { value: 'old one here' } });
    await fireEvent.input(screen.getByLabelText('New passphrase'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.input(screen.getByLabelText('New passphrase again'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.click(screen.getByText('Change passphrase'));
    await screen.findByText('That is not your current passphrase. Nothing was changed.');
  });

  it('shows the new recovery key before the re-key, and re-keys only after the checkbox', async () => {
    const b = backend({ new_recovery_key: () => 'WXYZ-2345-ABCD-EFGH-IJKL-MNOP-QRST-UV67', rekey: () => undefined });
    render(Settings, { props: { status: status({ unlocked: true }), onSettingsChanged: () => {}, onZoom: async () => {} } });
    await fireEvent.input(screen.getByLabelText('Your passphrase'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.click(screen.getByText('Make a new recovery key'));
    expect((await screen.findByTestId('recovery-key')).textContent).toBe('WXYZ-2345-ABCD-EFGH-IJKL-MNOP-QRST-UV67');
    // Shown, not yet in use: the re-key waits for the person.
    expect(b.of('rekey')).toHaveLength(0);
    expect(screen.getByText(/Until then the old one still works/)).toBeTruthy();
    await fireEvent.click(screen.getByTestId('recovery-stored'));
    await fireEvent.click(screen.getByTestId('recovery-continue'));
    await screen.findByText(/old one no longer works/);
    expect(b.of('new_recovery_key')[0]!.args).toEqual({ passphrase: 'lamp orbit velvet cider' });
    expect(b.of('rekey')[0]!.args).toEqual({ passphrase: 'lamp orbit velvet cider' });
    expect(screen.queryByTestId('recovery-key')).toBeNull();
  });

  // The re-key keeps the passphrase (core re-wraps the current one under the new key). The form
  // once invited "a new one" and showed a key before the shell refused it.
  it('asks for the passphrase the diary opens with, and a wrong one shows no key', async () => {
    const b = backend({
      new_recovery_key: () => Promise.reject(shellError('wrong_passphrase', 'x')),
      rekey: () => undefined,
    });
    const { container } = render(Settings, { props: { status: status({ unlocked: true }), onSettingsChanged: () => {}, onZoom: async () => {} } });
    const form = container.querySelector('section[aria-labelledby="rekey-heading"] form')!;
    expect(form.textContent).not.toMatch(/or a new one|from now on/);
    expect(form.textContent).toMatch(/stays the same/);
    expect(screen.queryByLabelText('The same passphrase again')).toBeNull();
    await fireEvent.input(screen.getByLabelText('Your passphrase'), { target: { value: 'short' } });
    await fireEvent.click(screen.getByText('Make a new recovery key'));
    await screen.findByText('That is not your passphrase. No new key was made; nothing was changed.');
    expect(b.of('new_recovery_key')[0]!.args).toEqual({ passphrase: 'short' });
    expect(screen.queryByTestId('recovery-key')).toBeNull();
    expect(b.of('rekey')).toHaveLength(0);
  });

  it('says the old key still works when the re-key fails after the key was shown', async () => {
    backend({
      new_recovery_key: () => 'WXYZ-2345-ABCD-EFGH-IJKL-MNOP-QRST-UV67',
      rekey: () => Promise.reject({ message: 'the disk reported an error' }),
    });
    render(Settings, { props: { status: status({ unlocked: true }), onSettingsChanged: () => {}, onZoom: async () => {} } });
    await fireEvent.input(screen.getByLabelText('Your passphrase'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.click(screen.getByText('Make a new recovery key'));
    await screen.findByTestId('recovery-key');
    await fireEvent.click(screen.getByTestId('recovery-stored'));
    await fireEvent.click(screen.getByTestId('recovery-continue'));
    await screen.findByText(/Your old recovery key still works/);
  });
});
