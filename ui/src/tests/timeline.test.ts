import { describe, expect, it } from 'vitest';

import { summary } from '../lib/ipc/testing';
import { firstEntries, groupByDay } from '../lib/logic/timeline';

const at = (id: number, start: string) => summary(id, { occurred: { start, approximate: false, end: null } });

describe('timeline day grouping', () => {
  const entries = [
    at(1, '2026-03-01T09:00:00+00:00'),
    at(2, '2026-03-02T08:00:00+00:00'),
    at(3, '2026-03-01T21:14:00+00:00'),
    at(4, '2026-03-01T07:30:00+00:00'),
    at(5, '2026-02-27T12:00:00+00:00'),
  ];

  it('puts the newest day first and each day in the order things happened', () => {
    const groups = groupByDay(entries);
    expect(groups.map((g) => g.date)).toEqual(['2026-03-02', '2026-03-01', '2026-02-27']);
    expect(groups[1]!.entries.map((e) => e.id)).toEqual([4, 1, 3]);
    expect(groups[1]!.heading).toBe('Sunday 1 March 2026');
  });

  it('can read as a chronology, oldest first', () => {
    const groups = groupByDay(entries, 'oldest_first');
    expect(groups.map((g) => g.date)).toEqual(['2026-02-27', '2026-03-01', '2026-03-02']);
  });

  it('keeps a late-night entry on the day the person wrote, whatever this computer’s zone', () => {
    const groups = groupByDay([at(1, '2026-03-01T23:30:00+01:00'), at(2, '2026-03-02T00:10:00+01:00')]);
    expect(groups.map((g) => g.date)).toEqual(['2026-03-02', '2026-03-01']);
  });

  it('orders within a day by the real instant, then by number', () => {
    const groups = groupByDay([
      at(7, '2026-03-01T10:00:00+00:00'),
      at(6, '2026-03-01T10:00:00+00:00'),
      at(8, '2026-03-01T10:30:00+01:00'),
    ]);
    expect(groups[0]!.entries.map((e) => e.id)).toEqual([8, 6, 7]);
  });

  it('gives nothing for no entries', () => {
    expect(groupByDay([])).toEqual([]);
  });
});

describe('showing the first entries of a long timeline', () => {
  const groups = groupByDay([
    at(1, '2026-03-01T09:00:00+00:00'),
    at(2, '2026-03-01T10:00:00+00:00'),
    at(3, '2026-03-02T09:00:00+00:00'),
    at(4, '2026-03-03T09:00:00+00:00'),
  ]);

  it('cuts at the limit, inside a day if need be, and counts what is left', () => {
    const r = firstEntries(groups, 2);
    expect(r.groups.map((g) => [g.date, g.entries.map((e) => e.id)])).toEqual([
      ['2026-03-03', [4]],
      ['2026-03-02', [3]],
    ]);
    expect(r.hidden).toBe(2);
    const s = firstEntries(groups, 3);
    expect(s.groups.at(-1)!.entries.map((e) => e.id)).toEqual([1]);
    expect(s.hidden).toBe(1);
  });

  it('shows everything when the limit is large enough', () => {
    expect(firstEntries(groups, 100)).toEqual({ groups, hidden: 0 });
    expect(firstEntries(groups, 0).groups).toEqual([]);
  });
});
