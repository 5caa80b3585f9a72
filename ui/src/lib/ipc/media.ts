// Audio and video for the entry view's player.
//
// WebKitGTK's media player (GStreamer) cannot read from an app's own URI scheme: it fails with
// MEDIA_ERR_SRC_NOT_SUPPORTED (WebKit bug 146351). So the page fetches the recording through
// `casebook://localhost/media/ID` in byte ranges (the shell decrypts only the chunks each range
// needs, at most 4 MiB at a time) and hands the player a blob: URL of the pieces, held in the
// web process's memory only while the entry is open. Files larger than MAX_PLAY_BYTES are not
// loaded at all: the entry says so in a sentence, and they can be exported to play elsewhere.

import { mediaUrl } from './index';

/** The largest recording or video played inside the app (the same bound as full-size images). */
export const MAX_PLAY_BYTES = 64 * 1024 * 1024;

/** Why a recording could not be loaded for the player. */
export class MediaLoadError extends Error {}

/**
 * Fetches attachment `id` (`size` bytes) through the casebook scheme, one range at a time, and
 * returns a blob: URL for the player. The caller revokes it (URL.revokeObjectURL) when done.
 */
export async function loadMedia(id: number, size: number): Promise<string> {
  if (size > MAX_PLAY_BYTES) throw new MediaLoadError('too large to play inside Casebook');
  const parts: ArrayBuffer[] = [];
  let type = '';
  let at = 0;
  while (at < size) {
    const res = await fetch(mediaUrl(id), { headers: { Range: `bytes=${at}-` }, cache: 'no-store' });
    if (res.status !== 206 && res.status !== 200) throw new MediaLoadError(`the file could not be read (${res.status})`);
    const piece = await res.arrayBuffer();
    if (piece.byteLength === 0) throw new MediaLoadError('the file ended early');
    type = res.headers.get('Content-Type') ?? type;
    parts.push(piece);
    at += piece.byteLength;
    if (res.status === 200) break;
  }
  return URL.createObjectURL(new Blob(parts, { type }));
}
