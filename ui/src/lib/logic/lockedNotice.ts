/**
 * Locking replaces the whole page (the shell ends the web process that showed the diary and
 * loads a fresh one, see src-tauri/src/fresh_page.rs), so the old page cannot say why it was
 * locked. The shell puts the reason in the new page's address, `#locked=idle`; this turns it
 * into the unlock screen's notice.
 */
export const IDLE_NOTICE = 'Locked after a while without use. Your entries are safe.';

const NOTICES = new Map<string, string>([
  ['button', 'Locked.'],
  ['quick-exit', 'Locked.'],
  ['idle', IDLE_NOTICE],
]);

/** The notice for a `location.hash` such as `#locked=idle`; '' when it names no lock. */
export function lockedNoticeFromHash(hash: string): string {
  const why = new URLSearchParams(hash.replace(/^#/, '')).get('locked');
  return (why !== null && NOTICES.get(why)) || '';
}
