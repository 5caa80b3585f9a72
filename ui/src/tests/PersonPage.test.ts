import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { PersonPage as Page } from '../lib/ipc';
import { mockBackend } from '../lib/ipc/testing';
import PersonPage from '../lib/components/PersonPage.svelte';

const page: Page = {
  person: { id: 1, name: 'Jay Doe', relationship: 'ex-partner', description: null, identifiers: [] },
  incidents: 3,
  first_incident: '2026-03-01T21:14:00+00:00',
  last_incident: '2026-04-02T08:00:00+01:00',
  identifiers: [
    {
      identifier: { kind: 'phone', value: '+44 7700 900123' },
      listed: true,
      count: 2,
      first_seen: '2026-03-01T21:14:00+00:00',
      last_seen: '2026-03-05T10:00:00+00:00',
      new_identifier: false,
      after_block: false,
    },
    {
      identifier: { kind: 'phone', value: '07700 900555' },
      listed: false,
      count: 1,
      first_seen: '2026-04-02T08:00:00+01:00',
      last_seen: '2026-04-02T08:00:00+01:00',
      new_identifier: true,
      after_block: true,
    },
  ],
  entry_ids: [1, 2, 3],
  reported: [{ entry_id: 2, occurred: '2026-03-05T10:00:00+00:00', reported_to: 'Police', police_reference: 'AB/123' }],
};

describe('a person’s page', () => {
  it('shows their identifiers with first and last seen, the new one marked, and what was reported', async () => {
    const backend = mockBackend({
      person_page: () => page,
      weekly_counts: () => [{ week_start: '2026-02-23', total: 1, by_kind: { call: 1 }, by_channel: {} }],
    });
    const opened: number[] = [];
    const diary: number[] = [];
    render(PersonPage, {
      props: { id: 1, onOpen: (id: number) => opened.push(id), onDiary: (id: number) => diary.push(id), onBack: () => {} },
    });
    const heading = await screen.findByTestId('person-heading');
    expect(heading.textContent).toBe('Jay Doe');
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(backend.of('person_page').at(-1)!.args).toEqual({ personId: 1 });
    const filter = (backend.of('weekly_counts').at(-1)!.args as { filter: { person_id: number; hide_retracted: boolean } }).filter;
    expect([filter.person_id, filter.hide_retracted]).toEqual([1, true]);
    expect(screen.getByTestId('person-summary').textContent).toMatch(/3 incidents, 1 Mar 2026 to\s+2 Apr 2026/);

    const rows = screen.getAllByTestId('person-identifier');
    expect(rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent!.trim()))).toEqual([
      ['+44 7700 900123', 'Phone number', '2', '1 Mar 2026', '5 Mar 2026', ''],
      ['07700 900555', 'Phone number', '1', '2 Apr 2026', '2 Apr 2026', 'New first seen after a block; not in their case details'],
    ]);
    expect(screen.getAllByTestId('person-identifier-new')).toHaveLength(1);
    expect(screen.getByTestId('person-reported').textContent).toMatch(/5 Mar 2026:\s+reported to Police, reference\s+AB\/123\./);
    expect(screen.getByTestId('pattern-chart').textContent).toContain('Incidents per week by kind');

    await fireEvent.click(screen.getByRole('button', { name: 'Open entry 2' }));
    await fireEvent.click(screen.getByTestId('person-diary'));
    expect([opened, diary]).toEqual([[2], [1]]);
  });

  it('says so when they have no incidents yet', async () => {
    mockBackend({
      person_page: () => ({ ...page, incidents: 0, first_incident: null, last_incident: null, identifiers: [], entry_ids: [], reported: [] }),
      weekly_counts: () => [],
    });
    render(PersonPage, { props: { id: 1, onOpen: () => {}, onDiary: () => {}, onBack: () => {} } });
    expect((await screen.findByTestId('person-summary')).textContent).toContain('No incidents linked to them yet.');
    expect(screen.queryByTestId('person-diary')).toBeNull();
  });
});
