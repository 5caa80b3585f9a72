// Drawing the diary without making the browser lay the page out before it has to.
//
// Opening the diary (after every save) builds the whole screen at once: the charts, the day ×
// hour grid and a page of the timeline. Reading an element's size while that is being built
// (Svelte's `bind:clientWidth` reads it as the element appears) makes WebKit lay out the whole
// page there and then, before the new entry can be shown; and what nobody sees on the first
// frame (the charts' tables for screen readers) need not be built before it.

/**
 * Tells `onWidth` the width of the element's content (CSS pixels) each time it
 * changes, from a ResizeObserver only: it reports after the browser's own layout, before that
 * frame is painted, so nothing is laid out early and the first frame already has the width.
 */
export function watchWidth(node: HTMLElement, onWidth: (width: number) => void) {
  if (typeof ResizeObserver === 'undefined') return {};
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const box = entry.contentBoxSize?.[0];
      onWidth(box ? box.inlineSize : entry.contentRect.width);
    }
  });
  observer.observe(node);
  return { destroy: () => observer.disconnect() };
}

/**
 * Runs `then` once the frame being prepared has been painted: at the start of the frame after it
 * (two animation frames), so that the first frame is painted without waiting for it. Returns a
 * function that cancels it.
 */
export function afterPaint(then: () => void): () => void {
  let frame = requestAnimationFrame(() => {
    frame = requestAnimationFrame(then);
  });
  return () => cancelAnimationFrame(frame);
}
