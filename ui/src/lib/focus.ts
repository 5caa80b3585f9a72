// Moves keyboard focus when a screen or panel appears, so keyboard and screen-reader users
// land where the new content starts.
export function focusOnMount(node: HTMLElement, enabled: boolean = true) {
  if (enabled) queueMicrotask(() => node.focus());
}
