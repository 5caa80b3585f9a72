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
      if (facts) {
        const who = facts.recipient === 'advocate' ? 'a support advocate' : 'the police';
        detail.push(
          `It was made for ${who} on ${madeOn(facts.exported_at)} and holds ${count(facts.entries, 'entry', 'entries')} ` +
            `and ${count(facts.exhibits, 'file')}; ${count(facts.withheld_records, 'other record')} of the diary ` +
            `${Number(facts.withheld_records) === 1 ? 'is' : 'are'} withheld (only their fingerprints are in the pack).`,
        );
        detail.push(
          'Compare the key with the fingerprint the diary’s owner can show you in their Settings: if they match, this pack came from their diary.',
        );
      }
      return { tone: 'ok', headline: `This pack is intact and signed by key ${facts?.fingerprint ?? '(unknown)'}.`, detail };
    }
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
