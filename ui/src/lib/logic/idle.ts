// Auto-lock after the person stops using the app, and the "still here" signal to the shell.
//
// The shell locks on its own too (the next command after the idle time finds it locked), so
// a frozen or closed UI cannot keep the diary open; this timer makes the lock visible at once.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Tell the shell about activity at most this often. */
export const TOUCH_EVERY_MS = 30_000;

export interface IdleOptions {
  /** Idle time before `onIdle`, in milliseconds. */
  timeoutMs: number;
  onIdle: () => void;
  /** Called at most once per TOUCH_EVERY_MS while the person is active. */
  onActive?: () => void;
  /** Asked when the time is up; false waits another full period instead of firing. */
  canFire?: () => boolean;
  clock?: Clock;
  touchEveryMs?: number;
}

/** Fires `onIdle` once after `timeoutMs` without `activity()`; `stop()` ends it. */
export class IdleTimer {
  private handle: unknown = null;
  private lastTouch = -Infinity;
  private stopped = false;
  private readonly clock: Clock;
  private readonly touchEveryMs: number;

  constructor(private readonly options: IdleOptions) {
    this.clock = options.clock ?? realClock;
    this.touchEveryMs = options.touchEveryMs ?? TOUCH_EVERY_MS;
    this.lastTouch = this.clock.now();
    this.arm();
  }

  private arm(): void {
    if (this.handle !== null) this.clock.clearTimeout(this.handle);
    this.handle = this.clock.setTimeout(() => {
      this.handle = null;
      if (!this.stopped && this.options.canFire && !this.options.canFire()) {
        this.arm();
        return;
      }
      if (!this.stopped) {
        this.stopped = true;
        this.options.onIdle();
      }
    }, Math.max(1000, this.options.timeoutMs));
  }

  /** The person did something: start the idle time again, and tell the shell if due. */
  activity(): void {
    if (this.stopped) return;
    this.arm();
    const now = this.clock.now();
    if (now - this.lastTouch >= this.touchEveryMs) {
      this.lastTouch = now;
      this.options.onActive?.();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.handle !== null) this.clock.clearTimeout(this.handle);
    this.handle = null;
  }

  get running(): boolean {
    return !this.stopped;
  }
}
