// The app's own zoom, kept in settings (the shell applies it to the webview when the window
// opens and whenever it changes). Steps of 25%, from 100% (the system's own scaling) to 200%.

export const ZOOM_STEPS = [100, 125, 150, 175, 200] as const;
export const MIN_ZOOM = 100;
export const MAX_ZOOM = 200;

/** The nearest step to a stored value (a hand-edited settings file may hold anything). */
function nearestIndex(percent: number): number {
  let best = 0;
  ZOOM_STEPS.forEach((s, i) => {
    if (Math.abs(s - percent) < Math.abs((ZOOM_STEPS[best] ?? MIN_ZOOM) - percent)) best = i;
  });
  return best;
}

/**
 * The zoom a key press asks for: Ctrl with = or + zooms in a step, Ctrl with - zooms out,
 * Ctrl with 0 goes back to 100%. Null for every other key, and at either end of the range.
 */
export function zoomForKey(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  current: number,
): number | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const i = nearestIndex(current);
  let next: number | undefined;
  if (event.key === '=' || event.key === '+') next = ZOOM_STEPS[Math.min(i + 1, ZOOM_STEPS.length - 1)];
  else if (event.key === '-' || event.key === '_') next = ZOOM_STEPS[Math.max(i - 1, 0)];
  else if (event.key === '0') next = MIN_ZOOM;
  return next === undefined || next === current ? null : next;
}

/** Whether a key press is one of the zoom keys (so the page does not also act on it). */
export function isZoomKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && ['=', '+', '-', '_', '0'].includes(event.key);
}
