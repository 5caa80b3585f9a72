import { describe, expect, it } from 'vitest';

import { fields } from '../lib/ipc/testing';
import { describeFields, diffFields } from '../lib/logic/diff';

describe('edit diff', () => {
  it('describes fields as the shell sends them, with empty lists left out', () => {
    // The real app sends no `witnesses` or `tags` when there are none; this once left the
    // entry screen stuck on "Loading…" (found by the end-to-end tests).
    const rows = describeFields(fields(), () => '');
    expect(rows.find(([key]) => key === 'witnesses')?.[2]).toBe('');
    expect(rows.find(([key]) => key === 'tags')?.[2]).toBe('');
  });

  it('finds nothing between equal versions', () => {
    expect(diffFields(fields(), fields())).toEqual([]);
  });

  it('lists each changed field with before and after, in plain words', () => {
    const a = fields({ title: 'Call', narrative: 'He shouted', call: { direction: 'missed', duration_secs: null } });
    const b = fields({
      title: 'Call at night',
      narrative: 'He shouted my name',
      call: { direction: 'incoming', duration_secs: 90 },
      occurred: { start: '2026-03-01T22:14:00+00:00', approximate: true, end: null },
    });
    const changes = diffFields(a, b);
    expect(changes.map((c) => c.key)).toEqual([
      'title',
      'occurred.start',
      'occurred.approximate',
      'call.direction',
      'call.duration_secs',
      'narrative',
    ]);
    expect(changes.find((c) => c.key === 'call.duration_secs')).toEqual({
      key: 'call.duration_secs',
      label: 'Call length',
      before: '',
      after: '1:30',
    });
    expect(changes.find((c) => c.key === 'call.direction')?.after).toBe('Incoming (answered)');
    expect(changes.find((c) => c.key === 'occurred.start')?.before).toContain('21:14');
  });

  it('names people, not their numbers', () => {
    const changes = diffFields(fields({ person_id: null }), fields({ person_id: 3 }), (id) => (id === 3 ? 'Mark' : '?'));
    expect(changes).toEqual([{ key: 'person_id', label: 'Person responsible', before: '', after: 'Mark' }]);
  });

  it('notices lists and actions', () => {
    const b = fields({ witnesses: ['Sam'], actions: { blocked: true, reported_to: 'Police', police_reference: null, officer: null, other: null } });
    expect(diffFields(fields(), b).map((c) => c.key)).toEqual(['witnesses', 'actions.blocked', 'actions.reported_to']);
  });
});
