// Whatever a person (or an imported message) puts in an entry is shown as text: no markup,
// no script, no links.
import { render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import { history, mockBackend, page, summary } from '../lib/ipc/testing';
import Diary from '../lib/components/Diary.svelte';
import EntryDetail from '../lib/components/EntryDetail.svelte';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(1)</script>';
const JS_LINK = 'javascript:alert(1)';

function assertInert(root: HTMLElement) {
  expect(root.querySelectorAll('script')).toHaveLength(0);
  expect(root.querySelectorAll('a')).toHaveLength(0);
  expect(root.querySelectorAll('[onerror]')).toHaveLength(0);
  for (const img of Array.from(root.querySelectorAll('img'))) {
    expect(img.getAttribute('src')).toMatch(/^(casebook:\/\/localhost|http:\/\/casebook\.localhost)\//);
  }
}

describe('entry content stays text', () => {
  it('in the timeline', async () => {
    mockBackend({
      diary_page: () => page([summary(1, { title: IMG, narrative: SCRIPT, identifier: JS_LINK, channel: SCRIPT })]),
      weekly_counts: () => [],
    });
    render(Diary, { props: { persons: [{ id: 1, name: IMG, relationship: null, description: null, identifiers: [] }], onOpen: () => {}, onLog: () => {} } });
    const row = await screen.findByTestId('timeline-entry');
    expect(row.textContent).toContain(IMG);
    expect(row.textContent).toContain(JS_LINK);
    assertInert(screen.getByTestId('screen-diary'));
  });

  it('in the entry detail, its history and file names', async () => {
    const v1 = summary(3, { title: 'first', narrative: 'x' }).fields;
    const v2 = summary(3, { title: IMG, narrative: SCRIPT, identifier: JS_LINK, location: IMG }).fields;
    mockBackend({
      get_entry: () =>
        history(3, [v1, v2], {
          retraction: { seq: 20, recorded_at: '2026-03-05T10:00:00Z', reason: SCRIPT },
          attachments: [
            {
              id: 11,
              entry_id: 3,
              seq: 15,
              recorded_at: '2026-03-01T21:30:00Z',
              meta: { original_name: `${IMG}.svg`, media_type: 'image/svg+xml', size: 120, sha256: 'ab'.repeat(32), source: 'drop', image: null, note: null },
              has_thumbnail: false,
            },
          ],
        }),
    });
    render(EntryDetail, { props: { id: 3, persons: [], onBack: () => {} } });
    const title = await screen.findByTestId('entry-title');
    expect(title.textContent?.trim()).toBe(IMG);
    expect(screen.getByTestId('entry-narrative').textContent).toBe(SCRIPT);
    expect(screen.getByTestId('attachment-name').textContent).toBe(`${IMG}.svg`);
    // An SVG is listed, never rendered.
    expect(screen.queryAllByTestId('attachment-thumb')).toHaveLength(0);
    expect(screen.getByTestId('history').textContent).toContain(IMG);
    await waitFor(() => assertInert(screen.getByTestId('screen-entry')));
  });
});
