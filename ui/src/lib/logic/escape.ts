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

/** Whether a keyboard event is a plain Escape press (not a held-down repeat). */
export function isEscape(event: Pick<KeyboardEvent, 'key' | 'repeat'>): boolean {
  return (event.key === 'Escape' || event.key === 'Esc') && !event.repeat;
}
