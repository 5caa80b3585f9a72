import { describe, expect, it } from 'vitest';

import { lockedNoticeFromHash } from '../lib/logic/lockedNotice';

describe('the notice a fresh unlock page shows', () => {
  it('says why the diary was locked', () => {
    expect(lockedNoticeFromHash('#locked=idle')).toMatch(/Locked after a while without use/);
    expect(lockedNoticeFromHash('#locked=button')).toBe('Locked.');
    expect(lockedNoticeFromHash('#locked=quick-exit')).toBe('Locked.');
  });

  it('says nothing for an ordinary start or an unknown reason', () => {
    expect(lockedNoticeFromHash('')).toBe('');
    expect(lockedNoticeFromHash('#entry-3')).toBe('');
    expect(lockedNoticeFromHash('#locked=toString')).toBe('');
    expect(lockedNoticeFromHash('#locked=<b>x</b>')).toBe('');
  });
});
