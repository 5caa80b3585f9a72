// Calm, plain wording for errors.
import { toCasebookError } from '../ipc';

/** The shell's message, without a trailing full stop. */
export function errorMessage(err: unknown): string {
  return toCasebookError(err).message.trim().replace(/[.。]+$/, '');
}

/** "Something went wrong: <message>. Nothing was lost." */
export function somethingWentWrong(err: unknown): string {
  return `Something went wrong: ${errorMessage(err)}. Nothing was lost.`;
}

/** A size in bytes for people: "812 bytes", "1.4 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}
