import { describe, expect, it } from 'vitest';

import { countsForQuickExit, createDoubleEscape, isEscape } from '../lib/logic/escape';

describe('which Escape counts towards quick exit', () => {
  it('counts a plain press, not one that closed something or a repeat', () => {
    expect(countsForQuickExit({ key: 'Escape', repeat: false, defaultPrevented: false })).toBe(true);
    expect(countsForQuickExit({ key: 'Escape', repeat: false, defaultPrevented: true })).toBe(false);
    expect(countsForQuickExit({ key: 'Escape', repeat: true, defaultPrevented: false })).toBe(false);
    expect(countsForQuickExit({ key: 'a', repeat: false, defaultPrevented: false })).toBe(false);
  });
});

describe('double Escape', () => {
  it('fires on the second press within a second', () => {
    let now = 1_000;
    const press = createDoubleEscape(1000, () => now);
    expect(press()).toBe(false);
    now += 400;
    expect(press()).toBe(true);
  });

  it('does not fire when the presses are more than a second apart', () => {
    let now = 0;
    const press = createDoubleEscape(1000, () => now);
    expect(press()).toBe(false);
    now += 1001;
    expect(press()).toBe(false);
    now += 500;
    expect(press()).toBe(true);
  });

  it('needs two fresh presses after firing', () => {
    let now = 0;
    const press = createDoubleEscape(1000, () => now);
    press();
    now += 100;
    expect(press()).toBe(true);
    now += 100;
    expect(press()).toBe(false);
    now += 100;
    expect(press()).toBe(true);
  });

  it('ignores other keys and held-down repeats', () => {
    expect(isEscape({ key: 'Escape', repeat: false })).toBe(true);
    expect(isEscape({ key: 'Esc', repeat: false })).toBe(true);
    expect(isEscape({ key: 'Escape', repeat: true })).toBe(false);
    expect(isEscape({ key: 'Enter', repeat: false })).toBe(false);
  });
});
