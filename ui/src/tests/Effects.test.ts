import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { Effect } from '../lib/ipc';
import { mockBackend } from '../lib/ipc/testing';
import Effects from '../lib/components/Effects.svelte';

const HOSTILE = '<img src=x onerror="window.__pwned=1">&amp; counselling';

function effect(id: number, over: Partial<Effect['details']> = {}, withdrawn: Effect['withdrawn'] = null): Effect {
  return {
    id,
    reference: { effect_id: id, seq: id + 3, link: '00'.repeat(32) },
    recorded_at: '2026-03-01T21:00:00Z',
    details: { kind: 'security', from: '2026-02-06', until: null, description: 'Fitted a camera', ...over },
    withdrawn,
  };
}

describe('how this has affected you', () => {
  it('shows the changes in the order they began, as text, and the withdrawn ones apart', async () => {
    mockBackend({
      list_effects: () => [
        effect(1, { kind: 'health_support', from: '2026-03-01', description: HOSTILE }),
        effect(2, { kind: 'changed_routine', from: '2026-01-12', until: '2026-02-01', description: 'Bus, not the station' }),
        effect(3, { kind: 'moved_home', description: 'Typed by mistake' }, {
          seq: 9,
          recorded_at: '2026-03-02T10:00:00Z',
          reason: 'wrong diary',
        }),
      ],
    });
    render(Effects, { props: { onBack: () => {} } });
    const items = await screen.findAllByTestId('effect-item');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('12 Jan 2026 to 1 Feb 2026');
    expect(items[0]!.textContent).toContain('Changed routes or times');
    expect(items[1]!.textContent).toContain('Since 1 Mar 2026');
    // A description is text, never markup.
    expect(items[1]!.textContent).toContain(HOSTILE);
    expect(items[1]!.querySelector('img')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect(screen.getByText(/Withdrawn \(1\)/)).toBeTruthy();
  });

  it('saves a change with its dates and words, and says what is missing first', async () => {
    let saved: unknown = null;
    const backend = mockBackend({
      list_effects: () => (saved ? [effect(1)] : []),
      note_effect: (args) => {
        saved = args;
        return 1;
      },
    });
    render(Effects, { props: { onBack: () => {} } });
    await screen.findByTestId('effects-empty');
    await fireEvent.click(screen.getByTestId('effect-save'));
    expect(screen.getByTestId('effect-error').textContent).toContain('Choose what changed');
    expect(backend.of('note_effect')).toHaveLength(0);

    await fireEvent.change(screen.getByTestId('effect-kind'), { target: { value: 'security' } });
    await fireEvent.input(screen.getByTestId('effect-from'), { target: { value: '2026-02-06' } });
    await fireEvent.input(screen.getByTestId('effect-description'), { target: { value: 'Fitted a camera' } });
    await fireEvent.click(screen.getByTestId('effect-save'));
    await screen.findByTestId('effect-saved');
    expect(backend.of('note_effect')[0]!.args).toEqual({
      details: { kind: 'security', from: '2026-02-06', until: null, description: 'Fitted a camera' },
    });
    await waitFor(() => expect(screen.getAllByTestId('effect-item')).toHaveLength(1));
  });

  it('withdraws a change only with a reason', async () => {
    const backend = mockBackend({ list_effects: () => [effect(1)], withdraw_effect: () => null });
    render(Effects, { props: { onBack: () => {} } });
    await fireEvent.click(await screen.findByTestId('withdraw-effect'));
    await fireEvent.click(screen.getByTestId('withdraw-confirm'));
    expect(backend.of('withdraw_effect')).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toContain('Say why');
    await fireEvent.input(screen.getByTestId('withdraw-reason'), { target: { value: 'noted twice' } });
    await fireEvent.click(screen.getByTestId('withdraw-confirm'));
    await waitFor(() => expect(backend.of('withdraw_effect')[0]!.args).toEqual({ id: 1, reason: 'noted twice' }));
  });
});
