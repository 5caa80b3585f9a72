/// <reference types="node" />
// WCAG 2.2 AA contrast, computed from the theme's own CSS variables (src/app.css), so a colour
// change that makes text or a control's edge harder to see fails here. Text needs 4.5:1 (3:1 for
// large text: 18.66 px bold or 24 px), control boundaries and the focus ring 3:1 (1.4.3, 1.4.11).
// The table is printed, so the figures can be quoted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(__dirname, '..', 'app.css'), 'utf8');

/** The :root custom properties, with var() references resolved. */
function themeColours(source: string): Map<string, string> {
  const root = /:root\s*\{([\s\S]*?)\n\}/.exec(source);
  if (!root) throw new Error('app.css has no :root block');
  const raw = new Map<string, string>();
  for (const m of (root[1] ?? '').matchAll(/--([\w-]+)\s*:\s*([^;]+);/g)) raw.set(m[1] ?? '', (m[2] ?? '').trim());
  const resolve = (v: string, depth = 0): string => {
    const name = /^var\(--([\w-]+)\)$/.exec(v)?.[1];
    if (name === undefined) return v;
    const next = raw.get(name);
    if (depth > 10 || next === undefined) throw new Error(`unresolvable ${v}`);
    return resolve(next, depth + 1);
  };
  const out = new Map<string, string>();
  for (const [k, v] of raw) {
    const value = resolve(v);
    if (/^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(value)) out.set(k, value);
  }
  return out;
}

function luminance(hex: string): number {
  const h = hex.length === 4 ? hex.replace(/^#(.)(.)(.)$/, '#$1$1$2$2$3$3') : hex;
  const channel = (i: number) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

type Kind = 'text' | 'large text' | 'boundary';
const NEED: Record<Kind, number> = { text: 4.5, 'large text': 3, boundary: 3 };

/** Every place two theme colours meet on screen, as [foreground, background, kind, where]. */
const PAIRS: [string, string, Kind, string][] = [
  ['text', 'bg', 'text', 'body text on the page'],
  ['text', 'surface', 'text', 'body text in cards and fields'],
  ['text', 'accent-soft', 'text', 'text on a current nav item or chosen kind'],
  ['text', 'warn-soft', 'text', 'text in a warning'],
  ['muted', 'bg', 'text', 'help text on the page'],
  ['muted', 'surface', 'text', 'help text in cards'],
  ['muted', 'accent-soft', 'text', 'hint in a chosen kind tile'],
  ['placeholder', 'surface', 'text', 'placeholder / empty date hint'],
  ['accent', 'surface', 'text', 'button and link text'],
  ['accent', 'bg', 'text', 'link text on the page'],
  ['accent', 'accent-soft', 'text', 'button text on hover, current nav item'],
  ['accent-text', 'accent', 'text', 'primary button text'],
  ['accent-text', 'accent-hover', 'text', 'primary button text on hover'],
  ['danger', 'surface', 'text', 'danger button text'],
  ['danger', 'bg', 'text', 'field error text'],
  ['danger', 'danger-soft', 'text', 'danger text on its tint'],
  ['danger-text', 'danger', 'text', 'danger primary button text'],
  ['ok', 'bg', 'text', '"Saved." status'],
  ['ok', 'surface', 'text', '"Saved." status in a card'],
  ['ok-strong', 'ok-soft', 'text', 'ok notice text'],
  ['danger-strong', 'danger-soft', 'text', 'error notice text'],
  ['info-strong', 'accent-soft', 'text', 'info notice text'],
  ['warn-strong', 'warn-soft', 'text', 'warning notice text'],
  ['border', 'surface', 'boundary', 'input, select, checkbox and radio edge in a card'],
  ['border', 'bg', 'boundary', 'input, checkbox and radio edge on the page'],
  ['accent', 'surface', 'boundary', 'button edge, checked checkbox/radio'],
  ['accent', 'bg', 'boundary', 'button edge on the page, checked box on the page'],
  ['surface', 'accent', 'boundary', 'radio dot ring / tick inside a checked control'],
  ['danger', 'surface', 'boundary', 'danger button edge'],
  ['focus', 'bg', 'boundary', 'focus ring on the page'],
  ['focus', 'surface', 'boundary', 'focus ring in a card'],
  ['focus', 'accent-soft', 'boundary', 'focus ring on a current nav item'],
  ['accent-text', 'focus', 'text', 'the date segment being typed'],
];

/** Colours that never carry text or a control's edge: tints used only as backgrounds, and
 *  --line, the cards' and dividers' decorative rule (a card's content, not its edge, is what
 *  one has to see). */
const BACKGROUND_ONLY = new Set(['line', 'ok-soft', 'danger-soft', 'warn-soft', 'warn', 'accent-soft', 'bg', 'surface', 'accent-hover']);

const colours = themeColours(css);
const rows = PAIRS.map(([fg, bg, kind, where]) => {
  const [a, b] = [colours.get(fg), colours.get(bg)];
  if (!a || !b) throw new Error(`--${fg} or --${bg} is not a colour in app.css :root`);
  const ratio = contrast(a, b);
  return { fg, bg, kind, where, ratio, need: NEED[kind], ok: ratio >= NEED[kind] };
});

describe('theme contrast (WCAG 2.2 AA)', () => {
  it('reads the real theme', () => {
    expect(colours.size).toBeGreaterThan(15);
    // The arithmetic itself: black on white is 21:1, and the grey GTK drew for unchecked
    // checkboxes (#c8c8c8 by the screenshot) was under 3:1 on white.
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('#c8c8c8', '#ffffff')).toBeLessThan(3);
  });

  it('every text colour and control edge meets its minimum', () => {
    const table = rows
      .map((r) => `${r.ok ? ' ' : '!'} ${r.ratio.toFixed(2).padStart(5)}:1 (need ${r.need}) --${r.fg} on --${r.bg} [${r.kind}] ${r.where}`)
      .join('\n');
    console.log(`contrast table (app.css):\n${table}`);
    expect(rows.filter((r) => !r.ok).map((r) => `--${r.fg} on --${r.bg}: ${r.ratio.toFixed(2)}:1`)).toEqual([]);
  });

  it('every colour in the theme is checked somewhere, or is a background only', () => {
    const used = new Set(PAIRS.flatMap(([fg, bg]) => [fg, bg]));
    const unchecked = [...colours.keys()].filter((k) => !used.has(k) && !BACKGROUND_ONLY.has(k));
    expect(unchecked).toEqual([]);
  });

  it('app.css uses no colour outside the theme variables', () => {
    const rules = css.replace(/:root\s*\{[\s\S]*?\n\}/, '').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(rules.match(/#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/gi) ?? []).toEqual([]);
  });

  it('the file chooser button is drawn with the theme, not the GTK theme', () => {
    const rule = /input\[type='file'\]::file-selector-button \{([^}]*)\}/.exec(css)?.[1] ?? '';
    expect(rule).toMatch(/border:\s*2px solid var\(--accent\)/);
    expect(rule).toMatch(/color:\s*var\(--accent\)/);
  });

  it('checkboxes and radio buttons are drawn with the theme edge, not the GTK theme', () => {
    const rule = /input\[type='checkbox'\], input\[type='radio'\] \{([^}]*)\}/.exec(css)?.[1] ?? '';
    expect(rule).toMatch(/appearance:\s*none/);
    expect(rule).toMatch(/border:\s*2px solid var\(--border\)/);
  });
});
