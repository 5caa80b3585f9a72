/// <reference types="node" />
// The UI renders everything about the person's life as text, and runs under a strict CSP.
// This scans the source so a later change cannot quietly add a way to inject markup, an inline
// style (blocked by the CSP), or a Svelte transition (which injects a <style> at run time).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const self = __filename;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bindings' ? [] : files(path);
    return /\.(svelte|ts)$/.test(name) && path !== self ? [path] : [];
  });
}

const sources = files(root).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

function offenders(pattern: RegExp, only?: RegExp): string[] {
  return sources.filter((f) => (!only || only.test(f.path)) && pattern.test(f.text)).map((f) => f.path);
}

describe('source safety', () => {
  it('scans a real tree', () => {
    expect(sources.length).toBeGreaterThan(20);
    expect(sources.some((f) => f.path.endsWith('EntryForm.svelte'))).toBe(true);
  });

  it('never injects HTML', () => {
    expect(offenders(/\{@html/)).toEqual([]);
    expect(offenders(/innerHTML/)).toEqual([]);
    expect(offenders(/outerHTML/)).toEqual([]);
    expect(offenders(/insertAdjacentHTML/)).toEqual([]);
    expect(offenders(/document\.write/)).toEqual([]);
  });

  it('never evaluates strings as code', () => {
    expect(offenders(/\beval\s*\(/)).toEqual([]);
    expect(offenders(/new\s+Function\s*\(/)).toEqual([]);
  });

  it('has no inline styles, style directives, transitions or animations', () => {
    const svelte = /\.svelte$/;
    expect(offenders(/\sstyle\s*=/, svelte)).toEqual([]);
    expect(offenders(/\sstyle:[a-z-]+/, svelte)).toEqual([]);
    expect(offenders(/\s(transition|in|out|animate):[a-zA-Z]/, svelte)).toEqual([]);
    expect(offenders(/from\s+['"]svelte\/(transition|animate|motion)['"]/)).toEqual([]);
    expect(offenders(/setAttribute\(\s*['"]style['"]/)).toEqual([]);
  });

  it('builds no links from entry content', () => {
    expect(offenders(/href=\{/, /\.svelte$/)).toEqual([]);
    expect(offenders(/<a\s[^>]*href="(?!#)/, /\.svelte$/)).toEqual([]);
  });

  it('keeps @tauri-apps/* inside lib/ipc', () => {
    const outside = sources.filter((f) => !f.path.startsWith(join('lib', 'ipc')));
    expect(outside.filter((f) => /@tauri-apps\//.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('has an index.html with no inline script or style', () => {
    const html = readFileSync(join(root, '..', 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/https?:\/\//i);
  });
});
