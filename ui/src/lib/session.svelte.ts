// Session-wide UI state shared between the app shell and screens.

/**
 * While a recovery key is on screen, auto-lock waits: it is shown only once, and the person
 * may take minutes to write it down without touching the computer. Esc twice still hides
 * and locks at once.
 */
export const autoLockHold = $state({ count: 0 });

/** Holds auto-lock from now until the returned function is called. */
export function holdAutoLock(): () => void {
  autoLockHold.count += 1;
  let released = false;
  return () => {
    if (!released) {
      released = true;
      autoLockHold.count -= 1;
    }
  };
}
