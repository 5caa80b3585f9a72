// The save dialog for backups (the only dialog the capability allows).
import { save } from '@tauri-apps/plugin-dialog';

/** Asks where to save a backup; null when the person cancels. */
export async function chooseBackupPath(suggestedName: string): Promise<string | null> {
  const path = await save({
    title: 'Save a backup copy',
    defaultPath: suggestedName,
    filters: [{ name: 'Backup', extensions: ['cbvault'] }],
  });
  return path ?? null;
}
