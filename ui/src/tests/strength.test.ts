import { describe, expect, it } from 'vitest';

import { estimateStrength, MIN_LENGTH } from '../lib/logic/strength';

describe('passphrase strength', () => {
  it('calls an empty passphrase unacceptable', () => {
    const s = estimateStrength('');
    expect(s.score).toBe(0);
    expect(s.acceptable).toBe(false);
  });

  it('treats the most common passwords as very easy to guess, even with leetspeak', () => {
    for (const p of ['password', 'Password', 'P@ssw0rd', 'qwertyuiop', 'iloveyou', '123456789', 'aaaaaaaaaaaa']) {
      const s = estimateStrength(p);
      expect(s.score, p).toBe(0);
      expect(s.acceptable, p).toBe(false);
      expect(s.label).toBe('Very easy to guess');
    }
  });

  it('refuses anything shorter than the minimum, however varied', () => {
    const s = estimateStrength('Xq7#pL2');
    expect(s.acceptable).toBe(false);
    expect(s.score).toBeLessThanOrEqual(1);
    expect(s.advice).toContain(String(MIN_LENGTH));
  });

  it('gives little credit for runs and repeats', () => {
    expect(estimateStrength('abcdefghijkl').score).toBeLessThan(2);
    expect(estimateStrength('123412341234').score).toBeLessThan(2);
    expect(estimateStrength('catcatcatcat').acceptable).toBe(false);
  });

  it('rates four unrelated words as strong enough', () => {
    const s = estimateStrength('lamp orbit velvet cider');
    expect(s.acceptable).toBe(true);
    expect(s.score).toBeGreaterThanOrEqual(3);
  });

  it('counts common words inside a passphrase as one guess each', () => {
    const common = estimateStrength('password123football');
    const random = estimateStrength('xvqtrmplkzwhbn');
    expect(common.bits).toBeLessThan(random.bits);
    expect(common.advice).toMatch(/common words/);
  });

  it('gets stronger as it gets longer', () => {
    const a = estimateStrength('tulip');
    const b = estimateStrength('tulip granite');
    const c = estimateStrength('tulip granite harbour quiet');
    expect(a.bits).toBeLessThan(b.bits);
    expect(b.bits).toBeLessThan(c.bits);
  });

  it('uses plain words, never numbers or jargon, for the label', () => {
    const labels = new Set(['Very easy to guess', 'Easy to guess', 'Fair', 'Good', 'Strong']);
    for (const p of ['a', 'correct horse', 'Tr0ub4dor&3', 'lamp orbit velvet cider marble']) {
      expect(labels.has(estimateStrength(p).label)).toBe(true);
    }
  });
});
