import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { CaseChange, CaseDetails } from '../lib/ipc';
import { emptyCase, mockBackend, page, status, shellError } from '../lib/ipc/testing';
import App from '../App.svelte';

const KEY = 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567';

function unlockedBackend(extra: Record<string, (a: never) => unknown> = {}) {
  return mockBackend({
    app_status: () => status({ unlocked: true }),
    get_case: () => emptyCase,
    diary_page: () => page([]),
    weekly_counts: () => [],
    lock: () => null,
    quick_exit: () => null,
    touch: () => null,
    ...extra,
  });
}

describe('the app', () => {
  it('walks through first run: passphrase, recovery key once, case details', async () => {
    let exists = false;
    let savedCase: CaseDetails | null = null;
    let sent: CaseChange[] = [];
    const backend = mockBackend({
      app_status: () => status({ vault_exists: exists, unlocked: exists }),
      create_vault: () => {
        exists = true;
        return { recovery_key: KEY, info: {} };
      },
      change_case: ({ changes }: { changes: CaseChange[] }) => {
        sent = changes;
        savedCase = { ...emptyCase, victim_initials: 'AB' };
        return savedCase;
      },
      get_case: () => savedCase ?? emptyCase,
      touch: () => null,
    });
    render(App);
    await screen.findByTestId('screen-first-run');

    await fireEvent.input(screen.getByTestId('create-passphrase'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.input(screen.getByTestId('create-passphrase-confirm'), { target: { value: 'lamp orbit velvet cidre' } });
    await fireEvent.click(screen.getByTestId('create-submit'));
    await screen.findByText(/not the same/);
    expect(backend.of('create_vault')).toHaveLength(0);

    await fireEvent.input(screen.getByTestId('create-passphrase-confirm'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.click(screen.getByTestId('create-submit'));
    await screen.findByTestId('screen-recovery');
    expect(screen.getByTestId('recovery-key').textContent).toBe(KEY);
    const cont = screen.getByTestId('recovery-continue') as HTMLButtonElement;
    expect(cont.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('recovery-stored'));
    expect(cont.disabled).toBe(false);
    await fireEvent.click(cont);

    await screen.findByTestId('screen-case');
    expect(screen.queryByText(KEY)).toBeNull();
    await fireEvent.input(screen.getByTestId('case-initials'), { target: { value: 'ab' } });
    await fireEvent.click(screen.getByTestId('case-add-person'));
    await fireEvent.input(screen.getByTestId('person-name'), { target: { value: 'Mark' } });
    await fireEvent.input(screen.getByTestId('person-relationship'), { target: { value: 'ex-partner' } });
    await fireEvent.click(screen.getByTestId('identifier-add'));
    await fireEvent.change(screen.getByTestId('identifier-kind'), { target: { value: 'vehicle' } });
    await fireEvent.input(screen.getByTestId('identifier-value'), { target: { value: 'AB12 CDE' } });
    await fireEvent.click(screen.getByTestId('case-save'));

    await screen.findByTestId('screen-log');
    // Only what was changed, applied by core to the case as it stands.
    expect(sent).toEqual([
      { change: 'set_initials', initials: 'AB' },
      {
        change: 'add_person',
        name: 'Mark',
        relationship: 'ex-partner',
        description: null,
        identifiers: [{ kind: 'vehicle', value: 'AB12 CDE' }],
      },
    ]);
    expect(screen.getByTestId('lock-button')).toBeTruthy();
  });

  it('shows the unlock screen when the shell says it is locked', async () => {
    mockBackend({
      app_status: () => status({ unlocked: true }),
      get_case: () => emptyCase,
      diary_page: () => Promise.reject(shellError('locked', 'Casebook is locked.')),
      weekly_counts: () => Promise.reject(shellError('locked', 'Casebook is locked.')),
    });
    render(App);
    await screen.findByTestId('screen-unlock');
    expect(screen.queryByTestId('lock-button')).toBeNull();
  });

  it('locks with the Lock button', async () => {
    const backend = unlockedBackend();
    render(App);
    await screen.findByTestId('screen-diary');
    await fireEvent.click(screen.getByTestId('lock-button'));
    await screen.findByTestId('screen-unlock');
    expect(backend.of('lock')).toHaveLength(1);
  });

  it('hides at once on Escape pressed twice', async () => {
    const backend = unlockedBackend();
    render(App);
    await screen.findByTestId('screen-diary');
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(backend.of('quick_exit')).toHaveLength(0);
    await fireEvent.keyDown(window, { key: 'Escape' });
    await screen.findByTestId('screen-unlock');
    expect(backend.of('quick_exit')).toHaveLength(1);
  });

  it('has a labelled Quick exit button, unlocked and locked, that does what Escape twice does', async () => {
    const backend = unlockedBackend();
    render(App);
    await screen.findByTestId('screen-diary');
    const button = screen.getByRole('button', { name: 'Quick exit' });
    expect(button.getAttribute('aria-describedby')).toBe('quick-exit-help');
    await fireEvent.click(button);
    await screen.findByTestId('screen-unlock');
    expect(backend.of('quick_exit')).toHaveLength(1);
    // The unlock screen has it too.
    await fireEvent.click(screen.getByRole('button', { name: 'Quick exit' }));
    expect(backend.of('quick_exit')).toHaveLength(2);
  });

  it('does not count an Escape that closed something towards quick exit', async () => {
    const backend = unlockedBackend();
    render(App);
    await screen.findByTestId('screen-diary');
    // What the image viewer does with an Escape that closes it (see EntryDetail.test.ts).
    const takeOne = (e: KeyboardEvent) => e.preventDefault();
    window.addEventListener('keydown', takeOne, { capture: true, once: true });
    await fireEvent.keyDown(window, { key: 'Escape' });
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(backend.of('quick_exit')).toHaveLength(0);
    expect(screen.getByTestId('screen-diary')).toBeTruthy();
    await fireEvent.keyDown(window, { key: 'Escape' });
    await screen.findByTestId('screen-unlock');
    expect(backend.of('quick_exit')).toHaveLength(1);
  });

  it('moves focus to the screen heading after a screen change and after the skip link', async () => {
    unlockedBackend();
    render(App);
    await screen.findByTestId('screen-diary');
    await fireEvent.click(screen.getByTestId('nav-log'));
    await screen.findByTestId('screen-log');
    await waitFor(() => expect(document.activeElement?.id).toBe('log-heading'));
    screen.getByTestId('kind-call').focus();
    await fireEvent.click(screen.getByTestId('skip-link'));
    expect(document.activeElement?.id).toBe('log-heading');
  });

  it('zooms with Ctrl+= / Ctrl+- / Ctrl+0, kept in settings with the rest unchanged', async () => {
    const sent: unknown[] = [];
    unlockedBackend({
      set_settings: ({ settings }: { settings: { zoom_percent: number } }) => {
        sent.push(settings);
        return settings;
      },
    });
    render(App);
    await screen.findByTestId('screen-diary');
    await fireEvent.keyDown(window, { key: '=', ctrlKey: true });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ auto_lock_seconds: 300, neutral_title: false, zoom_percent: 125 });
    await waitFor(() => expect(screen.getByTestId('zoom-status').textContent).toBe('Zoom 125%.'));
    await fireEvent.keyDown(window, { key: '=', ctrlKey: true });
    await waitFor(() => expect(sent).toHaveLength(2));
    expect((sent[1] as { zoom_percent: number }).zoom_percent).toBe(150);
    await fireEvent.keyDown(window, { key: '0', ctrlKey: true });
    await waitFor(() => expect(sent).toHaveLength(3));
    expect((sent[2] as { zoom_percent: number }).zoom_percent).toBe(100);
    await fireEvent.keyDown(window, { key: '-', ctrlKey: true });
    expect(sent).toHaveLength(3);
  });

  it('locks itself after the idle time', async () => {
    const backend = mockBackend({
      app_status: () => status({ unlocked: true, auto_lock_seconds: 1 }),
      get_case: () => emptyCase,
      diary_page: () => page([]),
      weekly_counts: () => [],
      lock: () => null,
    });
    render(App);
    await screen.findByTestId('screen-diary');
    await screen.findByTestId('screen-unlock', {}, { timeout: 3000 });
    expect(backend.of('lock')).toHaveLength(1);
    expect(screen.getByText(/Locked after a while without use/)).toBeTruthy();
  });

  it('does not auto-lock while the recovery key is on screen (it is shown once)', async () => {
    let exists = false;
    const backend = mockBackend({
      app_status: () => status({ vault_exists: exists, unlocked: exists, auto_lock_seconds: 1 }),
      create_vault: () => {
        exists = true;
        return { recovery_key: KEY, info: {} };
      },
      touch: () => null,
      lock: () => null,
    });
    render(App);
    await fireEvent.input(await screen.findByTestId('create-passphrase'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.input(screen.getByTestId('create-passphrase-confirm'), { target: { value: 'lamp orbit velvet cider' } });
    await fireEvent.click(screen.getByTestId('create-submit'));
    await screen.findByTestId('screen-recovery');
    await new Promise((r) => setTimeout(r, 1600));
    expect(screen.getByTestId('screen-recovery')).toBeTruthy();
    expect(backend.of('lock')).toHaveLength(0);
    expect(backend.of('touch').length).toBeGreaterThan(0);
  });

  it('uses the neutral title when asked', async () => {
    mockBackend({ app_status: () => status({ settings: { auto_lock_seconds: 300, neutral_title: true, zoom_percent: 100 } }) });
    render(App);
    await screen.findByTestId('screen-unlock');
    await waitFor(() => expect(document.title).toBe('Notes'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Notes');
  });

  it('moves between screens with the navigation', async () => {
    unlockedBackend({ get_settings: () => ({ auto_lock_seconds: 300, neutral_title: false, zoom_percent: 100 }), vault_info: () => Promise.reject({ message: 'x' }) });
    render(App);
    await screen.findByTestId('screen-diary');
    await fireEvent.click(screen.getByTestId('nav-log'));
    await screen.findByTestId('screen-log');
    await fireEvent.click(screen.getByTestId('nav-case'));
    await screen.findByTestId('screen-case');
    await fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('screen-settings');
    expect(screen.getByTestId('screen-settings').textContent).toMatch(/Quick exit \(top right, on every screen\), or Esc twice, to hide Casebook at once/);
    await fireEvent.click(screen.getByTestId('nav-diary'));
    await screen.findByTestId('screen-diary');
  });
});
