import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { PatternSummary, WeekCounts } from '../lib/ipc';
import { busiestHour, escalationWords, gapWords, shade, trendRows } from '../lib/logic/pattern';
import Patterns from '../lib/components/Patterns.svelte';

function grid(cells: [number, number, number][] = []): number[][] {
  const g = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const [d, h, n] of cells) g[d]![h] = n;
  return g;
}

const trend = (weeks: number, before: number, after: number, direction: string) => ({
  weeks,
  before_per_week: before,
  after_per_week: after,
  direction,
});

/** Core's summary of 8 weeks of 1,1,1,1,2,3,4,6 incidents (crates/core/src/query/pattern.rs). */
const summary: PatternSummary = {
  incidents: 19,
  by_channel: [['phone', 12], ['', 7]],
  grid: grid([[6, 21, 5], [0, 23, 1]]),
  halves: trend(4, 1, 3.75, 'increasing'),
  last_4_weeks: trend(4, 1, 3.75, 'increasing'),
  last_12_weeks: null,
  longest_gap: { days: 23, from: '2026-05-03T23:30:00+00:00', to: '2026-05-26T08:00:00+01:00' },
  words: [
    'First half (4 weeks): 1.0 incidents per week; last half: 3.8 per week: increasing.',
    'Last 4 weeks: 3.8 incidents per week, against 1.0 in the 4 before: increasing.',
    'Longest gap: no incidents for 23 days, 2026-05-03 to 2026-05-26.',
  ],
};

describe('pattern words', () => {
  it('says the longest gap with readable dates, the year once when both ends share it', () => {
    expect(gapWords(summary.longest_gap)).toBe('No incidents for 23 days, 3 May to 26 May 2026.');
    expect(gapWords({ days: 40, from: '2025-12-20T10:00:00Z', to: '2026-01-29T10:00:00Z' })).toBe(
      'No incidents for 40 days, 20 December 2025 to 29 January 2026.',
    );
    expect(gapWords({ days: 1, from: '2026-01-01T10:00:00Z', to: '2026-01-02T10:00:00Z' })).toContain('1 day,');
    expect(gapWords(null)).toBe('');
  });

  it('keeps core’s escalation sentences and leaves its gap sentence to gapWords', () => {
    expect(escalationWords(summary)).toEqual(summary.words.slice(0, 2));
    expect(escalationWords({ ...summary, longest_gap: null, words: ['a'] })).toEqual(['a']);
  });

  it('lists the comparisons core could make, in reading order', () => {
    const rows = trendRows({ ...summary, last_12_weeks: trend(12, 2, 2.1, 'about the same') });
    expect(rows.map((r) => [r.label, r.before, r.after])).toEqual([
      ['First half against last half', 1, 3.75],
      ['Last 12 weeks against the 12 before', 2, 2.1],
      ['Last 4 weeks against the 4 before', 1, 3.75],
    ]);
    expect(rows[0]!.beforeLabel).toBe('First 4 weeks');
    expect(trendRows({ ...summary, halves: null, last_4_weeks: null })).toEqual([]);
  });

  it('shades the grid in quarters of the busiest hour and names it', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => shade(n, 4))).toEqual([0, 1, 2, 3, 4, 4]);
    expect(shade(1, 1000)).toBe(1);
    expect(shade(3, 0)).toBe(0);
    expect(busiestHour(summary.grid)).toBe('Sundays 21:00 to 22:00 (5 incidents)');
    expect(busiestHour(grid([[0, 23, 1]]))).toBe('Mondays 23:00 to 00:00 (1 incident)');
    expect(busiestHour(grid())).toBe('');
  });
});

describe('the diary’s patterns', () => {
  const weeks: WeekCounts[] = [
    { week_start: '2026-05-04', total: 3, by_kind: { call: 2, text_message: 1 }, by_channel: { phone: 2, '': 1 } },
  ];

  it('switches the weekly chart between kind and channel, each with its table', async () => {
    render(Patterns, { props: { weeks, summary } });
    const chart = () => screen.getByTestId('pattern-chart');
    expect(chart().dataset.by).toBe('kind');
    // The table for screen readers comes just after the chart's first frame.
    await screen.findByTestId('pattern-chart-table');
    expect(chart().querySelector('caption')?.textContent).toBe('Incidents per week by kind');
    await fireEvent.click(screen.getByTestId('pattern-by-channel'));
    expect(chart().dataset.by).toBe('channel');
    const heads = [...chart().querySelectorAll('thead th')].map((t) => t.textContent);
    expect(heads).toEqual(['Week starting', 'Total', 'phone', 'No channel given']);
    const colours = [...chart().querySelectorAll('path.seg')].map((p) => [...p.classList].find((c) => c.startsWith('c-')));
    expect(colours).toEqual(['c-0', 'c-1']);
  });

  it('draws the grid as a table, escalation with its table, and the gap in words', () => {
    render(Patterns, { props: { weeks, summary } });
    const grid = screen.getByTestId('pattern-grid');
    const sunday = [...grid.querySelectorAll('tbody tr')][6]!;
    expect(sunday.querySelector('th')?.textContent).toBe('Sunday');
    const cells = [...sunday.querySelectorAll('td')];
    expect(cells).toHaveLength(24);
    expect(cells[21]!.textContent).toBe('5');
    expect(cells[21]!.className).toContain('g-4');
    expect(cells[20]!.className).toContain('g-0');
    const escalation = screen.getByTestId('pattern-escalation');
    expect(screen.getByTestId('pattern-escalation-words').textContent).toContain('last half: 3.8 per week: increasing');
    expect([...escalation.querySelectorAll('tbody tr')].map((r) => r.textContent)).toEqual([
      'First half against last half1.03.8increasing',
      'Last 4 weeks against the 4 before1.03.8increasing',
    ]);
    expect(screen.getByTestId('pattern-gap').textContent).toContain('No incidents for 23 days, 3 May to 26 May 2026.');
    // No inline style anywhere (the CSP refuses them): sizes are SVG attributes, shades classes.
    expect(document.querySelectorAll('[style]')).toHaveLength(0);
  });

  it('shows only the weekly chart while the pattern loads or for an empty diary', () => {
    render(Patterns, { props: { weeks: [], summary: null } });
    expect(screen.queryByTestId('pattern-grid')).toBeNull();
    expect(screen.getByTestId('pattern-chart').textContent).toContain('Nothing to show yet');
  });
});
