import { describe, expect, it } from 'vitest';

import { summary } from '../lib/ipc/testing';
import { comesAfter, groupByDay } from '../lib/logic/timeline';

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

describe('where a saved entry falls against the page shown so far', () => {
  // The page ended on 2 March's 09:00 entry (number 3); core's order: day, instant, number.
  const cursor = { day: '2026-03-02', at: '2026-03-02T09:00:00Z', id: 3 };

  it('newest first: earlier days come after, and within the day later times and numbers', () => {
    expect(comesAfter(at(9, '2026-03-01T23:00:00+00:00'), cursor, 'newest_first')).toBe(true);
    expect(comesAfter(at(9, '2026-03-03T01:00:00+00:00'), cursor, 'newest_first')).toBe(false);
    expect(comesAfter(at(9, '2026-03-02T10:00:00+00:00'), cursor, 'newest_first')).toBe(true);
    expect(comesAfter(at(9, '2026-03-02T08:00:00+00:00'), cursor, 'newest_first')).toBe(false);
    expect(comesAfter(at(9, '2026-03-02T10:00:00+01:00'), cursor, 'newest_first')).toBe(true);
    expect(comesAfter(at(2, '2026-03-02T10:00:00+01:00'), cursor, 'newest_first')).toBe(false);
  });

  it('the day is the one written, whatever the instant in UTC', () => {
    // 00:30 at +02:00 on 3 March is 22:30 UTC on 2 March, yet it is 3 March's.
    expect(comesAfter(at(9, '2026-03-03T00:30:00+02:00'), cursor, 'newest_first')).toBe(false);
    expect(comesAfter(at(9, '2026-03-03T00:30:00+02:00'), cursor, 'oldest_first')).toBe(true);
  });

  it('oldest first: later days come after', () => {
    expect(comesAfter(at(9, '2026-03-01T23:00:00+00:00'), cursor, 'oldest_first')).toBe(false);
    expect(comesAfter(at(9, '2026-03-03T01:00:00+00:00'), cursor, 'oldest_first')).toBe(true);
    expect(comesAfter(at(9, '2026-03-02T10:00:00+00:00'), cursor, 'oldest_first')).toBe(true);
  });
});
