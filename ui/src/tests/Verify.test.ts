import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { CheckedPack, Check } from '../lib/ipc';
import { fields, mockBackend } from '../lib/ipc/testing';
import { HOSTILE } from './packFixtures';
import Verify from '../lib/components/Verify.svelte';

const NAMES = ['pack', 'signature', 'key', 'files', 'sha256sums', 'chain', 'commitments', 'checkpoints', 'exhibits', 'times', 'counts', 'entries'];

function checks(failed: Record<string, string> = {}): Check[] {
  return NAMES.map((name) => ({ name, ok: !(name in failed), detail: failed[name] ?? `${name} fine` }));
}

const facts = {
  recipient: 'police',
  exported_at: '2026-03-02T09:00:00Z',
  fingerprint: 'AB12 CD34 EF56',
  head_seq: 12,
  entries: 1,
  exhibits: 0,
  disclosed_records: 6,
  withheld_records: 3,
  purged_records: 0,
  encrypted: false,
};

/** The verdict's words as the pack crate computes them (the app shows them as they come). */
function words(headline: string, meaning: string) {
  return { headline, meaning };
}

function valid(): CheckedPack {
  return {
    report: { verdict: 'valid', checks: checks(), facts, anchored: false, key_matched: false, witnesses: [], ...words('This pack is internally consistent and signed by key AB12 CD34 EF56.', 'This proves nothing about who made it until you compare that fingerprint with the person\'s key card or a witness code.') },
    contents: {
      case: { victim_initials: 'AB', persons: [{ id: 1, name: HOSTILE, relationship: null, description: null, identifiers: [] }], order_terms: null },
      entries: [
        {
          id: 3,
          versions: [
            { seq: 5, revision: 1, recorded_at: '2026-03-01T21:20:00Z', clock_went_backwards: false, reason: null, fields: fields({ title: HOSTILE, narrative: '<script>alert(1)</script>', person_id: 1 }) },
          ],
          retraction: null,
          exhibits: [{ mark: 'AB_1', name: `${HOSTILE}.png`, media_type: 'image/png', size: 10, derived_from: null, withheld: null }],
        },
      ],
    },
  };
}

describe('check a pack', () => {
  it('says a good pack is intact and signed, one line per check, and shows its entries as text', async () => {
    const b = mockBackend({ verify_pack: () => valid() });
    render(Verify);
    await fireEvent.input(screen.getByTestId('verify-path'), { target: { value: '/home/me/pack.zip' } });
    await fireEvent.click(screen.getByTestId('verify-path-go'));
    const verdict = await screen.findByTestId('verify-verdict');
    expect(verdict.textContent).toContain('This pack is internally consistent and signed by key AB12 CD34 EF56.');
    expect(verdict.textContent).toContain('proves nothing about who made it');
    expect(verdict.textContent).toContain('made for the police on 2 March 2026');
    const lines = screen.getAllByTestId('verify-check');
    expect(lines).toHaveLength(12);
    expect(lines[1]!.textContent).toContain('Passed');
    expect(lines[1]!.textContent).toContain('Signature: signature fine');
    expect(b.of('verify_pack')[0]!.args).toEqual({ path: '/home/me/pack.zip', passphrase: null, expectedFingerprint: null, witnesses: [], identityPath: null });

    const entries = screen.getByTestId('verify-entries');
    expect(screen.getByTestId('verify-entry-title').textContent).toBe(HOSTILE);
    expect(entries.textContent).toContain('<script>alert(1)</script>');
    expect(entries.textContent).toContain(`${HOSTILE}.png`);
    expect(screen.getByTestId('verify-person').textContent).toBe(HOSTILE);
    expect(entries.querySelectorAll('img, script, a')).toHaveLength(0);
  });

  it('says a changed pack has been changed, with each failure, and shows no contents', async () => {
    mockBackend({
      verify_pack: () => ({
        report: {
          verdict: 'invalid',
          checks: checks({ files: `entries.json has changed (SHA-256 or size differs) ${HOSTILE}`, sha256sums: 'entries.json: SHA-256 differs from SHA256SUMS' }),
          facts,
          anchored: false, key_matched: false,
          witnesses: [],
          ...words('This pack was changed after it was made, or is damaged.', 'Do not rely on it. Ask for a fresh copy of the pack.'),
        },
        contents: null,
      }),
    });
    render(Verify);
    await fireEvent.input(screen.getByTestId('verify-path'), { target: { value: '/home/me/pack.zip' } });
    await fireEvent.submit(screen.getByTestId('verify-path'));
    const verdict = await screen.findByTestId('verify-verdict');
    expect(verdict.textContent).toContain('This pack was changed after it was made, or is damaged.');
    expect(verdict.textContent).toContain('Every file unchanged: entries.json has changed');
    expect(verdict.textContent).toContain('Ask for a fresh copy of the pack.');
    expect(verdict.textContent).toContain(HOSTILE);
    const failed = screen.getAllByTestId('verify-check').filter((l) => l.textContent?.includes('FAILED'));
    expect(failed).toHaveLength(2);
    expect(screen.queryByTestId('verify-entries')).toBeNull();
    expect(document.querySelectorAll('img')).toHaveLength(0);
  });

  it('asks for the identity file of a pack made for a recipient card, and checks again with its path', async () => {
    const b = mockBackend({
      'plugin:dialog|open': () => '/home/me/pack.age',
      verify_pack: ({ identityPath }: { identityPath: string | null }) =>
        identityPath === '/home/me/id.txt'
          ? valid()
          : {
              report: {
                verdict: 'needs_key',
                checks: [{ name: 'pack', ok: false, detail: 'this pack is encrypted to a recipient key' }],
                facts: null,
                anchored: false, key_matched: false,
                witnesses: [],
                ...words('This pack is locked to a recipient’s key.', 'It opens with that recipient’s identity file.'),
              },
              contents: null,
            },
    });
    render(Verify);
    expect(screen.queryByTestId('verify-identity')).toBeNull();
    await fireEvent.click(screen.getByTestId('verify-pick'));
    await waitFor(() => expect(screen.getByTestId('verify-verdict').textContent).toContain('locked to a recipient'));
    await fireEvent.input(screen.getByTestId('verify-identity'), { target: { value: '/home/me/id.txt' } });
    await fireEvent.submit(screen.getByTestId('verify-identity'));
    await waitFor(() => expect(screen.getByTestId('verify-verdict').textContent).toContain('internally consistent'));
    expect(b.of('verify_pack').at(-1)!.args).toMatchObject({ path: '/home/me/pack.age', identityPath: '/home/me/id.txt' });
  });

  it('asks for the passphrase of an advocate pack, and Enter checks again with it', async () => {
    const b = mockBackend({
      'plugin:dialog|open': () => '/home/me/pack.zip.age',
      verify_pack: ({ passphrase }: { passphrase: string | null }) =>
        passphrase === 'for the advocate'
          ? valid()
          : {
              report: {
                verdict: passphrase ? 'wrong_passphrase' : 'needs_passphrase',
                checks: [{ name: 'pack', ok: false, detail: 'this pack is encrypted' }],
                facts: null,
                anchored: false, key_matched: false,
                witnesses: [],
                ...(passphrase
                  ? words('That passphrase does not open this pack.', 'Nothing was changed. Check the passphrase and try again.')
                  : words('This pack is locked with a passphrase.', 'Give the passphrase it was made with, then check it again.')),
              },
              contents: null,
            },
    });
    render(Verify);
    await fireEvent.click(screen.getByTestId('verify-pick'));
    await waitFor(() => expect(screen.getByTestId('verify-verdict').textContent).toContain('locked with a passphrase'));
    await fireEvent.input(screen.getByTestId('verify-passphrase'), { target: { value: 'nope' } });
    await fireEvent.submit(screen.getByTestId('verify-passphrase'));
    await waitFor(() => expect(screen.getByTestId('verify-verdict').textContent).toContain('does not open this pack'));
    await fireEvent.input(screen.getByTestId('verify-passphrase'), { target: { value: 'for the advocate' } });
    await fireEvent.submit(screen.getByTestId('verify-passphrase'));
    await waitFor(() => expect(screen.getByTestId('verify-verdict').textContent).toContain('internally consistent'));
    expect(b.of('verify_pack').map((c) => c.args)).toEqual([
      { path: '/home/me/pack.zip.age', passphrase: null, expectedFingerprint: null, witnesses: [], identityPath: null },
      { path: '/home/me/pack.zip.age', passphrase: 'nope', expectedFingerprint: null, witnesses: [], identityPath: null },
      { path: '/home/me/pack.zip.age', passphrase: 'for the advocate', expectedFingerprint: null, witnesses: [], identityPath: null },
    ]);
    expect(b.of('plugin:dialog|open')).toHaveLength(1);
  });

  it('checks against the key card: a match is anchored, another key is a plain-words mismatch', async () => {
    const want = '0000 1111 2222 3333 4444 5555 6666 7777 8888 9999 aaaa bbbb cccc dddd eeee ffff';
    const b = mockBackend({
      verify_pack: ({ expectedFingerprint }: { expectedFingerprint: string | null }) =>
        expectedFingerprint === want
          ? { ...valid(), report: { verdict: 'valid', checks: [...checks(), { name: 'anchor', ok: true, detail: 'the signing key is the expected one' }], facts, anchored: true, key_matched: true, witnesses: [], ...words('This pack is intact and signed by the key you expected (AB12 CD34 EF56).', 'It is exactly as the Casebook of the person whose key card you hold made it.') } }
          : {
              report: {
                verdict: 'key_mismatch',
                checks: [...checks(), { name: 'anchor', ok: false, detail: `the pack is signed by key AB12 CD34 EF56, not by the expected key ${want}` }],
                facts,
                anchored: false, key_matched: false,
                witnesses: [],
                ...words('This pack is not signed by the key you expected.', 'It is intact, but signed by another key. Do not rely on it.'),
              },
              contents: null,
            },
    });
    render(Verify);
    await fireEvent.input(screen.getByTestId('verify-fingerprint'), { target: { value: 'ffff' } });
    await fireEvent.input(screen.getByTestId('verify-path'), { target: { value: '/home/me/pack.zip' } });
    await fireEvent.submit(screen.getByTestId('verify-path'));
    await waitFor(() => expect(screen.getByTestId('verify-verdict').textContent).toContain('not signed by the key you expected'));
    expect(screen.getByTestId('verify-verdict').textContent).toContain(`not by the expected key ${want}`);
    expect(screen.queryByTestId('verify-entries')).toBeNull();
    await fireEvent.input(screen.getByTestId('verify-fingerprint'), { target: { value: ` ${want} ` } });
    await fireEvent.submit(screen.getByTestId('verify-fingerprint'));
    await waitFor(() => expect(screen.getByTestId('verify-verdict').textContent).toContain('signed by the key you expected'));
    expect(b.of('verify_pack').map((c) => (c.args as { expectedFingerprint: string | null }).expectedFingerprint)).toEqual(['ffff', want]);
  });

  it('checks against witness codes, one a line: a match says what it proves, a mismatch what it means', async () => {
    const code = 'W-9-ABCD-EFGH-IJKL-MNOP-QRST';
    const other = 'W-9-ZZZZ-EFGH-IJKL-MNOP-QRST';
    const matched = { code, seq: 9, outcome: 'matched' as const, detail: `${code} matches: this pack’s records 1 to 9 are exactly those the code was made from` };
    const b = mockBackend({
      verify_pack: ({ witnesses }: { witnesses: string[] }) =>
        witnesses.includes(other)
          ? {
              report: {
                verdict: 'witness_mismatch',
                checks: [...checks(), { name: 'anchor', ok: false, detail: `witness code ${other} does not match this pack's record 9` }],
                facts,
                anchored: false, key_matched: false,
                witnesses: [matched, { code: other, seq: 9, outcome: 'mismatched', detail: `${other} does NOT match` }],
                ...words('This pack does not match a witness code you gave.', 'They were changed, rebuilt or forged after the code was sent. Do not rely on it.'),
              },
              contents: null,
            }
          : { ...valid(), report: { verdict: 'valid', checks: [...checks(), { name: 'anchor', ok: true, detail: `witness code ${code} matches record 9` }], facts, anchored: true, key_matched: false, witnesses: [matched], ...words('This pack matches the witness code you gave: its records 1 to 9 existed, unchanged, when the code was sent.', 'It is signed by the key that made the code (AB12 CD34 EF56).') } },
    });
    render(Verify);
    await fireEvent.input(screen.getByTestId('verify-witnesses'), { target: { value: ` ${code}\n\n` } });
    await fireEvent.input(screen.getByTestId('verify-path'), { target: { value: '/home/me/pack.zip' } });
    await fireEvent.submit(screen.getByTestId('verify-path'));
    await waitFor(() => expect(screen.getByTestId('verify-verdict').textContent).toContain('records 1 to 9 existed, unchanged, when the code was sent'));
    expect(screen.getByTestId('verify-verdict').textContent).not.toContain('proves nothing');
    expect(screen.getAllByTestId('verify-witness')).toHaveLength(1);
    await fireEvent.input(screen.getByTestId('verify-witnesses'), { target: { value: `${code}\n${other}` } });
    await fireEvent.click(screen.getByTestId('verify-check-again'));
    await waitFor(() => expect(screen.getByTestId('verify-verdict').textContent).toContain('does not match a witness code you gave'));
    expect(screen.getByTestId('verify-verdict').textContent).toContain('forged after the code was sent');
    expect(b.of('verify_pack').map((c) => (c.args as { witnesses: string[] }).witnesses)).toEqual([[code], [code, other]]);
  });

  it('shows the verdict the report words: a time-stamp alone never says the key was expected', async () => {
    const stamped = 'This pack matches the time-stamp you gave: its records 1 to 6 existed by 2 March 2026, 10:00:00 UTC.';
    mockBackend({
      verify_pack: () => ({
        ...valid(),
        report: { ...valid().report, anchored: true, ...words(stamped, 'A time-stamp says when, not who.') },
      }),
    });
    render(Verify);
    await fireEvent.input(screen.getByTestId('verify-path'), { target: { value: '/home/me/pack.zip' } });
    await fireEvent.submit(screen.getByTestId('verify-path'));
    await waitFor(() => expect(screen.getByTestId('verify-verdict').textContent).toContain(stamped));
    expect(screen.getByTestId('verify-verdict').textContent).toContain('says when, not who');
    expect(screen.getByTestId('verify-verdict').textContent).not.toContain('key you expected');
  });

  it('shows an error in the alert region', async () => {
    mockBackend({ verify_pack: () => Promise.reject({ message: 'type the file\'s full path, starting from the top folder' }) });
    render(Verify);
    await fireEvent.input(screen.getByTestId('verify-path'), { target: { value: 'pack.zip' } });
    await fireEvent.click(screen.getByTestId('verify-path-go'));
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toContain('The pack could not be checked: type the file\'s full path'));
    expect(screen.queryByTestId('verify-verdict')).toBeNull();
  });

  it('says when nothing was chosen', async () => {
    const b = mockBackend({});
    render(Verify);
    await fireEvent.click(screen.getByTestId('verify-path-go'));
    await screen.findByText('Choose a pack first, or type its full path.');
    expect(b.calls).toHaveLength(0);
  });
});
