import { describe, expect, it } from 'vitest';

import { isZoomKey, zoomForKey } from '../lib/logic/zoom';

const ctrl = (key: string) => ({ key, ctrlKey: true, metaKey: false, altKey: false });

describe('zoom keys', () => {
  it('steps up and down by 25% between 100% and 200%, and Ctrl+0 resets', () => {
    expect(zoomForKey(ctrl('='), 100)).toBe(125);
    expect(zoomForKey(ctrl('+'), 175)).toBe(200);
    expect(zoomForKey(ctrl('='), 200)).toBeNull();
    expect(zoomForKey(ctrl('-'), 150)).toBe(125);
    expect(zoomForKey(ctrl('-'), 100)).toBeNull();
    expect(zoomForKey(ctrl('0'), 175)).toBe(100);
    expect(zoomForKey(ctrl('0'), 100)).toBeNull();
  });

  it('starts from the nearest step for a stored value between steps', () => {
    expect(zoomForKey(ctrl('='), 130)).toBe(150);
    expect(zoomForKey(ctrl('-'), 190)).toBe(175);
  });

  it('ignores keys without Ctrl, and Ctrl+Alt', () => {
    expect(zoomForKey({ key: '=', ctrlKey: false, metaKey: false, altKey: false }, 100)).toBeNull();
    expect(zoomForKey({ key: '=', ctrlKey: true, metaKey: false, altKey: true }, 100)).toBeNull();
    expect(isZoomKey(ctrl('='))).toBe(true);
    expect(isZoomKey(ctrl('s'))).toBe(false);
  });
});
