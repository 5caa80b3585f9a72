#!/usr/bin/env python3
"""The Linux side of the test bridge (crates/testtools): runs outside programs for tests that
run under Wine, which can start a Linux program but cannot wait for it.

Usage: bridge.py FOLDER WINEPREFIX

Watches FOLDER for ID.req files (NUL-separated: working folder, program, arguments; ID.in is
the standard input if present), runs each program with Windows paths (C:\\..., Z:\\...,
\\\\?\\C:\\...) in its arguments and working folder turned into the Linux paths the prefix maps
them to, and answers with ID.out, ID.err and last ID.code, each written under a temporary name
and renamed. Two requests run at once (the tests run two threads). Stops when FOLDER is removed
or on SIGTERM.
"""
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

FOLDER, PREFIX = sys.argv[1], sys.argv[2]
# A drive-letter path anywhere in an argument (after "file://", "--out=", or alone), with or
# without the \\?\ prefix; it runs to the end of the argument. The letter must not follow another
# letter or digit, or "file://C:\..." would be read as drive E.
WINDOWS_PATH = re.compile(r"(?:\\\\\?\\)?(?<![A-Za-z0-9])([A-Za-z]):[\\/](.*)$", re.S)
TIME_LIMIT = 600


def drive_root(letter):
    """Where the prefix maps a drive letter (dosdevices/c: -> ../drive_c, z: -> /)."""
    return os.path.realpath(os.path.join(PREFIX, "dosdevices", letter.lower() + ":"))


def to_unix(text):
    match = WINDOWS_PATH.search(text)
    if not match:
        return text
    rest = match.group(2).replace("\\", "/")
    return text[: match.start()] + os.path.join(drive_root(match.group(1)), rest)


def put(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


def answer(req_id):
    base = os.path.join(FOLDER, req_id)
    try:
        run(base)
    except Exception as e:  # an answer, whatever happens: the test is waiting for it
        put(base + ".out", b"")
        put(base + ".err", ("bridge: %r" % e).encode())
        put(base + ".code", b"125")


def run(base):
    with open(base + ".req", "rb") as f:
        fields = f.read().decode("utf-8").split("\0")
    os.remove(base + ".req")
    cwd, program, args = to_unix(fields[0]), fields[1], [to_unix(a) for a in fields[2:]]
    stdin = None
    if os.path.exists(base + ".in"):
        with open(base + ".in", "rb") as f:
            stdin = f.read()
    try:
        done = subprocess.run(
            [program] + args, cwd=cwd, input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True, timeout=TIME_LIMIT,
        )
        out, err, code = done.stdout, done.stderr, done.returncode
        if code < 0:  # killed by a signal, as a shell reports it
            code = 128 - code
    except FileNotFoundError as e:
        if e.filename != program:
            raise
        out, err, code = b"", ("bridge: not found: %s (%s)" % (program, e)).encode(), 127
    except subprocess.TimeoutExpired:
        out, err, code = b"", ("bridge: %s ran over %d s" % (program, TIME_LIMIT)).encode(), 124
    put(base + ".out", out)
    put(base + ".err", err)
    put(base + ".code", str(code).encode())


def main():
    taken = set()
    with ThreadPoolExecutor(max_workers=2) as pool:
        while os.path.isdir(FOLDER):
            for name in os.listdir(FOLDER):
                if name.endswith(".req") and name not in taken:
                    taken.add(name)
                    pool.submit(answer, name[: -len(".req")])
            time.sleep(0.005)


if __name__ == "__main__":
    main()
