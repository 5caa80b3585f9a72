// The native file dialogs (the capability allows save and open, nothing else). Each resolves
// with the chosen path, or null when the person cancels.
import { open, save } from '@tauri-apps/plugin-dialog';

/** Asks where to save a backup. */
export async function chooseBackupPath(suggestedName: string): Promise<string | null> {
  const path = await save({
    title: 'Save a backup copy',
    defaultPath: suggestedName,
    filters: [{ name: 'Backup', extensions: ['cbvault'] }],
  });
  return path ?? null;
}

/** Asks where to save an evidence pack (a ZIP, or an encrypted `.age` file for an advocate). */
export async function chooseExportPath(suggestedName: string, encrypted: boolean): Promise<string | null> {
  const path = await save({
    title: 'Save the evidence pack',
    defaultPath: suggestedName,
    filters: [
      encrypted ? { name: 'Advocate pack (web page)', extensions: ['html'] } : { name: 'ZIP file', extensions: ['zip'] },
    ],
  });
  return path ?? null;
}

/** Asks where to save the draft witness statement (a Word document). */
export async function chooseStatementPath(suggestedName: string): Promise<string | null> {
  const path = await save({
    title: 'Save the draft statement',
    defaultPath: suggestedName,
    filters: [{ name: 'Word document', extensions: ['docx'] }],
  });
  return path ?? null;
}

/** Asks where to save the key card (a one-page PDF). */
export async function chooseKeyCardPath(suggestedName: string): Promise<string | null> {
  const path = await save({
    title: 'Save the key card',
    defaultPath: suggestedName,
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  return path ?? null;
}

/** Asks for one file; never a folder or several. */
async function openOne(title: string, filters: { name: string; extensions: string[] }[]): Promise<string | null> {
  const path = await open({ title, multiple: false, directory: false, filters });
  return typeof path === 'string' ? path : null;
}

/** Asks for a pack to check. */
export const choosePackToCheck = () =>
  openOne('Choose a pack to check', [{ name: 'Evidence pack', extensions: ['zip', 'html', 'age'] }]);

/** Asks for a phone export to import. */
export const chooseImportFile = () =>
  openOne('Choose a file to import', [
    { name: 'Messages, chats and email', extensions: ['xml', 'txt', 'zip', 'eml', 'mbox', 'json', 'js'] },
  ]);
