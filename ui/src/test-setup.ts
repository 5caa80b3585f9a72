// vitest setup: jsdom lacks a few browser APIs the UI uses; IPC mocks are cleared per test.
import { afterEach } from 'vitest';

import { resetBackend } from './lib/ipc/testing';
import { resetDiaryView, resetQuickLogDraft } from './lib/draft.svelte';
import { resetJobs } from './lib/jobs.svelte';
import { clearDiaryCache } from './lib/diaryCache';

if (typeof URL.createObjectURL !== 'function') {
  let n = 0;
  URL.createObjectURL = () => `blob:test/${++n}`;
  URL.revokeObjectURL = () => {};
}

afterEach(() => {
  resetBackend();
  resetQuickLogDraft();
  resetDiaryView();
  resetJobs();
  clearDiaryCache();
});

// jsdom has no layout: the chart's width binding needs a ResizeObserver that never fires.
if (typeof globalThis.ResizeObserver !== 'function') {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
