// The quick-log draft lives here, outside the component, so moving to the diary and back
// never loses a word. It is memory only, and cleared when Casebook locks.
import type { AttachSource } from './ipc';
import { emptyForm, type EntryForm } from './logic/entryForm';

export interface PendingFile {
  key: number;
  file: File;
  /** The name it will be stored under. */
  name: string;
  source: AttachSource;
  /** A blob: URL for a raster image preview, or null. */
  previewUrl: string | null;
  /** Why it could not be attached last time, if it failed. */
  error: string;
}

export interface Draft {
  form: EntryForm;
  pending: PendingFile[];
  /** The person has typed or picked something since the form was last reset. */
  touched: boolean;
}

export function newDraft(form: EntryForm = emptyForm()): Draft {
  return { form, pending: [], touched: false };
}

export const quickLogDraft: Draft = $state(newDraft());

export function releasePreviews(pending: readonly PendingFile[]): void {
  for (const p of pending) if (p.previewUrl) URL.revokeObjectURL(p.previewUrl);
}

/** Empties the quick-log draft (after saving, and on lock). */
export function resetQuickLogDraft(): void {
  releasePreviews(quickLogDraft.pending);
  quickLogDraft.form = emptyForm();
  quickLogDraft.pending = [];
  quickLogDraft.touched = false;
}

/** The diary's filters, kept while moving between screens (cleared on lock). */
export interface DiaryView {
  kind: string;
  personId: string;
  from: string;
  to: string;
  search: string;
  order: 'newest_first' | 'oldest_first';
}

export function newDiaryView(): DiaryView {
  return { kind: '', personId: '', from: '', to: '', search: '', order: 'newest_first' };
}

export const diaryView: DiaryView = $state(newDiaryView());

export function resetDiaryView(): void {
  Object.assign(diaryView, newDiaryView());
}
