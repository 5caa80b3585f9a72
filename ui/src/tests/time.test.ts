import { describe, expect, it } from 'vitest';

import {
  dayEndRfc3339,
  dayStartRfc3339,
  formatDay,
  formatOccurred,
  formatOffset,
  localInputToRfc3339,
  nowForInput,
  parseRfc3339,
  rfc3339ToLocalInput,
} from '../lib/logic/time';

describe('RFC 3339 with the local offset', () => {
  it('writes a local time with a fixed offset', () => {
    expect(localInputToRfc3339('2026-03-01T21:14', () => 0)).toBe('2026-03-01T21:14:00+00:00');
    expect(localInputToRfc3339('2026-07-01T09:05', () => 60)).toBe('2026-07-01T09:05:00+01:00');
    expect(localInputToRfc3339('2026-07-01T09:05', () => -330)).toBe('2026-07-01T09:05:00-05:30');
  });

  it('uses the offset in force on that date, not today', () => {
    const seen: Date[] = [];
    localInputToRfc3339('2026-07-01T09:05', (d) => {
      seen.push(d);
      return 60;
    });
    expect(seen[0]!.getFullYear()).toBe(2026);
    expect(seen[0]!.getMonth()).toBe(6);
    expect(seen[0]!.getDate()).toBe(1);
  });

  it('matches this computer’s real offset by default', () => {
    const out = localInputToRfc3339('2026-01-15T12:00')!;
    const instant = new Date(out).getTime();
    expect(instant).toBe(new Date(2026, 0, 15, 12, 0).getTime());
  });

  it('refuses malformed and impossible dates', () => {
    expect(localInputToRfc3339('')).toBeNull();
    expect(localInputToRfc3339('yesterday')).toBeNull();
    expect(localInputToRfc3339('2026-02-30T10:00')).toBeNull();
  });

  it('formats offsets', () => {
    expect(formatOffset(0)).toBe('+00:00');
    expect(formatOffset(60)).toBe('+01:00');
    expect(formatOffset(-570)).toBe('-09:30');
  });

  it('reads times without moving them out of their own offset', () => {
    const w = parseRfc3339('2026-03-01T23:30:00+01:00')!;
    expect(w.date).toBe('2026-03-01');
    expect(w.time).toBe('23:30');
    expect(w.offsetMinutes).toBe(60);
    expect(w.epochMs).toBe(Date.UTC(2026, 2, 1, 22, 30));
    expect(parseRfc3339('2026-03-01T21:14:00.123456789Z')!.epochMs).toBe(Date.UTC(2026, 2, 1, 21, 14, 0, 123));
    expect(parseRfc3339('not a time')).toBeNull();
  });

  it('round-trips an entry time into the datetime-local box', () => {
    expect(rfc3339ToLocalInput('2026-03-01T21:14:00+00:00')).toBe('2026-03-01T21:14');
    expect(rfc3339ToLocalInput('2026-03-01T21:14:59-05:00')).toBe('2026-03-01T21:14');
  });

  it('prefills "now" to the minute', () => {
    expect(nowForInput(new Date(2026, 2, 1, 7, 4, 59))).toBe('2026-03-01T07:04');
  });

  it('makes inclusive day ranges for filters', () => {
    expect(dayStartRfc3339('2026-03-01', () => 0)).toBe('2026-03-01T00:00:00+00:00');
    expect(dayEndRfc3339('2026-03-01', () => 0)).toBe('2026-03-02T00:00:00+00:00');
    expect(dayEndRfc3339('2026-12-31', () => 0)).toBe('2027-01-01T00:00:00+00:00');
    expect(dayStartRfc3339('bad')).toBeNull();
  });

  it('says days and times in plain words', () => {
    expect(formatDay('2026-03-01')).toBe('Sunday 1 March 2026');
    expect(formatOccurred('2026-03-01T21:14:00+00:00', true)).toBe('Sunday 1 March 2026 at about 21:14 (UTC+00:00)');
  });
});
