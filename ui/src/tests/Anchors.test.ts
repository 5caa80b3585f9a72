// The key card and witness codes in Settings, and the gentle offer of a code after logging.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import { emptyCase, mockBackend, page, status } from '../lib/ipc/testing';
import { codeGroups } from '../lib/logic/witness';
import { resetWitnessOffer } from '../lib/session.svelte';
import App from '../App.svelte';
import KeyCardPanel from '../lib/components/KeyCardPanel.svelte';
import WitnessCodePanel from '../lib/components/WitnessCodePanel.svelte';

const CODE = 'W-7-ABCD-EFGH-IJKL-MNOP-QRST';
const MADE = { code: CODE, seq: 7, made_at: '2026-03-01T21:00:00Z', message: `Casebook witness code ${CODE} (made 1 March 2026).` };

describe('witness codes', () => {
  it('groups a code for reading aloud', () => {
    expect(codeGroups(CODE)).toEqual(['W-7', 'ABCD', 'EFGH', 'IJKL', 'MNOP', 'QRST']);
    expect(codeGroups('odd')).toEqual(['odd']);
  });

  it('makes a code, shows it large with its message, and records whom it was sent to', async () => {
    const b = mockBackend({
      witness_shares: () => [],
      make_witness_code: () => MADE,
      record_witness_shared: ({ code, to, how }: { code: string; to: string; how: string }) => ({ seq: 8, recorded_at: '2026-03-01T21:05:00Z', code, to, how }),
    });
    render(WitnessCodePanel);
    await fireEvent.click(screen.getByTestId('witness-make'));
    await waitFor(() => expect(screen.getByTestId('witness-code').textContent).toBe(CODE));
    expect((screen.getByTestId('witness-message') as HTMLTextAreaElement).value).toContain(CODE);
    await fireEvent.click(screen.getByTestId('witness-record'));
    await screen.findByText(/Say who you sent the code to/);
    expect(b.of('record_witness_shared')).toHaveLength(0);
    await fireEvent.input(screen.getByTestId('witness-to'), { target: { value: 'my advocate Sam' } });
    await fireEvent.input(screen.getByTestId('witness-how'), { target: { value: 'text message' } });
    await fireEvent.click(screen.getByTestId('witness-record'));
    await waitFor(() => expect(screen.getByTestId('witness-recorded').textContent).toContain(`${CODE} sent to my advocate Sam (text message)`));
    expect(b.of('record_witness_shared')[0]!.args).toEqual({ code: CODE, to: 'my advocate Sam', how: 'text message' });
    expect(screen.getByTestId('witness-shares').textContent).toContain('my advocate Sam');
  });
});

describe('the key card', () => {
  it('saves to a typed path and records whom it was given to', async () => {
    const b = mockBackend({
      key_cards_given: () => [],
      save_key_card: () => ({ fingerprint: 'ab12 cd34', created_at: '2026-03-01T21:00:00Z' }),
      record_key_card_given: ({ to }: { to: string }) => ({ seq: 9, recorded_at: '2026-03-01T21:05:00Z', to }),
    });
    render(KeyCardPanel);
    await fireEvent.input(screen.getByTestId('keycard-path'), { target: { value: '/home/me/card.pdf' } });
    await fireEvent.click(screen.getByTestId('keycard-save'));
    await waitFor(() => expect(screen.getByTestId('keycard-saved').textContent).toContain('Key card saved to /home/me/card.pdf'));
    expect(b.of('save_key_card')[0]!.args).toEqual({ path: '/home/me/card.pdf' });
    await fireEvent.input(screen.getByTestId('keycard-given'), { target: { value: 'PC 1234, Leeds' } });
    await fireEvent.click(screen.getByTestId('keycard-record'));
    await waitFor(() => expect(screen.getByTestId('keycard-recorded').textContent).toContain('key card given to PC 1234, Leeds'));
    expect(screen.getByTestId('keycard-given-list').textContent).toContain('PC 1234, Leeds');
  });
});

describe('the offer after logging', () => {
  function unlocked() {
    return mockBackend({
      app_status: () => status({ unlocked: true }),
      get_case: () => emptyCase,
      diary_page: () => page([]),
      weekly_counts: () => [],
      lock: () => null,
      touch: () => null,
      add_entry: () => 11,
      get_settings: () => ({ auto_lock_seconds: 300, neutral_title: false, zoom_percent: 100 }),
      vault_info: () => Promise.reject({ message: 'x' }),
      witness_shares: () => [],
      key_cards_given: () => [],
      make_witness_code: () => MADE,
    });
  }

  async function logOne(title: string): Promise<void> {
    await fireEvent.click(screen.getByTestId('nav-log'));
    await screen.findByTestId('screen-log');
    await fireEvent.click(screen.getByTestId('kind-call'));
    await fireEvent.input(screen.getByTestId('log-title'), { target: { value: title } });
    await fireEvent.click(screen.getByTestId('log-save'));
  }

  it('appears only after an entry is saved, is dismissed in one click, and stays away that session', async () => {
    resetWitnessOffer();
    const b = unlocked();
    render(App);
    await screen.findByTestId('screen-diary');
    expect(screen.queryByTestId('witness-offer')).toBeNull();
    await logOne('Withheld call');
    await screen.findByTestId('witness-offer');
    expect(document.activeElement?.closest('[data-testid="witness-offer"]')).toBeNull();
    await fireEvent.click(screen.getByTestId('witness-offer-dismiss'));
    expect(screen.queryByTestId('witness-offer')).toBeNull();
    await logOne('Another call');
    await waitFor(() => expect(b.of('add_entry')).toHaveLength(2));
    expect(screen.queryByTestId('witness-offer')).toBeNull();
  });

  it('takes the person to a witness code, with the keyboard on the button', async () => {
    resetWitnessOffer();
    unlocked();
    render(App);
    await screen.findByTestId('screen-diary');
    await logOne('Withheld call');
    await fireEvent.click(await screen.findByTestId('witness-offer-accept'));
    await screen.findByTestId('screen-settings');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('witness-make')));
    expect(screen.queryByTestId('witness-offer')).toBeNull();
    await fireEvent.click(screen.getByTestId('nav-diary'));
    await screen.findByTestId('screen-diary');
    expect(screen.queryByTestId('witness-offer')).toBeNull();
  });
});
