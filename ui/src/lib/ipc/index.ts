// The only module that talks to the Tauri shell (with ./dialog.ts). Every command is a typed
// function here; the rest of the UI never sees `invoke` or a command name.
//
// Errors come back as `{code?, message}` (src-tauri/src/error.rs). They are turned into
// `CasebookError`, and a `locked` error (auto-lock or quick exit happened in the shell) also
// tells the app to show the unlock screen. The codes' type, `ErrorCode`, is generated from the
// shell's enum: every branch on a code goes through `CasebookError.is`, so a code renamed or
// removed in the shell fails `npm run check` here.
import { Channel, invoke, type InvokeArgs, type InvokeOptions } from '@tauri-apps/api/core';

import type {
  AppStatus,
  AttachmentInfo,
  BreachInput,
  BreachView,
  CaseChange,
  CaseDetails,
  CheckReport,
  CheckedPack,
  CreatedVault,
  DayOrder,
  DiaryCursor,
  DiaryPage,
  Effect,
  EffectDetails,
  EntryFields,
  ErrorCode,
  EntryFilter,
  EntryHistory,
  EntrySummary,
  ExportOptions,
  ExportPreview,
  ExportReport,
  Identifier,
  IdentifierMatch,
  ImportOptions,
  ImportPreview,
  ImportProgress,
  ImportReport,
  ImportSettings,
  KeyCard,
  KeyCardGiven,
  LoadedCard,
  MadeRecipientCard,
  MadeWitnessCode,
  MigrationDone,
  MigrationOffer,
  Order,
  OrderInput,
  PatternSummary,
  PersonPage,
  RememberedRecipient,
  Progress,
  Settings,
  StatementReport,
  Suggestion,
  VaultInfo,
  WeekCounts,
  WitnessShare,
} from './types';
import { decodeAnswer, encodeCall, openChannel, type SealedChannel } from './sealed';

export type * from './types';

/** An error from the shell (or from talking to it), with plain words in `message`. */
export class CasebookError extends Error {
  /** Set only where the UI branches (src-tauri/src/error.rs `ErrorCode`); compare with `is`. */
  readonly code: ErrorCode | null;
  constructor(message: string, code?: ErrorCode | null) {
    super(message);
    this.name = 'CasebookError';
    this.code = code ?? null;
  }
  is(code: ErrorCode): boolean {
    return this.code === code;
  }
}

/** Whatever a rejected invoke gave us, as a CasebookError. */
export function toCasebookError(raw: unknown): CasebookError {
  if (raw instanceof CasebookError) return raw;
  if (raw && typeof raw === 'object' && 'message' in raw) {
    const obj = raw as { message?: unknown; code?: unknown };
    // The shell only sends ErrorCode values (serialised from the Rust enum).
    const code = typeof obj.code === 'string' ? (obj.code as ErrorCode) : null;
    return new CasebookError(String(obj.message ?? 'unknown error'), code);
  }
  if (typeof raw === 'string' && raw.length > 0) return new CasebookError(raw);
  return new CasebookError('unknown error');
}

let onLocked: (() => void) | null = null;

/** The app registers what to do when any command finds the diary locked. */
export function setLockedHandler(handler: (() => void) | null): void {
  onLocked = handler;
}

// Every call but these travels sealed (./sealed.ts, src-tauri/src/sealed.rs): WebKit keeps
// copies of IPC bodies in the app process, and sealed they are ciphertext whose key is gone once
// Casebook locks. These four carry nothing and must work whatever the channel's state.
const UNSEALED = new Set(['open_channel', 'sealed', 'lock', 'quick_exit']);

let sealing = true;
let channel: Promise<SealedChannel> | null = null;

/** Tests with a fake shell (./testing.ts) talk to it in the clear. */
export function setSealing(on: boolean): void {
  sealing = on;
  channel = null;
}

function currentChannel(): Promise<SealedChannel> {
  if (!channel) {
    const opening = openChannel(async (own) => new Uint8Array(await invoke<ArrayBuffer>('open_channel', own)));
    opening.catch(() => {
      if (channel === opening) channel = null;
    });
    channel = opening;
  }
  return channel;
}

async function sealedInvoke<T>(cmd: string, args?: InvokeArgs, options?: InvokeOptions, retry = true): Promise<T> {
  const open = currentChannel();
  const ch = await open;
  const headers = options?.headers ? Object.fromEntries(new Headers(options.headers).entries()) : undefined;
  let answer: ArrayBuffer;
  try {
    answer = await invoke<ArrayBuffer>('sealed', await ch.seal(encodeCall(cmd, args, headers)));
  } catch (raw) {
    // The shell has no channel for this page (it locked since, or restarted): agree a new one.
    if (retry && toCasebookError(raw).is('channel')) {
      if (channel === open) channel = null;
      return sealedInvoke<T>(cmd, args, options, false);
    }
    throw raw;
  }
  const reply = decodeAnswer(await ch.open(new Uint8Array(answer)));
  if (!reply.ok) throw reply.error;
  return reply.value as T;
}

async function call<T>(cmd: string, args?: InvokeArgs, options?: InvokeOptions): Promise<T> {
  try {
    return sealing && !UNSEALED.has(cmd) ? await sealedInvoke<T>(cmd, args, options) : await invoke<T>(cmd, args, options);
  } catch (raw) {
    const err = toCasebookError(raw);
    if (err.is('locked')) onLocked?.();
    throw err;
  }
}

// Session

export const appStatus = () => call<AppStatus>('app_status');
export const createVault = (passphrase: string) => call<CreatedVault>('create_vault', { passphrase });
export const unlock = (passphrase: string) => call<VaultInfo>('unlock', { passphrase });
export const unlockWithRecoveryKey = (recoveryKey: string) =>
  call<VaultInfo>('unlock_with_recovery_key', { recoveryKey });
/** Locks; the shell then replaces this page with a fresh one, so this may never resolve. */
export const lock = (idle = false) => call<void>('lock', { idle });
/** Quick exit: hides the window, clears what Casebook copied, locks; then as `lock`. */
export const quickExit = () => call<void>('quick_exit');
/** Copies through the shell, which remembers it so that quick exit clears it (and only it). */
export const copyText = (text: string) => call<void>('copy_text', { text });
export const touch = () => call<void>('touch');
export const vaultInfo = () => call<VaultInfo>('vault_info');

// Diary

/** Every entry the filter picks, at once (megabytes on a big diary: the diary asks `diaryPage`). */
export const listEntries = (filter: EntryFilter) => call<EntrySummary[]>('list_entries', { filter });
/** Up to `limit` entries the filter picks, in the diary's day order, after `after` (from the
 * start when null); the filter is applied by core over the whole diary, not over a page. */
export const diaryPage = (filter: EntryFilter, order: DayOrder, after: DiaryCursor | null, limit: number) =>
  call<DiaryPage>('diary_page', { filter, order, after, limit });
export const weeklyCounts = (filter: EntryFilter) => call<WeekCounts[]>('weekly_counts', { filter });
/** Core's pattern of the filtered incidents: by channel, day × hour, escalation, longest gap. */
export const patternSummary = (filter: EntryFilter) => call<PatternSummary>('pattern_summary', { filter });
export const getEntry = (id: number) => call<EntryHistory>('get_entry', { id });
/** One entry's timeline line, as the list gives it. */
export const getEntrySummary = (id: number) => call<EntrySummary>('get_entry_summary', { id });
/** Resolves with the new entry's number only after the shell committed it. */
export const addEntry = (fields: EntryFields) => call<number>('add_entry', { fields });
export const reviseEntry = (id: number, fields: EntryFields, reason: string) =>
  call<void>('revise_entry', { id, fields, reason });
export const retractEntry = (id: number, reason: string) => call<void>('retract_entry', { id, reason });

// Case

export const getCase = () => call<CaseDetails>('get_case');
/** Applies what Case details changed to the case as it stands (one write); resolves with the case after. */
export const changeCase = (changes: CaseChange[]) => call<CaseDetails>('change_case', { changes });
/** A person's page: identifiers first and last seen, counts, new ones, incidents, reports. */
export const personPage = (personId: number) => call<PersonPage>('person_page', { personId });

// Orders and breaches

/** Every order recorded, oldest first, with its history. */
export const listOrders = () => call<Order[]>('list_orders');
/** Resolves with the order's number only after the shell committed it. */
export const addOrder = (input: OrderInput) => call<number>('add_order', { input });
export const serveOrder = (id: number, servedOn: string) => call<void>('serve_order', { id, servedOn });
/** `input` is the order as it reads from `variedOn`: kept terms carry their numbers. */
export const varyOrder = (id: number, variedOn: string, reason: string, input: OrderInput) =>
  call<void>('vary_order', { id, variedOn, reason, input });
export const dischargeOrder = (id: number, dischargedOn: string, reason: string) =>
  call<void>('discharge_order', { id, dischargedOn, reason });
/** Terms of orders in force at the entry's time that its kind usually engages (core's suggestion). */
export const breachSuggestions = (entryId: number) => call<Suggestion[]>('breach_suggestions', { entryId });
export const entryBreaches = (entryId: number) => call<BreachView[]>('entry_breaches', { entryId });
export const markBreach = (input: BreachInput) => call<BreachView>('mark_breach', { input });
export const unmarkBreach = (entryId: number, orderId: number) => call<void>('unmark_breach', { entryId, orderId });

// How this has affected the person

/** Every change noted, withdrawn ones included, in the order noted. */
export const listEffects = () => call<Effect[]>('list_effects');
/** Resolves with the change's number only after the shell committed it. */
export const noteEffect = (details: EffectDetails) => call<number>('note_effect', { details });
export const withdrawEffect = (id: number, reason: string) => call<void>('withdraw_effect', { id, reason });

// Attachments

export type AttachSource = 'paste' | 'drop' | 'picker';

/** Sends a file's bytes as the raw IPC body (no base64, no JSON array of numbers). */
export const attachBytes = (entryId: number, bytes: Uint8Array, name: string, source: AttachSource) =>
  call<AttachmentInfo>('attach_bytes', bytes, {
    headers: {
      'x-entry-id': String(entryId),
      'x-file-name': encodeURIComponent(name),
      'x-source': source,
    },
  });

export const attachPath = (entryId: number, path: string) =>
  call<AttachmentInfo>('attach_path', { entryId, path });

// Settings and maintenance

export const getSettings = () => call<Settings>('get_settings');
export const setSettings = (settings: Settings) => call<Settings>('set_settings', { settings });
export const checkVault = () => call<CheckReport>('check_vault');
export const changePassphrase = (current: string, next: string) =>
  call<void>('change_passphrase', { current, new: next });
/** Checks `passphrase` is the current one, then makes the recovery key the next `rekey` puts in
 * use; show it before calling `rekey`. A wrong passphrase: `wrong_passphrase`, no key made. */
export const newRecoveryKey = (passphrase: string) => call<string>('new_recovery_key', { passphrase });
/** Makes a new master key and puts the shown recovery key in use. */
export const rekey = (passphrase: string) => call<void>('rekey', { passphrase });
export const backupVault = (path: string) => call<void>('backup_vault', { path });

// The format migration, offered after unlock when the diary's file is of an older format

/** What migrating would do, or null when the diary's format is current. */
export const migrationOffer = () => call<MigrationOffer | null>('migration_offer');
/** Runs the migration: a backup copy first, then one transaction. */
export const migrateVault = () => call<MigrationDone>('migrate_vault');

// Anchors outside the computer: the key card and witness codes

/** Saves the key card PDF to `path` (never over an existing file). */
export const saveKeyCard = (path: string) => call<KeyCard>('save_key_card', { path });
/** The draft witness statement (.docx) for the entries `options` choose, written to `path`. */
export const writeStatement = (options: ExportOptions, path: string) =>
  call<StatementReport>('write_statement', { options, path });
export const recordKeyCardGiven = (to: string) => call<KeyCardGiven>('record_key_card_given', { to });
export const keyCardsGiven = () => call<KeyCardGiven[]>('key_cards_given');
/** Signs a checkpoint and resolves with its witness code and a message to send with it. */
export const makeWitnessCode = () => call<MadeWitnessCode>('make_witness_code');
export const recordWitnessShared = (code: string, to: string, how: string) =>
  call<WitnessShare>('record_witness_shared', { code, to, how });
export const witnessShares = () => call<WitnessShare[]>('witness_shares');

// Long jobs: progress comes on a channel; `cancelJob` stops the one running (its promise then
// rejects with the code `cancelled`, and nothing was written).

function progressChannel<T>(onProgress: (p: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = onProgress;
  return channel;
}

export const cancelJob = () => call<boolean>('cancel_job');

// Evidence packs

export const exportPreview = (options: ExportOptions) => call<ExportPreview>('export_preview', { options });
/** Resolves only after the pack is complete on disk and logged in the diary. */
export const exportPack = (
  options: ExportOptions,
  passphrase: string | null,
  path: string,
  onProgress: (p: Progress) => void,
) => call<ExportReport>('export_pack', { options, passphrase, path, onProgress: progressChannel(onProgress) });
/** Checks a pack, against the key card's fingerprint and witness codes when given; needs no unlocked diary. */
export const verifyPack = (
  path: string,
  passphrase: string | null,
  expectedFingerprint: string | null = null,
  witnesses: string[] = [],
  identityPath: string | null = null,
) => call<CheckedPack>('verify_pack', { path, passphrase, expectedFingerprint, witnesses, identityPath });

/** A recipient card read and checked by the shell: its name, fingerprint and text. */
export const readRecipientCard = (path: string) => call<LoadedCard>('read_recipient_card', { path });

/** The recipients packs were made for before (remembered in the vault), most recent first. */
export const rememberedRecipients = () => call<RememberedRecipient[]>('remembered_recipients');

/** Makes a recipient card and its secret identity file in `folder` (a full path). */
export const makeRecipientCard = (name: string, folder: string) =>
  call<MadeRecipientCard>('make_recipient_card', { name, folder });

// Import

export const importPreview = (path: string, settings: ImportSettings) =>
  call<ImportPreview>('import_preview', { path, settings });
export const importFile = (path: string, options: ImportOptions, onProgress: (p: ImportProgress) => void) =>
  call<ImportReport>('import_file', { path, options, onProgress: progressChannel(onProgress) });
/** Adds numbers or addresses to a case person; resolves with how many were new. */
export const addIdentifiers = (personId: number, identifiers: Identifier[]) =>
  call<number>('add_identifiers', { personId, identifiers });
/** The person a typed number, address or handle belongs to, by core's one rule. */
export const matchIdentifier = (typed: string) => call<IdentifierMatch>('match_identifier', { typed });

// Images served by the shell's `casebook:` scheme, from memory. On Windows, WebView2 reaches
// custom schemes as http://<scheme>.localhost/.

function schemeBase(): string {
  const windows = typeof navigator !== 'undefined' && /windows/i.test(navigator.userAgent);
  return windows ? 'http://casebook.localhost/' : 'casebook://localhost/';
}

/** The JPEG thumbnail of an attachment (only when `has_thumbnail`). */
export function thumbnailUrl(attachmentId: number): string {
  return `${schemeBase()}thumb/${Math.trunc(attachmentId)}`;
}

/** Audio or video for the player, served a byte range at a time (playable types only). */
export function mediaUrl(attachmentId: number): string {
  return `${schemeBase()}media/${Math.trunc(attachmentId)}`;
}

/** The full-size original, for raster images only (the shell refuses anything else). */
export function originalUrl(attachmentId: number): string {
  return `${schemeBase()}original/${Math.trunc(attachmentId)}`;
}

export {
  chooseBackupPath,
  chooseExportPath,
  chooseImportFile,
  chooseKeyCardPath,
  choosePackToCheck,
  chooseStatementPath,
} from './dialog';
