import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { BreachView, Order } from '../lib/ipc';
import { mockBackend } from '../lib/ipc/testing';
import BreachPanel from '../lib/components/BreachPanel.svelte';
import Orders from '../lib/components/Orders.svelte';
import { emptyOrder, orderHistory, toOrderInput, toVaryInput, varyDraft } from '../lib/logic/orders';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

const order: Order = {
  id: 1,
  reference: { order_id: 1, seq: 3, link: '00'.repeat(32) },
  recorded_at: '2026-03-01T21:00:00Z',
  versions: [
    {
      seq: 3,
      recorded_at: '2026-03-01T21:00:00Z',
      from: '2026-02-01',
      reason: null,
      details: {
        kind: 'interim_spo',
        court: `Anytown ${HOSTILE}`,
        made_on: '2026-02-01',
        expires_on: null,
        reference: 'SPO/1',
        terms: [
          { id: 1, preset: 'no_contact', text: 'Not to contact the protected person directly by any means' },
          { id: 2, preset: 'exclusion_zone', text: 'Not to enter the exclusion zone: Acacia Avenue' },
        ],
      },
    },
  ],
  served: null,
  discharged: null,
};

describe('court orders', () => {
  it('turns the ticked presets and own terms into core’s input, and says what is missing first', () => {
    expect(toOrderInput(emptyOrder())).toEqual({ error: 'Choose what kind of order it is.' });
    const d = { ...emptyOrder(), kind: 'interim_spo' as const, court: ' Anytown ', madeOn: '2026-02-01' };
    expect(toOrderInput(d)).toEqual({ error: 'Tick or type at least one term of the order.' });
    d.presets.no_contact.on = true;
    d.presets.exclusion_zone = { on: true, details: ' Acacia Avenue ' };
    d.presets.keep_away = { on: false, details: 'ignored when not ticked' };
    d.ownTerms = 'Not to publish anything about the children\n\n';
    const built = toOrderInput(d);
    expect('input' in built && built.input).toEqual({
      kind: 'interim_spo',
      court: 'Anytown',
      made_on: '2026-02-01',
      served_on: null,
      expires_on: null,
      reference: null,
      terms: [
        { id: null, preset: 'no_contact', text: null },
        { id: null, preset: 'exclusion_zone', text: 'Acacia Avenue' },
        { id: null, preset: null, text: 'Not to publish anything about the children' },
      ],
    });
  });

  it('lists the orders as text and records service', async () => {
    let served = false;
    const backend = mockBackend({
      list_orders: () => [served ? { ...order, served: { on: '2026-02-03', seq: 4 } } : order],
      serve_order: () => {
        served = true;
        return null;
      },
    });
    render(Orders, { props: { onBack: () => {} } });
    const item = await screen.findByTestId('order-item');
    expect(item.textContent).toContain(`Anytown ${HOSTILE}`);
    expect(item.querySelector('img')).toBeNull();
    expect(screen.getByTestId('order-standing').textContent).toBe('Not yet recorded as served');
    await fireEvent.click(screen.getByTestId('order-serve'));
    await fireEvent.input(screen.getByTestId('order-served-on'), { target: { value: '2026-02-03' } });
    await fireEvent.click(screen.getByTestId('order-serve-save'));
    await waitFor(() => expect(screen.getByTestId('order-standing').textContent).toBe('Served on 2026-02-03'));
    expect(backend.of('serve_order')[0]!.args).toEqual({ id: 1, servedOn: '2026-02-03' });
  });
});

describe('an order varied or discharged', () => {
  it('keeps numbered terms, rewords, removes and adds, and says what is missing first', () => {
    const d = varyDraft(order);
    expect(toVaryInput(order, d)).toEqual({ error: 'Give the date the variation took effect.' });
    d.variedOn = '2026-03-02';
    expect(toVaryInput(order, d)).toEqual({ error: 'Say why it was varied, for example “varied at the hearing on 3 March”.' });
    d.reason = 'Varied at the hearing';
    d.terms[0]!.text = ' ';
    expect(toVaryInput(order, d)).toEqual({ error: 'Term 1 has no words: type them, or untick it to remove the term.' });
    d.terms[0]!.text = 'Not to contact the protected person by any means ';
    d.terms[1]!.keep = false;
    d.newTerms = 'Not to go within 100 metres of the school\n';
    d.expiresOn = '2027-03-02';
    const built = toVaryInput(order, d);
    expect('input' in built && built.input).toEqual({
      kind: 'interim_spo',
      court: `Anytown ${HOSTILE}`,
      made_on: '2026-02-01',
      served_on: null,
      expires_on: '2027-03-02',
      reference: 'SPO/1',
      terms: [
        { id: 1, preset: null, text: 'Not to contact the protected person by any means' },
        { id: null, preset: null, text: 'Not to go within 100 metres of the school' },
      ],
    });
    const unchanged = { ...varyDraft(order), variedOn: '2026-03-02', reason: 'r' };
    const same = toVaryInput(order, unchanged);
    expect('input' in same && same.input.terms).toEqual([
      { id: 1, preset: null, text: null },
      { id: 2, preset: null, text: null },
    ]);
    unchanged.terms.forEach((t) => (t.keep = false));
    expect(toVaryInput(order, unchanged)).toEqual({ error: 'An order keeps at least one term: keep one, or type the new ones.' });
  });

  it('records a variation from the order’s card and shows its history as text', async () => {
    let varied = false;
    const later: Order = {
      ...order,
      versions: [
        ...order.versions,
        {
          seq: 5,
          recorded_at: '2026-03-02T21:00:00Z',
          from: '2026-03-02',
          reason: `At the hearing ${HOSTILE}`,
          details: { ...order.versions[0]!.details, terms: [order.versions[0]!.details.terms[0]!] },
        },
      ],
    };
    const backend = mockBackend({ list_orders: () => [varied ? later : order], vary_order: () => ((varied = true), null) });
    render(Orders, { props: { onBack: () => {} } });
    await fireEvent.click(await screen.findByTestId('order-vary'));
    await fireEvent.input(screen.getByTestId('order-vary-on'), { target: { value: '2026-03-02' } });
    await fireEvent.input(screen.getByTestId('order-vary-reason'), { target: { value: `At the hearing ${HOSTILE}` } });
    await fireEvent.click(screen.getByTestId('order-vary-keep-2'));
    await fireEvent.click(screen.getByTestId('order-vary-save'));
    expect((await screen.findByTestId('order-changed')).textContent).toBe('Order 1: variation saved.');
    const args = backend.of('vary_order')[0]!.args as { id: number; variedOn: string; reason: string; input: { terms: unknown[] } };
    expect([args.id, args.variedOn, args.reason]).toEqual([1, '2026-03-02', `At the hearing ${HOSTILE}`]);
    expect(args.input.terms).toEqual([{ id: 1, preset: null, text: null }]);
    const history = screen.getByTestId('order-history');
    expect(history.textContent).toContain(`Varied from 2026-03-02: At the hearing ${HOSTILE}`);
    expect(history.querySelector('img')).toBeNull();
    expect(screen.getByTestId('order-item').querySelectorAll('.terms li')).toHaveLength(1);
  });

  it('shows core’s refusal of a variation in its words, and keeps the form', async () => {
    mockBackend({
      list_orders: () => [order],
      vary_order: () => {
        throw { message: 'order 1 cannot be varied (2026-01-01) before it was made (2026-02-01)' };
      },
    });
    render(Orders, { props: { onBack: () => {} } });
    await fireEvent.click(await screen.findByTestId('order-vary'));
    await fireEvent.input(screen.getByTestId('order-vary-on'), { target: { value: '2026-01-01' } });
    await fireEvent.input(screen.getByTestId('order-vary-reason'), { target: { value: 'typo' } });
    await fireEvent.click(screen.getByTestId('order-vary-save'));
    expect((await screen.findByTestId('order-vary-error')).textContent).toContain('before it was made (2026-02-01)');
    expect(screen.getByTestId('order-vary-form')).toBeTruthy();
  });

  it('records a discharge, after which the order offers no more changes', async () => {
    let discharged = false;
    const ended: Order = { ...order, discharged: { on: '2026-04-01', reason: 'Discharged on appeal', seq: 6 } };
    const backend = mockBackend({
      list_orders: () => [discharged ? ended : order],
      discharge_order: () => ((discharged = true), null),
    });
    render(Orders, { props: { onBack: () => {} } });
    await fireEvent.click(await screen.findByTestId('order-discharge'));
    await fireEvent.click(screen.getByTestId('order-discharge-save'));
    expect(screen.getByTestId('order-discharge-error').textContent).toBe('Give the date it was discharged.');
    await fireEvent.input(screen.getByTestId('order-discharge-on'), { target: { value: '2026-04-01' } });
    await fireEvent.input(screen.getByTestId('order-discharge-reason'), { target: { value: 'Discharged on appeal' } });
    await fireEvent.click(screen.getByTestId('order-discharge-save'));
    expect((await screen.findByTestId('order-changed')).textContent).toBe('Order 1: discharge saved.');
    expect(backend.of('discharge_order')[0]!.args).toEqual({ id: 1, dischargedOn: '2026-04-01', reason: 'Discharged on appeal' });
    expect(screen.getByTestId('order-standing').textContent).toBe('Discharged on 2026-04-01');
    expect(orderHistory(ended)).toEqual(['Discharged on 2026-04-01: Discharged on appeal']);
    expect(screen.queryByTestId('order-vary')).toBeNull();
    expect(screen.queryByTestId('order-discharge')).toBeNull();
  });
});

describe('a breach marked from an entry', () => {
  const view: BreachView = {
    breach: { seq: 9, recorded_at: '2026-03-01T21:00:00Z', entry_id: 7, order_id: 1, term_ids: [1], reported: true, police_reference: 'CAD 1' },
    occurred: { start: '2026-02-02T21:00:00+00:00', approximate: false, end: null },
    kind: 'call',
    title: 'Withheld call',
    order: 'Interim Stalking Protection Order, Anytown',
    terms: [{ id: 1, text: 'Not to contact', later_varied: false }],
    service: 'before_service',
  };

  it('ticks core’s suggestion, marks it with the reference, and shows the flag before service', async () => {
    let marked: BreachView[] = [];
    const backend = mockBackend({
      list_orders: () => [order],
      entry_breaches: () => marked,
      breach_suggestions: () => [{ order_id: 1, term_id: 1, text: 'Not to contact' }],
      mark_breach: () => {
        marked = [view];
        return view;
      },
    });
    render(BreachPanel, { props: { entryId: 7 } });
    await fireEvent.click(await screen.findByTestId('breach-open'));
    expect((screen.getByTestId('breach-term-1') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('breach-term-2') as HTMLInputElement).checked).toBe(false);
    await fireEvent.input(screen.getByTestId('breach-reference'), { target: { value: 'CAD 1' } });
    await fireEvent.click(screen.getByTestId('breach-save'));
    expect((await screen.findByTestId('breach-saved')).textContent).toContain('(before the order was served)');
    expect(backend.of('mark_breach')[0]!.args).toEqual({
      input: { entry_id: 7, order_id: 1, term_ids: [1], reported: true, police_reference: 'CAD 1' },
    });
    expect((await screen.findByTestId('breach-marked')).textContent).toContain('reported, reference CAD 1');
  });

  it('shows core’s refusal in words, and nothing at all when no order is recorded', async () => {
    mockBackend({
      list_orders: () => [order],
      entry_breaches: () => [],
      breach_suggestions: () => [],
      mark_breach: () => Promise.reject({ message: 'entry 7 cannot breach it: order 1 was made on 2026-02-01, after 2026-01-10' }),
    });
    const { unmount } = render(BreachPanel, { props: { entryId: 7 } });
    await fireEvent.click(await screen.findByTestId('breach-open'));
    await fireEvent.click(screen.getByTestId('breach-term-1'));
    await fireEvent.click(screen.getByTestId('breach-save'));
    expect((await screen.findByTestId('breach-error')).textContent).toContain('order 1 was made on 2026-02-01');
    unmount();
    mockBackend({ list_orders: () => [], entry_breaches: () => [], breach_suggestions: () => [] });
    render(BreachPanel, { props: { entryId: 7 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('breach-panel')).toBeNull();
  });
});
