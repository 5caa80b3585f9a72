#!/usr/bin/python3
"""The X clipboard (CLIPBOARD selection, what Ctrl+V pastes) on $DISPLAY, for the end-to-end tests.

  clip.py get          prints the clipboard's text and exits ("" when it holds none)
  clip.py hold TEXT    puts TEXT on the clipboard, prints "holding", and keeps owning it
                       until killed, as another program the person copied from would

Debian's python3 with GTK 3 through PyGObject (python3-gi, gir1.2-gtk-3.0).
"""
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, Gtk  # noqa: E402


def main() -> None:
    clipboard = Gtk.Clipboard.get(Gdk.SELECTION_CLIPBOARD)
    if sys.argv[1:2] == ["get"]:
        text = clipboard.wait_for_text()
        sys.stdout.write(text or "")
    elif sys.argv[1:2] == ["hold"] and len(sys.argv) == 3:
        clipboard.set_text(sys.argv[2], -1)
        print("holding", flush=True)
        Gtk.main()
    else:
        sys.exit(__doc__)


main()
