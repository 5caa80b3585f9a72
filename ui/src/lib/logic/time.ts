// Times as the diary keeps them. An entry's `occurred` time is RFC 3339 with the UTC offset
// the person was in ("2026-03-01T21:14:00+00:00"); it is shown as written, in that offset,
// so an entry made at 23:30 stays on its own day even if the laptop's zone changes later.
// `recorded_at` is UTC (the vault's clock) and is shown in this computer's local time.

export interface WallClock {
  /** YYYY-MM-DD as written in the entry's own offset. */
  date: string;
  /** HH:mm in the entry's own offset. */
  time: string;
  /** Offset from UTC in minutes (east positive). */
  offsetMinutes: number;
  /** Milliseconds since the epoch (the instant). */
  epochMs: number;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

const pad = (n: number, width = 2) => String(Math.abs(Math.trunc(n))).padStart(width, '0');

/** Reads an RFC 3339 time without moving it out of its own offset; null if malformed. */
export function parseRfc3339(text: string): WallClock | null {
  const m = RFC3339.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  const ms = frac ? Math.round(Number(`0${frac}`) * 1000) : 0;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
  return {
    date: `${y}-${mo}-${d}`,
    time: `${h}:${mi}`,
    offsetMinutes,
    epochMs: utc - offsetMinutes * 60_000,
  };
}

/** "+01:00", "-05:30", "+00:00". */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** This computer's offset at `date`, in minutes east of UTC. */
export function localOffsetMinutes(date: Date): number {
  return -date.getTimezoneOffset();
}

/** The value a `datetime-local` input wants for `date` in local time: YYYY-MM-DDTHH:mm. */
export function toDatetimeLocalValue(date: Date): string {
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** "Now" for the quick log, to the minute. */
export function nowForInput(now: Date = new Date()): string {
  return toDatetimeLocalValue(now);
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` value (local wall-clock time on this computer) as RFC 3339 with this
 * computer's offset at that moment. A time that does not exist locally (the hour skipped
 * when clocks go forward) becomes the real instant the browser maps it to, written with
 * the offset in force then, so the result is always one true instant. Null if malformed.
 */
export function localInputToRfc3339(
  value: string,
  offsetAt: (date: Date) => number = localOffsetMinutes,
): string | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m as unknown as string[];
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(date.getTime())) return null;
  if (date.getMonth() !== Number(mo) - 1 || date.getDate() !== Number(d)) return null;
  const offset = offsetAt(date);
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${formatOffset(offset)}`
  );
}

/** An entry's time as the `datetime-local` value showing the same wall-clock time. */
export function rfc3339ToLocalInput(text: string): string {
  const w = parseRfc3339(text);
  return w ? `${w.date}T${w.time}` : '';
}

/** Midnight at the start of a YYYY-MM-DD day on this computer, as RFC 3339. */
export function dayStartRfc3339(day: string, offsetAt?: (date: Date) => number): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? localInputToRfc3339(`${day}T00:00`, offsetAt) : null;
}

/** Midnight at the end of a YYYY-MM-DD day (the next day's start), for an inclusive "to". */
export function dayEndRfc3339(day: string, offsetAt?: (date: Date) => number): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const next = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1);
  return localInputToRfc3339(`${toDatetimeLocalValue(next).slice(0, 10)}T00:00`, offsetAt);
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "Sunday 1 March 2026" for a YYYY-MM-DD day (no time zone involved). */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return `${DAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "1 Mar 2026" for a YYYY-MM-DD day. */
export function formatShortDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]?.slice(0, 3)} ${m[1]}`;
}

/** An occurred time in full, in its own offset: "Sunday 1 March 2026 at 21:14 (UTC+00:00)". */
export function formatOccurred(text: string, approximate = false): string {
  const w = parseRfc3339(text);
  if (!w) return text;
  const about = approximate ? 'about ' : '';
  return `${formatDay(w.date)} at ${about}${w.time} (UTC${formatOffset(w.offsetMinutes)})`;
}

/** A UTC timestamp in this computer's local time: "1 Mar 2026, 21:16". */
export function formatRecorded(text: string): string {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  const local = toDatetimeLocalValue(date);
  return `${formatShortDay(local.slice(0, 10))}, ${local.slice(11)}`;
}

/** Today's date on this computer, YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  return toDatetimeLocalValue(now).slice(0, 10);
}
