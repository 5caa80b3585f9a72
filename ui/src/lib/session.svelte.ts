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

/**
 * The gentle offer of a witness code after logging: shown once an entry has been saved in this
 * unlocked session, until the person takes it or dismisses it; never again that session.
 */
export const witnessOffer = $state({ saved: 0, done: false });

/** An entry was saved: the offer may show. */
export function noteEntrySaved(): void {
  witnessOffer.saved += 1;
}

/** Taken or dismissed: not shown again until the diary is locked and unlocked. */
export function closeWitnessOffer(): void {
  witnessOffer.done = true;
}

/** Locked: the next session starts without an offer. */
export function resetWitnessOffer(): void {
  witnessOffer.saved = 0;
  witnessOffer.done = false;
}
