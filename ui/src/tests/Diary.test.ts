import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import type { EntryFilter } from '../lib/ipc';
import { deferred, mockBackend, page, summary } from '../lib/ipc/testing';
import { noteSaved } from '../lib/diaryCache';
import Diary from '../lib/components/Diary.svelte';

const persons = [{ id: 2, name: 'Mark', relationship: null, description: null, identifiers: [] }];

describe('diary', () => {
  it('groups the timeline by day and marks revised, withdrawn and attached entries', async () => {
    mockBackend({
      diary_page: () => page([
        summary(1, { title: 'Early call', occurred: { start: '2026-03-01T07:00:00+00:00', approximate: true, end: null } }),
        summary(2, { title: 'Late text', kind: 'text_message', person_id: 2, occurred: { start: '2026-03-01T22:00:00+00:00', approximate: false, end: null } }, { revision: 2, attachments: 2 }),
        summary(3, { title: 'Next day', occurred: { start: '2026-03-02T09:00:00+00:00', approximate: false, end: null } }, { retracted: { seq: 9, recorded_at: '2026-03-02T10:00:00Z', reason: 'twice' } }),
      ]),
      weekly_counts: () => [{ week_start: '2026-02-23', total: 3, by_kind: { call: 2, text_message: 1 }, by_channel: {} }],
    });
    const opened: number[] = [];
    render(Diary, { props: { persons, onOpen: (id: number) => opened.push(id), onLog: () => {} } });
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(3));

    const days = screen.getAllByTestId('day-group');
    expect(days.map((d) => d.getAttribute('data-date'))).toEqual(['2026-03-02', '2026-03-01']);
    const rows = screen.getAllByTestId('timeline-entry');
    expect(rows.map((r) => r.getAttribute('data-entry-id'))).toEqual(['3', '1', '2']);
    expect(rows[0]!.textContent).toContain('Withdrawn');
    expect(rows[1]!.textContent).toMatch(/approx\.\s*07:00/);
    expect(rows[2]!.textContent).toContain('Mark');
    expect(rows[2]!.textContent).toContain('Corrected');
    expect(rows[2]!.textContent).toContain('2 files');

    const chart = screen.getByTestId('pattern-chart');
    // One path per kind, one bar segment (M…Z) per week in it.
    const segs = [...chart.querySelectorAll('path.seg')];
    expect(segs.map((p) => [...p.classList].find((c) => c.startsWith('k-')))).toEqual(['k-call', 'k-text_message']);
    expect(segs.map((p) => (p.getAttribute('d') ?? '').split('M').length - 1)).toEqual([1, 1]);
    await screen.findByTestId('pattern-chart-table');
    expect(chart.querySelector('table')?.textContent).toContain('Text message');

    await fireEvent.click(rows[2]!);
    expect(opened).toEqual([2]);
  });

  it('sends the filters to the shell: kind, person, an inclusive date range and the search', async () => {
    const backend = mockBackend({ diary_page: () => page([]), weekly_counts: () => [] });
    render(Diary, { props: { persons, onOpen: () => {}, onLog: () => {} } });
    await screen.findByText(/No entries yet/);

    await fireEvent.change(screen.getByTestId('filter-kind'), { target: { value: 'sighting' } });
    await fireEvent.change(screen.getByTestId('filter-person'), { target: { value: '2' } });
    await fireEvent.input(screen.getByTestId('filter-from'), { target: { value: '2026-03-01' } });
    await fireEvent.input(screen.getByTestId('filter-to'), { target: { value: '2026-03-31' } });
    await fireEvent.input(screen.getByTestId('search'), { target: { value: 'blue car' } });

    await waitFor(() => {
      const last = backend.of('diary_page').at(-1)!.args as { filter: EntryFilter };
      expect(last.filter.text).toBe('blue car');
    });
    // The filter goes to core with the request for the first page: core filters the whole diary.
    const { filter, order, after } = backend.of('diary_page').at(-1)!.args as { filter: EntryFilter; order: string; after: unknown };
    expect([order, after]).toEqual(['newest_first', null]);
    expect(filter.kinds).toEqual(['sighting']);
    expect(filter.person_id).toBe(2);
    expect(new Date(filter.from!).getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(filter.to!).getTime()).toBe(new Date(2026, 3, 1).getTime());
    expect(backend.of('weekly_counts').at(-1)!.args).toEqual({ filter });
    await screen.findByText('Nothing matches these filters.');
  });

  it('shows the kept list at once when reopened, with a just-saved entry, while a fresh one loads', async () => {
    const first = [summary(1, { title: 'Old call' })];
    let slow = deferred<unknown>();
    const backend = mockBackend({
      diary_page: () => (backend.of('diary_page').length === 1 ? page(first) : slow.promise),
      weekly_counts: () => [],
      get_entry_summary: () =>
        summary(2, { title: 'New text', occurred: { start: '2026-03-02T09:00:00+00:00', approximate: false } }),
    });
    const view = render(Diary, { props: { persons, onOpen: () => {}, onLog: () => {} } });
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(1));
    view.unmount();

    await noteSaved(2, true); // what the log form does after the commit
    render(Diary, { props: { persons, onOpen: () => {}, onLog: () => {} } });
    // Before the shell has answered the second list request, both are there.
    const rows = screen.getAllByTestId('timeline-entry');
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringContaining('New text'), expect.stringContaining('Old call')]);
    expect(screen.queryByText('Loading…')).toBeNull();
    expect(screen.getByText('2 entries')).toBeTruthy();
    slow.resolve(page([first[0]!, summary(2, { title: 'New text (from the shell)' })]));
    await screen.findByText('New text (from the shell)');
  });
});


describe('the diary’s patterns and a person’s page', () => {
  it('asks core for the pattern of the same filter and offers the chosen person’s page', async () => {
    const backend = mockBackend({
      diary_page: () => page([summary(1, { title: 'Call', person_id: 2 })]),
      weekly_counts: () => [{ week_start: '2026-02-23', total: 1, by_kind: { call: 1 }, by_channel: { phone: 1 } }],
      pattern_summary: () => ({
        incidents: 1,
        by_channel: [['phone', 1]],
        grid: Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d === 0 && h === 9 ? 1 : 0))),
        halves: null,
        last_4_weeks: null,
        last_12_weeks: null,
        longest_gap: null,
        words: [],
      }),
    });
    const people: number[] = [];
    render(Diary, { props: { persons, onOpen: () => {}, onLog: () => {}, onPerson: (id: number) => people.push(id) } });
    await waitFor(() => expect(screen.getByTestId('pattern-summary').dataset.incidents).toBe('1'));
    expect(screen.getByTestId('pattern-grid').textContent).toContain('Mondays 09:00 to 10:00 (1 incident)');
    expect(screen.queryByTestId('diary-person-page')).toBeNull();
    await fireEvent.change(screen.getByTestId('filter-person'), { target: { value: '2' } });
    await waitFor(() => {
      const args = backend.of('pattern_summary').at(-1)!.args as { filter: EntryFilter };
      expect(args.filter.person_id).toBe(2);
    });
    await fireEvent.click(screen.getByTestId('diary-person-page'));
    expect(people).toEqual([2]);
  });

  it('draws the charts from core as soon as they come, without waiting for a long list', async () => {
    // The timeline's page may come later: the charts must not wait for it (save -> shown, issue 13).
    const list = deferred<unknown>();
    const backend = mockBackend({
      diary_page: () => list.promise,
      weekly_counts: () => [{ week_start: '2026-02-23', total: 2, by_kind: { call: 2 }, by_channel: {} }],
      pattern_summary: () => ({
        incidents: 2,
        by_channel: [],
        grid: Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0)),
        halves: null,
        last_4_weeks: null,
        last_12_weeks: null,
        longest_gap: null,
        words: [],
      }),
    });
    render(Diary, { props: { persons, onOpen: () => {}, onLog: () => {} } });
    await waitFor(() => expect(screen.getByTestId('pattern-summary').dataset.incidents).toBe('2'));
    expect(screen.getByTestId('pattern-chart').querySelectorAll('path.seg')).toHaveLength(1);
    expect(screen.queryAllByTestId('timeline-entry')).toHaveLength(0);
    // The shell answers in the order asked: the small answers are asked for first.
    expect(backend.calls.map((c) => c.cmd)).toEqual(['pattern_summary', 'weekly_counts', 'diary_page']);
    list.resolve(page([summary(1, { title: 'Call' }), summary(2, { title: 'Call again' })]));
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(2));
  });
});

describe('reopening the diary after a save (save -> shown, issue 13)', () => {
  const grid = Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d === 6 && h === 21 ? 2 : 0)));
  const pattern = (incidents: number) => ({
    incidents,
    by_channel: [],
    grid,
    halves: { before_per_week: 1, after_per_week: 2, direction: 'increasing', weeks: 2 },
    last_4_weeks: null,
    last_12_weeks: null,
    longest_gap: null,
    words: ['Increasing.'],
  });
  const weeks = (calls: number) => [{ week_start: '2026-02-23', total: calls, by_kind: { call: calls }, by_channel: {} }];

  it('draws the kept diary with the saved entry in one render, laying nothing out, and the charts’ table after the first frame', async () => {
    const old = summary(1, { title: 'Old call' });
    const saved = summary(2, { title: 'New call', occurred: { start: '2026-03-02T09:00:00+00:00', approximate: false, end: null } });
    const fresh = { page: deferred<unknown>(), weeks: deferred<unknown>(), pattern: deferred<unknown>() };
    let opened = 0;
    const backend = mockBackend({
      diary_page: () => (opened === 1 ? page([old]) : fresh.page.promise),
      weekly_counts: () => (opened === 1 ? weeks(1) : fresh.weeks.promise),
      pattern_summary: () => (opened === 1 ? pattern(1) : fresh.pattern.promise),
      get_entry_summary: () => saved,
    });
    opened = 1;
    const first = render(Diary, { props: { persons, onOpen: () => {}, onLog: () => {} } });
    await waitFor(() => expect(screen.getByTestId('pattern-summary').dataset.incidents).toBe('1'));
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(1));
    first.unmount();
    await noteSaved(2, true); // what the log form does after the commit

    // Reading an element's size while the diary is being built makes the browser lay the whole
    // page out before the entry can be shown (what bind:clientWidth did).
    const sizeRead = vi.spyOn(Element.prototype, 'clientWidth', 'get');
    // What was drawn and then replaced while it was built: removed nodes and overwritten text.
    const replaced: string[] = [];
    const note = (records: MutationRecord[]) => {
      for (const r of records) {
        r.removedNodes.forEach((n) => replaced.push(n.textContent ?? ''));
        if (r.type === 'characterData') replaced.push(r.oldValue ?? '');
      }
    };
    const watch = new MutationObserver(note);
    watch.observe(document.body, { childList: true, subtree: true, characterData: true, characterDataOldValue: true });
    opened = 2;
    render(Diary, { props: { persons, onOpen: () => {}, onLog: () => {} } });
    note(watch.takeRecords());
    watch.disconnect();

    // Before core has answered any of the three fresh requests: the saved entry and the kept charts.
    expect(backend.of('diary_page')).toHaveLength(2);
    expect(screen.getAllByTestId('timeline-entry').map((r) => r.textContent)).toEqual([
      expect.stringContaining('New call'),
      expect.stringContaining('Old call'),
    ]);
    expect(screen.getByTestId('pattern-chart').querySelectorAll('path.seg')).toHaveLength(1);
    expect(screen.getByTestId('pattern-grid')).toBeTruthy();
    // In one render: the empty diary ("Loading…", an empty chart) was never drawn first.
    expect(replaced.filter((t) => /Loading…|Nothing to show yet|No entries yet/.test(t))).toEqual([]);
    // Nothing was laid out to build it, and the screen reader's table waits for the first frame.
    expect(sizeRead).not.toHaveBeenCalled();
    expect(screen.queryByTestId('pattern-chart-table')).toBeNull();
    const table = await screen.findByTestId('pattern-chart-table');
    expect(table.textContent).toContain('Call');

    // Then core's answers replace what was kept: the list and the charts are exactly core's.
    fresh.pattern.resolve(pattern(2));
    fresh.weeks.resolve(weeks(2));
    fresh.page.resolve(page([saved, { ...old, fields: { ...old.fields, title: 'Old call (from core)' } }]));
    await waitFor(() => expect(screen.getByTestId('pattern-summary').dataset.incidents).toBe('2'));
    await screen.findByText('Old call (from core)');
    await waitFor(() => expect(screen.getByTestId('pattern-chart-table').querySelector('tbody td')?.textContent).toBe('2'));
  });
});

describe('the diary a page at a time', () => {
  const day = (d: number, id: number) =>
    summary(id, { title: `Entry ${id}`, occurred: { start: `2026-03-${String(d).padStart(2, '0')}T09:00:00+00:00`, approximate: false, end: null } });

  it('shows core’s first page and asks for the next with the same filter after the cursor', async () => {
    const firstPage = Array.from({ length: 100 }, (_, i) => day(28 - Math.floor(i / 5), 1000 - i));
    const cursor = { day: '2026-03-09', at: '2026-03-09T09:00:00Z', id: 901 };
    const secondPage = [day(8, 900), day(7, 899)];
    const backend = mockBackend({
      diary_page: (args: { after: unknown }) =>
        args.after === null
          ? page(firstPage, { total: 10_102, remaining: 10_002, next: cursor })
          : page(secondPage, { total: 10_102, remaining: 10_000, next: { ...cursor, day: '2026-03-07', id: 899 } }),
      weekly_counts: () => [{ week_start: '2026-02-23', total: 10_003, by_kind: { call: 10_003 }, by_channel: {} }],
    });
    render(Diary, { props: { persons, onOpen: () => {}, onLog: () => {} } });
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(100));
    // Counts read with separators, the whole diary's count, not the page's.
    expect(screen.getByText('10,102 entries')).toBeTruthy();
    expect(screen.getByTestId('pattern-chart').textContent).toContain('10,003 incidents over 1 week');

    const more = screen.getByTestId('diary-more');
    expect(more.tagName).toBe('BUTTON'); // reached with Tab, pressed with Enter or Space
    expect(more.hasAttribute('disabled')).toBe(false);
    expect(more.textContent).toBe('Show 100 earlier entries');
    await fireEvent.click(more);
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(102));
    const [firstCall, nextCall] = backend.of('diary_page').map((c) => c.args as Record<string, unknown>);
    expect(nextCall).toEqual({ ...firstCall, after: cursor });
    expect(screen.getAllByTestId('timeline-entry').at(-1)!.textContent).toContain('Entry 899');
    expect(screen.getByText('10,000 not shown yet')).toBeTruthy();
  });

  it('asks core again when the order changes, and names the button for that order', async () => {
    const cursor = { day: '2026-03-01', at: '2026-03-01T09:00:00Z', id: 1 };
    const backend = mockBackend({
      diary_page: () => page([day(1, 1)], { total: 3, remaining: 2, next: cursor }),
      weekly_counts: () => [],
    });
    render(Diary, { props: { persons, onOpen: () => {}, onLog: () => {} } });
    await screen.findByText('Show 2 earlier entries');
    await fireEvent.change(screen.getByLabelText('Order'), { target: { value: 'oldest_first' } });
    await screen.findByText('Show 2 later entries');
    expect((backend.of('diary_page').at(-1)!.args as { order: string }).order).toBe('oldest_first');
  });

  it('the last page takes the button away and leaves the keyboard on the first new entry', async () => {
    const cursor = { day: '2026-03-02', at: '2026-03-02T09:00:00Z', id: 2 };
    mockBackend({
      diary_page: (args: { after: unknown }) =>
        args.after === null ? page([day(2, 2)], { total: 2, remaining: 1, next: cursor }) : page([day(1, 1)], { total: 2 }),
      weekly_counts: () => [],
    });
    render(Diary, { props: { persons, onOpen: () => {}, onLog: () => {} } });
    await fireEvent.click(await screen.findByText('Show 1 earlier entry'));
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(2));
    expect(screen.queryByTestId('diary-more')).toBeNull();
    await waitFor(() => expect(document.activeElement?.getAttribute('data-entry-id')).toBe('1'));
  });

  it('a saved entry dated before the pages shown is counted, and comes with a later page', async () => {
    const cursor = { day: '2026-03-10', at: '2026-03-10T09:00:00Z', id: 10 };
    let slow = deferred<unknown>();
    const backend = mockBackend({
      diary_page: () => (backend.of('diary_page').length === 1 ? page([day(10, 10)], { total: 5, remaining: 4, next: cursor }) : slow.promise),
      weekly_counts: () => [],
      get_entry_summary: () => day(2, 11),
    });
    const view = render(Diary, { props: { persons, onOpen: () => {}, onLog: () => {} } });
    await screen.findByText('5 entries');
    view.unmount();
    await noteSaved(11, true);
    render(Diary, { props: { persons, onOpen: () => {}, onLog: () => {} } });
    expect(screen.getAllByTestId('timeline-entry').map((r) => r.getAttribute('data-entry-id'))).toEqual(['10']);
    expect(screen.getByText('6 entries')).toBeTruthy();
    expect(screen.getByText('5 not shown yet')).toBeTruthy();
    slow.resolve(page([day(10, 10)], { total: 6, remaining: 5, next: cursor }));
  });
});
