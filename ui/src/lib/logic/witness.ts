// Witness codes on screen: the code in groups, and copying it.

import * as ipc from '../ipc';

/** "W-214-ABCD-EFGH-…" as its groups: ["W-214", "ABCD", "EFGH", …], for large spaced text. */
export function codeGroups(code: string): string[] {
  const parts = code.split('-');
  if (parts.length < 3) return [code];
  return [`${parts[0]}-${parts[1]}`, ...parts.slice(2)];
}

/**
 * Copies `text` to the clipboard through the shell, so quick exit can clear it again if it is
 * still there (src-tauri/src/clipboard.rs); false when that failed. Never the page's own
 * clipboard API: a copy the shell does not know about would outlive a quick exit.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await ipc.copyText(text);
    return true;
  } catch {
    return false;
  }
}
