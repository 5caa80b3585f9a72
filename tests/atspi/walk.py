#!/usr/bin/python3
"""Walks the accessibility tree that a screen reader gets from the running Casebook window.

Run by tests/e2e/atspi.rs with Debian's python3 (python3-pyatspi), on the test's own X display
and D-Bus session with the AT-SPI bus started. Prints one JSON object: the count of each role,
the headings in order, and every control or image without a name (a screen reader would say
only "button" or "image" there).
"""
import json
import sys
import time

import pyatspi

# Roles a person operates; each needs a name. ("text" is also WebKit's role for plain text runs,
# so only editable text counts as a control.)
CONTROLS = {
    'push button', 'toggle button', 'check box', 'radio button', 'entry', 'password text',
    'combo box', 'list box', 'link', 'menu item', 'spin button', 'slider', 'page tab',
}
IMAGES = {'image', 'icon'}


SEEN = []


def find_app(name_part, seconds=20):
    end = time.time() + seconds
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        SEEN[:] = [(desktop.getChildAtIndex(i).name if desktop.getChildAtIndex(i) else None)
                   for i in range(desktop.childCount)]
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and name_part in (app.name or ''):
                return app
        if time.time() > end:
            return None
        time.sleep(0.25)


def main():
    app = find_app(sys.argv[1] if len(sys.argv) > 1 else 'casebook')
    if app is None:
        print(json.dumps({'error': f'the app is not on the accessibility bus (there: {SEEN})'}))
        return 2
    counts, headings, unnamed = {}, [], []
    controls = 0
    live = 0

    def visit(node, depth):
        nonlocal controls, live
        if node is None or depth > 100:
            return
        try:
            role = node.getRoleName()
            name = (node.name or '').strip()
            states = node.getState()
        except Exception:
            return
        if states.contains(pyatspi.STATE_VISIBLE) or role in ('application', 'frame'):
            counts[role] = counts.get(role, 0) + 1
            editable = states.contains(pyatspi.STATE_EDITABLE)
            if role in CONTROLS or (role == 'text' and editable):
                controls += 1
                if not name:
                    unnamed.append(role)
            if role in IMAGES and not name:
                unnamed.append(role)
            if role == 'heading':
                headings.append(name)
            try:
                if node.getAttributes() and any(a.startswith('container-live:') or a.startswith('live:')
                                               for a in node.getAttributes()):
                    live += 1
            except Exception:
                pass
        for i in range(node.childCount):
            try:
                visit(node.getChildAtIndex(i), depth + 1)
            except Exception:
                pass

    visit(app, 0)
    print(json.dumps({'counts': counts, 'controls': controls, 'live': live,
                      'headings': headings, 'unnamed': unnamed}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
