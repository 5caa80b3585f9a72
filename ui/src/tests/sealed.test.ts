import { afterEach, describe, expect, it } from 'vitest';

import { appStatus, attachBytes, getEntry, lock, setSealing, unlock } from '../lib/ipc';
import { decodeAnswer, encodeCall, openChannel, type SealedChannel } from '../lib/ipc/sealed';
import { mockSealedBackend, resetBackend, shellError } from '../lib/ipc/testing';

const dec = new TextDecoder();
const enc = new TextEncoder();

function has(hay: Uint8Array, needle: string): boolean {
  return dec.decode(hay).includes(needle);
}

afterEach(() => {
  resetBackend();
  setSealing(false);
});

describe('the sealed channel', () => {
  it('each end opens what the other sealed, and nothing else', async () => {
    let shell!: SealedChannel;
    const page = await openChannel(async (pagePublic) => {
      let shellPublic!: Uint8Array;
      shell = await openChannel(async (own) => ((shellPublic = own), pagePublic), 'shell');
      return shellPublic;
    });
    const up = await page.seal(enc.encode('kestrel lantern'));
    expect(has(up, 'kestrel')).toBe(false);
    expect(dec.decode(await shell.open(up))).toBe('kestrel lantern');
    expect(dec.decode(await page.open(await shell.seal(enc.encode('bus stop'))))).toBe('bus stop');
    // No reflection: the page cannot open its own message.
    await expect(page.open(up)).rejects.toBeTruthy();
  });

  it('an envelope carries the command, its headers and its JSON or raw body', () => {
    const plain = encodeCall('get_entry', { id: 7 }, { 'x-a': 'b' });
    const len = new DataView(plain.buffer).getUint32(0, true);
    expect(JSON.parse(dec.decode(plain.subarray(4, 4 + len)))).toEqual({ cmd: 'get_entry', headers: { 'x-a': 'b' }, raw: false });
    expect(JSON.parse(dec.decode(plain.subarray(4 + len)))).toEqual({ id: 7 });
    const raw = encodeCall('attach_bytes', new Uint8Array([1, 2]));
    expect([...raw.subarray(raw.length - 2)]).toEqual([1, 2]);
    expect(decodeAnswer(new Uint8Array([0, ...enc.encode('{"a":1}')]))).toEqual({ ok: true, value: { a: 1 } });
    expect(decodeAnswer(new Uint8Array([2, ...enc.encode('{"code":"locked"}')]))).toEqual({
      ok: false,
      error: { code: 'locked' },
    });
  });

  it('every call but lock travels sealed: no passphrase or entry text crosses in the clear', async () => {
    const { seen } = mockSealedBackend({
      app_status: () => ({ unlocked: false }),
      unlock: ({ passphrase }) => (passphrase === 'kestrel lantern' ? { fingerprint: 'f' } : Promise.reject(shellError('wrong_passphrase', 'no'))),
      get_entry: ({ id }) => ({ id, versions: [{ fields: { narrative: 'Marker-heron-quay' } }] }),
      attach_bytes: (bytes: Uint8Array) => ({ size: bytes.length }),
      lock: () => null,
    });
    await appStatus();
    await expect(unlock('wrong')).rejects.toMatchObject({ code: 'wrong_passphrase' });
    await unlock('kestrel lantern');
    const entry = await getEntry(3);
    expect(JSON.stringify(entry)).toContain('Marker-heron-quay');
    expect(await attachBytes(3, new Uint8Array([9, 9, 9]), 'a.png', 'paste')).toEqual({ size: 3 });
    await lock();
    expect(seen.inner).toEqual(['app_status', 'unlock', 'unlock', 'get_entry', 'attach_bytes']);
    expect(seen.clear).toEqual(['lock']);
    for (const body of seen.crossings) {
      expect(has(body, 'kestrel')).toBe(false);
      expect(has(body, 'Marker')).toBe(false);
    }
  });

  it('when the shell has forgotten the channel (it locked), the page agrees a new one and carries on', async () => {
    const shell = mockSealedBackend({ app_status: () => ({ unlocked: false }) });
    await appStatus();
    shell.forget();
    expect(await appStatus()).toEqual({ unlocked: false });
  });
});
