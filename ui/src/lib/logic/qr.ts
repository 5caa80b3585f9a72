// Drawing a QR code whose modules core computed (casebook_core::qr::QrModules): the UI only
// draws them, as an SVG built with DOM calls (no markup strings, nothing the CSP must allow).
import type { QrModules } from '../ipc';

const SVG = 'http://www.w3.org/2000/svg';

/** Light modules left round the code, as the QR standard asks. */
export const QUIET = 4;

/**
 * SVG path data for the dark modules: one rectangle per run of dark modules in a row, in module
 * units, shifted by the quiet zone.
 */
export function qrPath(qr: QrModules): string {
  const parts: string[] = [];
  qr.rows.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x += 1;
      parts.push(`M${start + QUIET} ${y + QUIET}h${x - start}v1h${start - x}z`);
    }
  });
  return parts.join('');
}

/** Draws `qr` into `node` (replacing what was there) as a square SVG `side` CSS pixels wide. */
export function drawQr(node: Element, qr: QrModules, side: number, label: string): void {
  const n = qr.rows.length + 2 * QUIET;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${n} ${n}`);
  svg.setAttribute('width', String(side));
  svg.setAttribute('height', String(side));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const light = document.createElementNS(SVG, 'rect');
  light.setAttribute('width', String(n));
  light.setAttribute('height', String(n));
  light.setAttribute('fill', '#ffffff');
  const dark = document.createElementNS(SVG, 'path');
  dark.setAttribute('d', qrPath(qr));
  dark.setAttribute('fill', '#000000');
  svg.append(light, dark);
  node.replaceChildren(svg);
}
