// The page's half of the sealed channel with the shell (src-tauri/src/sealed.rs, the crypto in
// crates/crypto/src/channel.rs). WebKit keeps copies of IPC bodies in the app process where
// Casebook cannot wipe them; sealed, those copies are ciphertext, and once Casebook locks the
// shell's key is gone and this page's process (holding the other key) is ended.
//
// Ephemeral ECDH P-256 (the private key never leaves WebCrypto: not extractable), HKDF-SHA-256
// salted with both public keys, one AES-256-GCM key per direction; a message is
// `12-byte nonce ‖ ciphertext ‖ tag`.

const enc = new TextEncoder();
const dec = new TextDecoder();

const PAGE_TO_SHELL = enc.encode('casebook ipc channel v1: page to shell');
const SHELL_TO_PAGE = enc.encode('casebook ipc channel v1: shell to page');

/** Answer tags, as the shell writes them (sealed.rs TAG_*). */
const TAG_JSON = 0;
const TAG_RAW = 1;
const TAG_ERROR = 2;

/** Which end this is: the page, or (in tests) the shell. */
export type Side = 'page' | 'shell';

export interface SealedChannel {
  seal(plain: Uint8Array): Promise<Uint8Array>;
  open(sealed: Uint8Array): Promise<Uint8Array>;
}

/** Plain `ArrayBuffer`-backed bytes, which every WebCrypto implementation accepts. */
function bytes(view: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(view.byteLength);
  out.set(view);
  return out;
}

/**
 * Makes this end's key pair, sends its public key through `exchange` (which answers with the
 * other end's), and derives the channel.
 */
export async function openChannel(
  exchange: (ownPublic: Uint8Array) => Promise<Uint8Array>,
  side: Side = 'page',
): Promise<SealedChannel> {
  const subtle = globalThis.crypto.subtle;
  const pair = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const own = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  const peer = bytes(await exchange(own));
  const peerKey = await subtle.importKey('raw', peer, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const shared = await subtle.deriveBits({ name: 'ECDH', public: peerKey }, pair.privateKey, 256);
  const ikm = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const [pagePublic, shellPublic] = side === 'page' ? [own, peer] : [peer, own];
  const salt = new Uint8Array(pagePublic.length + shellPublic.length);
  salt.set(pagePublic);
  salt.set(shellPublic, pagePublic.length);
  const derive = (info: Uint8Array<ArrayBuffer>, usage: KeyUsage) =>
    subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info }, ikm, { name: 'AES-GCM', length: 256 }, false, [
      usage,
    ]);
  const [sealKey, openKey] =
    side === 'page'
      ? [await derive(PAGE_TO_SHELL, 'encrypt'), await derive(SHELL_TO_PAGE, 'decrypt')]
      : [await derive(SHELL_TO_PAGE, 'encrypt'), await derive(PAGE_TO_SHELL, 'decrypt')];
  return {
    async seal(plain) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
      const body = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv }, sealKey, bytes(plain)));
      const out = new Uint8Array(iv.length + body.length);
      out.set(iv);
      out.set(body, iv.length);
      return out;
    },
    async open(sealed) {
      const iv = bytes(sealed.subarray(0, 12));
      return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv }, openKey, bytes(sealed.subarray(12))));
    },
  };
}

/** What a sealed request carries: the command, its headers, its JSON arguments or raw bytes. */
export function encodeCall(cmd: string, args: unknown, headers?: Record<string, string>): Uint8Array {
  const raw = args instanceof Uint8Array || args instanceof ArrayBuffer;
  const header = enc.encode(JSON.stringify({ cmd, headers: headers ?? {}, raw }));
  const body = raw ? new Uint8Array(args as ArrayBuffer) : enc.encode(args === undefined ? '' : JSON.stringify(args));
  const out = new Uint8Array(4 + header.length + body.length);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  out.set(body, 4 + header.length);
  return out;
}

/** A sealed answer, opened: the command's value, or the error it gave. */
export type Answer = { ok: true; value: unknown } | { ok: false; error: unknown };

export function decodeAnswer(plain: Uint8Array): Answer {
  const rest = plain.subarray(1);
  switch (plain[0]) {
    case TAG_JSON:
      return { ok: true, value: rest.length === 0 ? null : JSON.parse(dec.decode(rest)) };
    case TAG_RAW:
      return { ok: true, value: bytes(rest).buffer };
    case TAG_ERROR:
      return { ok: false, error: JSON.parse(dec.decode(rest)) };
    default:
      return { ok: false, error: { message: 'The shell sent an answer this page does not understand.' } };
  }
}
