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

/**
 * The verdict as the pack crate words it (`headline`, `meaning`: the same words `casebook verify`
 * prints, from what was given and what matched), with the app's own tone, the failed checks'
 * details and, for an unanchored pack, where to type what would anchor it.
 */
export function verdictWords(r: VerifyReport): VerdictWords {
  const facts = r.facts ?? null;
  const meaning = r.meaning ? [r.meaning] : [];
  const failed = r.checks.filter((c) => !c.ok);
  switch (r.verdict) {
    case 'valid': {
      const detail = [...meaning];
      if (facts) {
        const who = facts.recipient === 'advocate' ? 'a support advocate' : 'the police';
        detail.push(
          `It was made for ${who} on ${madeOn(facts.exported_at)} and holds ${count(facts.entries, 'entry', 'entries')} ` +
            `and ${count(facts.exhibits, 'file')}; ${count(facts.withheld_records, 'other record')} of the diary ` +
            `${Number(facts.withheld_records) === 1 ? 'is' : 'are'} withheld (only their fingerprints are in the pack).`,
        );
      }
      if (!r.anchored) {
        // A signature alone proves nothing about who made the pack: anyone can re-sign a copy.
        detail.push('To check who made it, type the fingerprint from their key card in “Expected key fingerprint” and check again.');
      }
      return { tone: r.anchored ? 'ok' : 'warn', headline: r.headline, detail };
    }
    case 'key_mismatch': {
      const anchor = r.checks.find((c) => c.name === 'anchor' && !c.ok);
      return { tone: 'error', headline: r.headline, detail: [...(anchor ? [`${trimStop(anchor.detail)}.`] : []), ...meaning] };
    }
    case 'witness_mismatch': {
      const codes = r.witnesses.filter((w) => w.outcome !== 'matched').map((w) => w.detail);
      const anchor = r.checks.find((c) => c.name === 'anchor' && !c.ok);
      const why = codes.length ? codes : anchor ? [`${trimStop(anchor.detail)}.`] : [];
      return { tone: 'error', headline: r.headline, detail: [...why, ...meaning] };
    }
    case 'refused':
      return { tone: 'error', headline: r.headline, detail: [...failed.map((c) => `${trimStop(c.detail)}.`), ...meaning] };
    case 'invalid':
      return {
        tone: 'error',
        headline: r.headline,
        detail: [...failed.map((c) => `${checkName(c.name)}: ${trimStop(c.detail)}.`), ...meaning],
      };
    case 'not_a_pack':
      return { tone: 'error', headline: r.headline, detail: [...r.checks.map((c) => `${trimStop(c.detail)}.`), ...meaning] };
    case 'needs_passphrase':
    case 'wrong_passphrase':
    case 'needs_key':
    case 'wrong_key':
      return { tone: 'warn', headline: r.headline, detail: meaning };
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
