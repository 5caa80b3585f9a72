import { describe, expect, it } from 'vitest';

import type { WeekCounts } from '../lib/ipc';
import { MAX_CHANNELS, niceStep, stackWeeks } from '../lib/logic/chart';

const week = (week_start: string, by_kind: Record<string, number>): WeekCounts => ({
  week_start,
  total: Object.values(by_kind).reduce((a, b) => a + b, 0),
  by_kind,
  by_channel: {},
});

describe('pattern chart stacking', () => {
  it('stacks kinds in the app’s order, each segment starting where the last ended', () => {
    const s = stackWeeks([week('2026-03-02', { sighting: 2, call: 3, text_message: 1 })]);
    expect(s.series.map((k) => k.key)).toEqual(['call', 'text_message', 'sighting']);
    expect(s.bars[0]!.segments).toEqual([
      { key: 'call', count: 3, from: 0, to: 3 },
      { key: 'text_message', count: 1, from: 3, to: 4 },
      { key: 'sighting', count: 2, from: 4, to: 6 },
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
    expect(s.series.map((k) => k.key)).toEqual(['threat', 'other', 'zebra']);
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

  it('stacks by channel, busiest first, and draws channels past the sixth as one', () => {
    const byChannel = (week_start: string, by_channel: Record<string, number>): WeekCounts => ({
      week_start,
      total: Object.values(by_channel).reduce((a, b) => a + b, 0),
      by_kind: {},
      by_channel,
    });
    const two = stackWeeks([byChannel('2026-03-02', { '': 1, WhatsApp: 3 })], 'channel');
    expect(two.series).toEqual([
      { key: 'WhatsApp', label: 'WhatsApp', colour: 'c-0' },
      { key: '', label: 'No channel given', colour: 'c-1' },
    ]);
    // Forty channels over 520 weeks (ten years): seven series, every incident still counted.
    const many: Record<string, number> = {};
    for (let c = 0; c < 40; c++) many[`channel ${String(c).padStart(2, '0')}`] = c + 1;
    const weeks = Array.from({ length: 520 }, (_, i) =>
      byChannel(new Date(Date.UTC(2016, 0, 4 + 7 * i)).toISOString().slice(0, 10), many),
    );
    const s = stackWeeks(weeks, 'channel');
    expect(s.bars).toHaveLength(520);
    expect(s.series).toHaveLength(MAX_CHANNELS + 1);
    expect(s.series[0]!.label).toBe('channel 39');
    expect(s.series.at(-1)!.label).toBe('Other channels');
    expect(s.bars[0]!.total).toBe((40 * 41) / 2);
    // Seven channels need no "other": each keeps its own colour.
    const seven: Record<string, number> = {};
    for (let c = 0; c < 7; c++) seven[`c${c}`] = 1;
    expect(stackWeeks([byChannel('2026-03-02', seven)], 'channel').series).toHaveLength(7);
  });
});
