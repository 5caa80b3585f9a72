// Test helpers: a fake shell behind `invoke`, built on @tauri-apps/api/mocks. Only tests
// import this file.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';

import { setSealing } from './index';
import { openChannel, type SealedChannel } from './sealed';

import type { AppStatus, CaseDetails, DiaryPage, EntryFields, EntryHistory, EntrySummary, ErrorCode, IpcError } from './types';

export interface Call {
  cmd: string;
  args: unknown;
  headers: Record<string, string> | undefined;
}

export type Handler = (args: any) => unknown;

/**
 * Routes each command to `handlers[cmd]` and records every call (with raw-body headers).
 * A command without a handler rejects, as the real shell would for an unknown command.
 */
export function mockBackend(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  // The fake shell is called in the clear; sealing itself is tested in sealed.test.ts.
  setSealing(false);
  let headers: Record<string, string> | undefined;
  mockIPC((cmd, args) => {
    calls.push({ cmd, args, headers });
    headers = undefined;
    const handler = handlers[cmd];
    if (!handler) throw { message: `no mock for ${cmd}` };
    return handler(args);
  });
  const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: (...a: unknown[]) => unknown } })
    .__TAURI_INTERNALS__;
  const inner = internals.invoke;
  internals.invoke = (cmd: unknown, args: unknown, options: unknown) => {
    headers = (options as { headers?: Record<string, string> } | undefined)?.headers;
    return inner(cmd, args, options);
  };
  return {
    calls,
    of: (cmd: string) => calls.filter((c) => c.cmd === cmd),
  };
}

/**
 * A fake shell that speaks the sealed channel as src-tauri/src/sealed.rs does: records each
 * body that crossed (`crossings`), the commands called in the clear and those run sealed.
 */
export function mockSealedBackend(handlers: Record<string, (args: any) => unknown>) {
  setSealing(true);
  const dec = new TextDecoder();
  const enc = new TextEncoder();
  let shell: SealedChannel | null = null;
  const seen = { crossings: [] as Uint8Array[], clear: [] as string[], inner: [] as string[] };
  mockIPC(async (cmd, payload) => {
    const body = payload instanceof Uint8Array ? payload : new Uint8Array(payload as unknown as ArrayBuffer);
    if (cmd === 'open_channel') {
      let own!: Uint8Array;
      const opening = openChannel(async (mine) => ((own = mine), body), 'shell');
      shell = await opening;
      return own.buffer;
    }
    if (cmd !== 'sealed') {
      seen.clear.push(cmd);
      return handlers[cmd]?.(payload) ?? null;
    }
    if (!shell) throw shellError('channel', 'no channel');
    seen.crossings.push(body);
    const plain = await shell.open(body);
    const len = new DataView(plain.buffer, plain.byteOffset).getUint32(0, true);
    const header = JSON.parse(dec.decode(plain.subarray(4, 4 + len)));
    const rest = plain.subarray(4 + len);
    seen.inner.push(header.cmd);
    let answer: Uint8Array;
    try {
      const handler = handlers[header.cmd];
      if (!handler) throw { message: `no mock for ${header.cmd}` };
      const value = await handler(header.raw ? rest : JSON.parse(dec.decode(rest) || '{}'));
      answer = new Uint8Array([0, ...enc.encode(JSON.stringify(value ?? null))]);
    } catch (e) {
      answer = new Uint8Array([2, ...enc.encode(JSON.stringify(e))]);
    }
    const sealed = await shell.seal(answer);
    seen.crossings.push(sealed);
    return sealed.buffer;
  });
  return { seen, forget: () => (shell = null) };
}

/**
 * An error as the shell sends it (src-tauri/src/error.rs). Typed by the generated `ErrorCode`,
 * so a code renamed in the shell fails `npm run check` in the tests as well.
 */
export function shellError(code: ErrorCode, message: string): IpcError {
  return { code, message };
}

/** Removes the fake shell (after each test). */
export function resetBackend(): void {
  clearMocks();
}

/** A promise the test settles when it chooses. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function status(over: Partial<AppStatus> = {}): AppStatus {
  return {
    vault_exists: true,
    unlocked: false,
    vault_path: '/tmp/test.cbvault',
    settings: { auto_lock_seconds: 300, neutral_title: false, zoom_percent: 100 },
    auto_lock_seconds: 300,
    ...over,
  };
}

export const emptyCase: CaseDetails = { victim_initials: '', persons: [], order_terms: null };

/** Entry fields exactly as the shell sends them: serde leaves out empty lists and absent
 * optional values, so a mock that filled them in would hide bugs the real app shows. */
export function fields(over: Partial<EntryFields> = {}): EntryFields {
  return {
    occurred: { start: '2026-03-01T21:14:00+00:00', approximate: false },
    kind: 'call',
    title: 'Call from withheld number',
    narrative: '',
    actions: { blocked: false },
    source: { type: 'manual' },
    ...over,
  };
}

export function summary(id: number, over: Partial<EntryFields> = {}, extra: Partial<EntrySummary> = {}): EntrySummary {
  return {
    id,
    fields: fields(over),
    recorded_at: '2026-03-01T21:20:00Z',
    revised_at: null,
    revision: 1,
    retracted: null,
    attachments: 0,
    ...extra,
  };
}

/** One page of the diary as core sends it: by default the whole (short) diary in one page. */
export function page(entries: EntrySummary[], more: Partial<DiaryPage> = {}): DiaryPage {
  return { entries, total: entries.length, remaining: 0, next: null, ...more };
}

export function history(id: number, versions: EntryFields[], extra: Partial<EntryHistory> = {}): EntryHistory {
  return {
    id,
    versions: versions.map((f, i) => ({
      seq: 10 + i,
      revision: i + 1,
      recorded_at: `2026-03-0${Math.min(9, i + 1)}T21:20:00Z`,
      clock_went_backwards: false,
      reason: i === 0 ? null : `reason ${i + 1}`,
      fields: f,
    })),
    retraction: null,
    purge: null,
    attachments: [],
    ...extra,
  };
}
