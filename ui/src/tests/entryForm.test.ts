import { describe, expect, it } from 'vitest';

import type { EntryKind } from '../lib/ipc';
import { fields } from '../lib/ipc/testing';
import {
  buildFields,
  emptyForm,
  formFromFields,
  KIND_FIELDS,
  parseDuration,
  suggestedTitle,
  visibleFields,
  type EntryForm,
} from '../lib/logic/entryForm';
import { KIND_ORDER } from '../lib/logic/kinds';

const utc = (v: string) => `${v}:00+00:00`;
const form = (over: Partial<EntryForm>): EntryForm => ({ ...emptyForm(new Date(2026, 2, 1, 21, 14)), ...over });
const build = (over: Partial<EntryForm>) => buildFields(form(over), { toRfc3339: utc });

describe('quick-log form → EntryFields', () => {
  it('builds a call with number, direction and duration', () => {
    const r = build({ kind: 'call', identifier: ' 07700 900123 ', direction: 'missed', duration: '2:30' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fields.kind).toBe('call');
    expect(r.fields.occurred).toEqual({ start: '2026-03-01T21:14:00+00:00', approximate: false, end: null });
    expect(r.fields.identifier).toBe('07700 900123');
    expect(r.fields.call).toEqual({ direction: 'missed', duration_secs: 150 });
    expect(r.fields.title).toBe('Missed call from 07700 900123');
    expect(r.fields.source).toEqual({ type: 'manual' });
  });

  it('builds a text message with channel, sender and the words', () => {
    const r = build({
      kind: 'text_message',
      channel: 'WhatsApp',
      identifier: '+44 7700 900123',
      narrative: 'I know where you are.\nLine two',
      title: 'Text at night',
      approximate: true,
    });
    expect(r.ok && r.fields).toMatchObject({
      kind: 'text_message',
      channel: 'WhatsApp',
      identifier: '+44 7700 900123',
      narrative: 'I know where you are.\nLine two',
      title: 'Text at night',
      call: null,
      occurred: { approximate: true },
    });
  });

  it('builds a sighting with place, description and the vehicle in identifier', () => {
    const r = build({
      kind: 'sighting',
      location: 'Outside work, High St',
      narrative: 'Sat in his car for an hour',
      identifier: 'Blue Ford Focus AB12 CDE',
      personId: '1',
      witnesses: 'Sam\n\n  Priya  \n',
      impact: 'Scared to leave',
      blocked: true,
      reportedTo: 'Police',
      policeReference: 'CAD 1234',
      officer: 'PC 999',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fields).toMatchObject({
      kind: 'sighting',
      location: 'Outside work, High St',
      identifier: 'Blue Ford Focus AB12 CDE',
      person_id: 1,
      witnesses: ['Sam', 'Priya'],
      impact: 'Scared to leave',
      actions: { blocked: true, reported_to: 'Police', police_reference: 'CAD 1234', officer: 'PC 999', other: null },
    });
    expect(r.fields.title).toBe('Sighting at Outside work, High St');
  });

  it('builds every kind, each with a non-empty title', () => {
    for (const kind of KIND_ORDER) {
      const r = build({ kind });
      expect(r.ok, kind).toBe(true);
      if (r.ok) expect(r.fields.title.length, kind).toBeGreaterThan(0);
    }
  });

  it('shows the fields that fit the kind', () => {
    const shown = (kind: EntryKind) => [...visibleFields(form({ kind }))].sort();
    expect(shown('call')).toEqual(['direction', 'duration', 'identifier', 'narrative']);
    expect(shown('text_message')).toEqual(['channel', 'identifier', 'narrative']);
    expect(shown('sighting')).toEqual(['identifier', 'location', 'narrative']);
    expect(Object.keys(KIND_FIELDS).sort()).toEqual([...KIND_ORDER].sort());
  });

  it('never hides a field that holds something after the kind changes', () => {
    const f = form({ kind: 'call', direction: 'blocked', duration: '10s' });
    f.kind = 'sighting';
    const shown = visibleFields(f);
    expect(shown.has('direction')).toBe(true);
    expect(shown.has('duration')).toBe(true);
  });

  it('says what to fix and clears nothing', () => {
    const f = form({ kind: '', narrative: 'keep me', duration: 'a while', when: '' });
    const before = structuredClone(f);
    const r = buildFields(f, { toRfc3339: () => null });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['duration', 'kind', 'when']);
    expect(f).toEqual(before);
  });

  it('refuses text over the vault’s limit before sending it', () => {
    const r = build({ kind: 'other', narrative: 'x'.repeat(1024 * 1024 + 1) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.narrative).toMatch(/too long/);
    const t = build({ kind: 'other', title: 'y'.repeat(501) });
    expect(t.ok).toBe(false);
  });

  it('reads durations the way people write them', () => {
    expect(parseDuration('')).toBeNull();
    expect(parseDuration('2:30')).toBe(150);
    expect(parseDuration('1:02:03')).toBe(3723);
    expect(parseDuration('45s')).toBe(45);
    expect(parseDuration('3')).toBe(180);
    expect(parseDuration('3 min')).toBe(180);
    expect(parseDuration('1h 5m')).toBe(3900);
    expect(parseDuration('ages')).toBeUndefined();
  });

  it('suggests a title from what is filled in', () => {
    expect(suggestedTitle(form({ kind: 'email', identifier: 'x@example.org' }))).toBe('Email from x@example.org');
    expect(suggestedTitle(form({ kind: 'threat' }))).toBe('Threat');
    expect(suggestedTitle(form({}))).toBe('');
  });
});

describe('editing keeps what the form does not show', () => {
  const saved = fields({
    occurred: { start: '2026-03-01T21:14:37+05:30', approximate: false, end: '2026-03-01T22:00:00+05:30' },
    kind: 'following',
    title: 'Followed home',
    tags: ['bus'],
    source: { type: 'import', format: 'sms_backup_restore', item_key: 'k1' },
    actions: { blocked: false, reported_to: null, police_reference: null, officer: null, other: 'Told my manager' },
  });

  it('round-trips unchanged fields exactly, including the original time and offset', () => {
    const r = buildFields(formFromFields(saved), { base: saved, toRfc3339: () => 'WRONG' });
    // The form names every field; absent ones come back as null or empty, which serde reads
    // exactly as it reads them left out.
    const unset = { call: null, witnesses: [], channel: null, identifier: null, impact: null, location: null };
    expect(r.ok && r.fields).toEqual({ ...saved, ...unset, person_id: null });
  });

  it('uses the new time when the person changes it', () => {
    const f = formFromFields(saved);
    f.when = '2026-03-01T20:00';
    const r = buildFields(f, { base: saved, toRfc3339: utc });
    expect(r.ok && r.fields.occurred.start).toBe('2026-03-01T20:00:00+00:00');
    expect(r.ok && r.fields.occurred.end).toBe('2026-03-01T22:00:00+05:30');
  });

  it('prefills call details as text', () => {
    const f = formFromFields(fields({ call: { direction: 'incoming', duration_secs: 75 }, person_id: 2 }));
    expect(f.direction).toBe('incoming');
    expect(f.duration).toBe('1:15');
    expect(f.personId).toBe('2');
  });
});
