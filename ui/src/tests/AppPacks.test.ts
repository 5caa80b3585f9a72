// The three pack screens inside the app: reached from the menu, "Check a pack" also while
// locked (someone who received a pack may have no diary open), and a job forgotten on lock.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import { deferred, emptyCase, mockBackend, page, status } from '../lib/ipc/testing';
import { autoLockHold } from '../lib/session.svelte';
import App from '../App.svelte';
import { exportPreview } from './packFixtures';

function unlocked(extra: Record<string, (a: any) => unknown> = {}) {
  return mockBackend({
    app_status: () => status({ unlocked: true }),
    get_case: () => emptyCase,
    diary_page: () => page([]),
    weekly_counts: () => [],
    lock: () => null,
    quick_exit: () => null,
    touch: () => null,
    export_preview: () => exportPreview(),
    ...extra,
  });
}

describe('pack screens in the app', () => {
  it('are in the menu', async () => {
    unlocked();
    render(App);
    await screen.findByTestId('screen-diary');
    await fireEvent.click(screen.getByTestId('nav-export'));
    await screen.findByTestId('screen-export');
    await fireEvent.click(screen.getByTestId('nav-import'));
    await screen.findByTestId('screen-import');
    await fireEvent.click(screen.getByTestId('nav-verify'));
    await screen.findByTestId('screen-verify');
    expect(screen.getByTestId('nav-verify').getAttribute('aria-current')).toBe('page');
  });

  it('checks a pack while the diary is locked, and goes back to unlocking', async () => {
    const b = mockBackend({
      app_status: () => status({ unlocked: false }),
      verify_pack: () => ({ report: { verdict: 'not_a_pack', checks: [{ name: 'pack', ok: false, detail: 'not a ZIP' }], anchored: false, key_matched: false, witnesses: [], headline: 'This is not a Casebook evidence pack.', meaning: '' }, contents: null }),
    });
    render(App);
    await screen.findByTestId('screen-unlock');
    await fireEvent.click(screen.getByTestId('nav-verify'));
    await screen.findByTestId('screen-verify');
    expect(screen.queryByTestId('lock-button')).toBeNull();
    await fireEvent.input(screen.getByTestId('verify-path'), { target: { value: '/tmp/x.zip' } });
    await fireEvent.click(screen.getByTestId('verify-path-go'));
    await waitFor(() => expect(screen.getByTestId('verify-verdict').textContent).toContain('not a Casebook evidence pack'));
    expect(b.calls.map((c) => c.cmd)).toEqual(['app_status', 'verify_pack']);
    await fireEvent.click(screen.getByTestId('verify-back'));
    await screen.findByTestId('screen-unlock');
  });

  it('forgets a running export when Casebook locks', async () => {
    const never = deferred<unknown>();
    const b = unlocked({ export_pack: () => never.promise, unlock: () => ({}) });
    render(App);
    await screen.findByTestId('screen-diary');
    await fireEvent.click(screen.getByTestId('nav-export'));
    await waitFor(() => expect(screen.getByTestId('export-preview').textContent).toContain('2 entries'));
    await fireEvent.input(screen.getByTestId('export-path'), { target: { value: '/tmp/p.zip' } });
    await fireEvent.click(screen.getByTestId('export-save'));
    await screen.findByTestId('export-progress');
    await fireEvent.click(screen.getByTestId('lock-button'));
    await screen.findByTestId('screen-unlock');
    expect(b.of('lock')).toHaveLength(1);
    expect(autoLockHold.count).toBe(0);
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'pw' } });
    await fireEvent.submit(screen.getByTestId('unlock-passphrase'));
    await screen.findByTestId('screen-diary');
    await fireEvent.click(screen.getByTestId('nav-export'));
    await screen.findByTestId('screen-export');
    expect(screen.queryByTestId('export-progress')).toBeNull();
  });
});
