// The long jobs (making a pack, importing a file) live here, outside their screens, so the
// person can look at the diary meanwhile and come back to the progress or the result. Memory
// only; cleared when Casebook locks (locking also stops the job in the shell).
import { clearDiaryCache } from './diaryCache';
import * as ipc from './ipc';
import type { ExportOptions, ExportReport, ImportOptions, ImportProgress, ImportReport, Progress } from './ipc';
import { errorMessage } from './logic/messages';
import { holdAutoLock } from './session.svelte';

export interface JobRun<R, P> {
  running: boolean;
  /** Cancel was pressed; waiting for the shell to stop. */
  cancelling: boolean;
  progress: P | null;
  result: R | null;
  /** Set when the person cancelled (nothing was written). */
  cancelled: boolean;
  /** The shell's message when the job failed (nothing was written). */
  error: string;
}

function idle<R, P>(): JobRun<R, P> {
  return { running: false, cancelling: false, progress: null, result: null, cancelled: false, error: '' };
}

export const exportRun: JobRun<ExportReport, Progress> = $state(idle());
export const importRun: JobRun<ImportReport, ImportProgress> = $state(idle());

/** Bumped on lock: a job that ends afterwards must not bring its result back on screen. */
let generation = 0;
/** Auto-lock holds of running jobs, released on lock even if the shell never answers. */
const holds = new Set<() => void>();

async function track<R, P>(run: JobRun<R, P>, start: (onProgress: (p: P) => void) => Promise<R>): Promise<void> {
  const mine = generation;
  Object.assign(run, idle<R, P>(), { running: true });
  // The person is waiting for the job: auto-lock waits too (Esc twice still locks at once).
  const release = holdAutoLock();
  holds.add(release);
  try {
    const result = await start((p) => {
      if (mine === generation) run.progress = p;
    });
    if (mine === generation) run.result = result;
  } catch (err) {
    if (mine !== generation) return;
    const e = ipc.toCasebookError(err);
    if (e.is('cancelled')) run.cancelled = true;
    else run.error = errorMessage(e);
  } finally {
    release();
    holds.delete(release);
    if (mine === generation) {
      run.running = false;
      run.cancelling = false;
    }
  }
}

export function startExport(options: ExportOptions, passphrase: string | null, path: string): Promise<void> {
  return track(exportRun, (onProgress) => ipc.exportPack(options, passphrase, path, onProgress));
}

export function startImport(path: string, options: ImportOptions): Promise<void> {
  // New entries: the diary's kept list is out of date whether or not the import finished.
  return track(importRun, (onProgress) => ipc.importFile(path, options, onProgress)).finally(clearDiaryCache);
}

/** Asks the shell to stop the running job; its promise then settles as cancelled. */
export async function cancelJob(run: JobRun<unknown, unknown>): Promise<void> {
  if (!run.running) return;
  run.cancelling = true;
  try {
    await ipc.cancelJob();
  } catch {
    // Locked meanwhile: locking stops the job anyway.
  }
}

/** Forgets a finished job's result or error (to start again). */
export function clearRun(run: JobRun<unknown, unknown>): void {
  if (!run.running) Object.assign(run, idle());
}

/** On lock: forget everything about jobs. */
export function resetJobs(): void {
  generation += 1;
  for (const release of holds) release();
  holds.clear();
  Object.assign(exportRun, idle());
  Object.assign(importRun, idle());
}
