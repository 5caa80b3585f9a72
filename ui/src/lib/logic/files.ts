// Files the person pastes, drops or picks, before they are attached.
import type { AttachSource } from '../ipc';

/** Types the webview may show as a preview (never SVG: it can carry script). */
const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

export function isPreviewable(type: string): boolean {
  return PREVIEWABLE.has(type.toLowerCase());
}

/**
 * Whether a stored attachment gets a full-size view: the previewable types, and HEIC/HEIF,
 * which the shell shows as a JPEG it makes in memory (the webview cannot show HEIC; the
 * original is unchanged).
 */
export function hasFullSizeView(type: string): boolean {
  return isPreviewable(type) || type.toLowerCase() === 'image/heif';
}

/**
 * Sniffed types the shell hands to the player (core's `playable_type`); anything else is
 * listed, never played. Whether WebKit can decode it is only known when it tries: the player
 * then says "cannot play this file".
 */
const PLAYABLE: Record<string, 'audio' | 'video'> = {
  'audio/mpeg': 'audio',
  'audio/m4a': 'audio',
  'audio/aac': 'audio',
  'audio/ogg': 'audio',
  'audio/opus': 'audio',
  'audio/x-wav': 'audio',
  'audio/x-flac': 'audio',
  'audio/amr': 'audio',
  'video/mp4': 'video',
  'video/x-m4v': 'video',
  'video/quicktime': 'video',
  'video/webm': 'video',
  'video/x-matroska': 'video',
};

/** Whether an attachment of this sniffed type is played, and as sound or picture. */
export function playableKind(type: string): 'audio' | 'video' | null {
  return PLAYABLE[type.toLowerCase()] ?? null;
}

/** The largest file the app reads into memory to attach. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

const pad = (n: number) => String(n).padStart(2, '0');

/** Pasted screenshots arrive as "image.png"; give them a name that says when. */
export function nameFor(file: File, source: AttachSource, now: Date = new Date()): string {
  const name = file.name.trim();
  const generic = !name || /^image\.(png|jpe?g|gif|webp|bmp)$/i.test(name);
  if (source === 'paste' && generic) {
    const ext = (/\/(png|jpeg|gif|webp|bmp)$/i.exec(file.type)?.[1] ?? 'png').replace('jpeg', 'jpg');
    const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}.${pad(now.getMinutes())}.${pad(now.getSeconds())}`;
    return `Pasted ${stamp}.${ext}`;
  }
  return name || 'file';
}

/** Files from a paste or a drop (clipboard images come as items in some webviews). */
export function filesFrom(data: DataTransfer | null): File[] {
  if (!data) return [];
  const files = Array.from(data.files ?? []);
  if (files.length > 0) return files;
  const out: File[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind === 'file') {
      const f = item.getAsFile();
      if (f) out.push(f);
    }
  }
  return out;
}

/** A file's bytes (FileReader where Blob.arrayBuffer is missing, as in older webviews). */
export function readBytes(file: Blob): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsArrayBuffer(file);
  });
}
