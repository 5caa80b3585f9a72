// Witness codes on screen: the code in groups, and copying it.

/** "W-214-ABCD-EFGH-…" as its groups: ["W-214", "ABCD", "EFGH", …], for large spaced text. */
export function codeGroups(code: string): string[] {
  const parts = code.split('-');
  if (parts.length < 3) return [code];
  return [`${parts[0]}-${parts[1]}`, ...parts.slice(2)];
}

/** Copies `text` to the clipboard; false when this webview does not allow it. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the older way.
  }
  try {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  } catch {
    return false;
  }
}
