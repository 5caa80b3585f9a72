import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { IdleTimer } from '../lib/logic/idle';

describe('idle timer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 2, 1, 12, 0, 0));
  });
  afterEach(() => vi.useRealTimers());

  it('fires once after the idle time', () => {
    const onIdle = vi.fn();
    new IdleTimer({ timeoutMs: 60_000, onIdle });
    vi.advanceTimersByTime(59_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(600_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('starts again on activity', () => {
    const onIdle = vi.fn();
    const t = new IdleTimer({ timeoutMs: 60_000, onIdle });
    vi.advanceTimersByTime(50_000);
    t.activity();
    vi.advanceTimersByTime(50_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('tells the shell about activity at most every 30 seconds', () => {
    const onActive = vi.fn();
    const t = new IdleTimer({ timeoutMs: 300_000, onIdle: () => {}, onActive });
    for (let i = 0; i < 100; i++) {
      vi.advanceTimersByTime(1_000);
      t.activity();
    }
    // 100 seconds of constant activity: touched at 30, 60 and 90 seconds.
    expect(onActive).toHaveBeenCalledTimes(3);
  });

  it('waits another period while firing is held back', () => {
    const onIdle = vi.fn();
    let hold = true;
    new IdleTimer({ timeoutMs: 60_000, onIdle, canFire: () => !hold });
    vi.advanceTimersByTime(180_000);
    expect(onIdle).not.toHaveBeenCalled();
    hold = false;
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('does nothing once stopped', () => {
    const onIdle = vi.fn();
    const onActive = vi.fn();
    const t = new IdleTimer({ timeoutMs: 60_000, onIdle, onActive });
    t.stop();
    vi.advanceTimersByTime(40_000);
    t.activity();
    vi.advanceTimersByTime(120_000);
    expect(onIdle).not.toHaveBeenCalled();
    expect(onActive).not.toHaveBeenCalled();
    expect(t.running).toBe(false);
  });
});
