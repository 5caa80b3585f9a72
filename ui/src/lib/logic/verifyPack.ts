// Plain words for a pack's check: the verdict in one sentence and a name for each check.
import type { Check, PackEntry, VerifyReport } from '../ipc/types';

const CHECK_NAMES: Record<string, string> = {
  pack: 'The pack’s files',
  signature: 'Signature',
  key: 'Signing key',
  files: 'Every file unchanged',
  sha256sums: 'SHA256SUMS list',
  chain: 'Hash chain',
  commitments: 'Disclosed records',
  checkpoints: 'Signed checkpoints',
  exhibits: 'Exhibits',
  times: 'Recorded times',
  counts: 'Counts',
  entries: 'Entries as committed',
  timestamps: 'Trusted time-stamps',
  report: 'The report, drawn again',
  anchor: 'Expected key and witness codes',
};

export function checkName(name: string): string {
  return CHECK_NAMES[name] ?? name;
}

/** "Signature: passed. manifest.json is signed by key …" */
export function checkLine(c: Check): string {
  return `${checkName(c.name)}: ${c.ok ? 'passed' : 'FAILED'}. ${c.detail}`;
}

export type Tone = 'ok' | 'error' | 'warn';

export interface VerdictWords {
  tone: Tone;
  headline: string;
  /** Further sentences, if any. */
  detail: string[];
}

const trimStop = (s: string) => s.trim().replace(/[.。]+$/, '');

export function verdictWords(r: VerifyReport): VerdictWords {
  const facts = r.facts ?? null;
  switch (r.verdict) {
    case 'valid': {
      const detail: string[] = [];
      const key = facts?.fingerprint ?? '(unknown)';
      if (facts) {
        const who = facts.recipient === 'advocate' ? 'a support advocate' : 'the police';
        detail.push(
          `It was made for ${who} on ${madeOn(facts.exported_at)} and holds ${count(facts.entries, 'entry', 'entries')} ` +
            `and ${count(facts.exhibits, 'file')}; ${count(facts.withheld_records, 'other record')} of the diary ` +
            `${Number(facts.withheld_records) === 1 ? 'is' : 'are'} withheld (only their fingerprints are in the pack).`,
        );
      }
      const upTo = witnessedUpTo(r);
      if (r.anchored && upTo !== null) {
        // A matching witness code anchors the pack on its own: it binds the key and the chain.
        const keyToo = r.key_matched === true;
        detail.unshift(
          `It is signed by ${keyToo ? 'the key you expected, the one' : 'the key'} that made the code (${key}). ` +
            `Records after ${upTo} are signed by the same key; no code vouches for when they were written.`,
        );
        return {
          tone: 'ok',
          headline: `This pack matches the witness code you gave: its records 1 to ${upTo} existed, unchanged, when the code was sent.`,
          detail,
        };
      }
      if (r.anchored) {
        return { tone: 'ok', headline: `This pack is intact and signed by the key you expected (${key}).`, detail };
      }
      // A signature alone proves nothing about who made the pack: anyone can re-sign a copy.
      detail.push(
        'This proves nothing about who made it until you compare that fingerprint with the person’s key card or a ' +
          'witness code: type the fingerprint from their key card in “Expected key fingerprint” and check again.',
      );
      return { tone: 'warn', headline: `This pack is internally consistent and signed by key ${key}.`, detail };
    }
    case 'key_mismatch': {
      const anchor = r.checks.find((c) => c.name === 'anchor' && !c.ok);
      return {
        tone: 'error',
        headline: 'This pack is not signed by the key you expected.',
        detail: [
          ...(anchor ? [`${trimStop(anchor.detail)}.`] : []),
          'It was not made by the diary whose key card you hold. Do not rely on it.',
        ],
      };
    }
    case 'witness_mismatch':
      return {
        tone: 'error',
        headline: 'This pack does not match a witness code you gave.',
        detail: [
          ...r.witnesses.filter((w) => w.outcome !== 'matched').map((w) => w.detail),
          'Its records up to that code’s number, or its signing key, are not those the code was made from: they ' +
            'were changed, rebuilt or forged after the code was sent, or the code belongs to another diary. Do not rely on it.',
        ],
      };
    case 'refused':
      return {
        tone: 'error',
        headline: 'This file was refused: it is built to exhaust or mislead a checker.',
        detail: [...r.checks.filter((c) => !c.ok).map((c) => `${trimStop(c.detail)}.`), 'Nothing in it was read further.'],
      };
    case 'invalid': {
      const failed = r.checks.filter((c) => !c.ok).map((c) => `${checkName(c.name)}: ${trimStop(c.detail)}`);
      return {
        tone: 'error',
        headline: `This pack has been changed or damaged: ${failed.join('; ')}.`,
        detail: ['Do not rely on it. Ask for a fresh copy of the pack.'],
      };
    }
    case 'not_a_pack':
      return {
        tone: 'error',
        headline: 'This is not a Casebook evidence pack.',
        detail: r.checks.map((c) => `${trimStop(c.detail)}.`),
      };
    case 'needs_passphrase':
      return {
        tone: 'warn',
        headline: 'This pack is locked with a passphrase.',
        detail: ['Type the passphrase it was made with, then check it again. Whoever made the pack can tell you.'],
      };
    case 'wrong_passphrase':
      return {
        tone: 'warn',
        headline: 'That passphrase does not open this pack.',
        detail: ['Nothing was changed. Check the passphrase and try again.'],
      };
  }
}

/** Witness codes as typed in the box: one a line (commas and semicolons separate too), blanks dropped. */
export function witnessLines(text: string): string[] {
  return text
    .split(/[\n,;]/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** The newest record a matching witness code vouches for, or null when none matched. */
export function witnessedUpTo(r: VerifyReport): number | null {
  const seqs = r.witnesses.filter((w) => w.outcome === 'matched').map((w) => Number(w.seq));
  return seqs.length ? Math.max(...seqs) : null;
}

function count(n: number, one: string, many = `${one}s`): string {
  const v = Number(n);
  return `${v.toLocaleString('en-GB')} ${v === 1 ? one : many}`;
}

/** "1 March 2026" from an RFC 3339 UTC time (shown in UTC: the pack says so too). */
export function madeOn(text: string): string {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return text;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** The newest version of an entry (entries.json lists them oldest first). */
export function latest(e: PackEntry) {
  return e.versions[e.versions.length - 1] ?? null;
}
