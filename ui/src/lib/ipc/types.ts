// The IPC types, generated from the Rust types by ts-rs into ./bindings (never edit those by
// hand: regenerate with `cargo test --workspace export_bindings`). Everything else in the UI
// imports them from here.
export type { ActionsTaken } from './bindings/ActionsTaken';
export type { AppStatus } from './bindings/AppStatus';
export type { AttachmentInfo } from './bindings/AttachmentInfo';
export type { AttachmentMeta } from './bindings/AttachmentMeta';
export type { CallDetails } from './bindings/CallDetails';
export type { CallDirection } from './bindings/CallDirection';
export type { CaseDetails } from './bindings/CaseDetails';
export type { CheckReport } from './bindings/CheckReport';
export type { CreatedVault } from './bindings/CreatedVault';
export type { EntryFields } from './bindings/EntryFields';
export type { EntryFilter } from './bindings/EntryFilter';
export type { EntryHistory } from './bindings/EntryHistory';
export type { EntryKind } from './bindings/EntryKind';
export type { EntrySource } from './bindings/EntrySource';
export type { EntrySummary } from './bindings/EntrySummary';
export type { EntryVersion } from './bindings/EntryVersion';
export type { ExifSummary } from './bindings/ExifSummary';
export type { Identifier } from './bindings/Identifier';
export type { IdentifierKind } from './bindings/IdentifierKind';
export type { ImageInfo } from './bindings/ImageInfo';
export type { IpcError } from './bindings/IpcError';
export type { OccurredAt } from './bindings/OccurredAt';
export type { Person } from './bindings/Person';
export type { Problem } from './bindings/Problem';
export type { Retraction } from './bindings/Retraction';
export type { Settings } from './bindings/Settings';
export type { VaultInfo } from './bindings/VaultInfo';
export type { WeekCounts } from './bindings/WeekCounts';
