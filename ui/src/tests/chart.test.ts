import { describe, expect, it } from 'vitest';

import type { WeekCounts } from '../lib/ipc';
import { niceStep, stackWeeks } from '../lib/logic/chart';

const week = (week_start: string, by_kind: Record<string, number>): WeekCounts => ({
  week_start,
  total: Object.values(by_kind).reduce((a, b) => a + b, 0),
  by_kind,
  by_channel: {},
});

describe('pattern chart stacking', () => {
  it('stacks kinds in the app’s order, each segment starting where the last ended', () => {
    const s = stackWeeks([week('2026-03-02', { sighting: 2, call: 3, text_message: 1 })]);
    expect(s.kinds).toEqual(['call', 'text_message', 'sighting']);
    expect(s.bars[0]!.segments).toEqual([
      { kind: 'call', count: 3, from: 0, to: 3 },
      { kind: 'text_message', count: 1, from: 3, to: 4 },
      { kind: 'sighting', count: 2, from: 4, to: 6 },
    ]);
    expect(s.bars[0]!.total).toBe(6);
  });

  it('keeps empty weeks as empty bars, in date order', () => {
    const s = stackWeeks([week('2026-03-16', { call: 1 }), week('2026-03-02', { call: 2 }), week('2026-03-09', {})]);
    expect(s.bars.map((b) => b.weekStart)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(s.bars[1]!.segments).toEqual([]);
    expect(s.bars[1]!.total).toBe(0);
  });

  it('lists only kinds that occur, and puts unknown kinds last', () => {
    const s = stackWeeks([week('2026-03-02', { zebra: 1, other: 1, call: 0, threat: 2 })]);
    expect(s.kinds).toEqual(['threat', 'other', 'zebra']);
  });

  it('rounds the axis up to easy numbers', () => {
    expect(stackWeeks([week('2026-03-02', { call: 7 })]).max).toBe(8);
    expect(stackWeeks([week('2026-03-02', { call: 7 })]).ticks).toEqual([0, 2, 4, 6, 8]);
    expect(stackWeeks([week('2026-03-02', { call: 43 })]).max).toBe(50);
    expect(stackWeeks([week('2026-03-02', { call: 1 })]).ticks).toEqual([0, 1]);
    expect(stackWeeks([]).bars).toEqual([]);
    expect(niceStep(0)).toBe(1);
    expect(niceStep(230)).toBe(50);
  });
});
