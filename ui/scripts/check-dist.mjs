// Runs after `vite build`: the app loads under a CSP with no 'unsafe-inline', so the built
// page must have no inline script or style, no style attributes, and nothing from outside.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const problems = [];

for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (!/\bsrc=/.test(m[1]) || m[2].trim()) problems.push(`inline script: ${m[0].slice(0, 80)}`);
}
if (/<style\b/i.test(html)) problems.push('inline <style> element');
if (/\sstyle\s*=/i.test(html)) problems.push('style="" attribute');
if (/\son[a-z]+\s*=/i.test(html)) problems.push('inline event handler attribute');
if (/(src|href)\s*=\s*["']?(https?:)?\/\//i.test(html)) problems.push('a resource from another origin');

const assets = readdirSync(join(dist, 'assets'));
if (assets.some((f) => /\.(woff2?|ttf|otf)$/.test(f))) problems.push('a web font was bundled (use the system font stack)');
for (const f of assets.filter((a) => a.endsWith('.css'))) {
  const css = readFileSync(join(dist, 'assets', f), 'utf8');
  if (/@import|url\(\s*["']?(https?:|data:)/i.test(css)) problems.push(`${f}: imports or data:/remote URLs in CSS`);
}
for (const f of assets.filter((a) => a.endsWith('.js'))) {
  const js = readFileSync(join(dist, 'assets', f), 'utf8');
  if (/\beval\(|new Function\(/.test(js)) problems.push(`${f}: eval or new Function`);
}

if (problems.length > 0) {
  console.error(`dist/ would break the app's Content-Security-Policy:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('dist/: no inline script or style, nothing from outside (CSP-safe)');
