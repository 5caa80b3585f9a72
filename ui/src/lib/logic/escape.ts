// Quick exit: Escape pressed twice within a second locks and hides Casebook at once.

export const DOUBLE_ESCAPE_MS = 1000;

/** Feed it every Escape press; it answers true on the second one within `windowMs`. */
export function createDoubleEscape(windowMs = DOUBLE_ESCAPE_MS, now: () => number = () => Date.now()) {
  let last = -Infinity;
  return function press(): boolean {
    const t = now();
    if (t - last <= windowMs) {
      last = -Infinity;
      return true;
    }
    last = t;
    return false;
  };
}

/**
 * Whether an Escape press counts towards quick exit: a plain press (not a held-down repeat) that
 * nothing else took. An Escape that closes something open (the full-size image viewer, a
 * dialog) calls `preventDefault()` in a capture listener, so it only closes that and never
 * counts as the first of the two presses.
 */
export function countsForQuickExit(event: Pick<KeyboardEvent, 'key' | 'repeat' | 'defaultPrevented'>): boolean {
  return isEscape(event) && !event.defaultPrevented;
}

/** Whether a keyboard event is a plain Escape press (not a held-down repeat). */
export function isEscape(event: Pick<KeyboardEvent, 'key' | 'repeat'>): boolean {
  return (event.key === 'Escape' || event.key === 'Esc') && !event.repeat;
}
