#!/usr/bin/env bash
# The Windows leg of `make test` (alone: `make test-windows`): casebook-memory, -windows,
# -crypto, -pack, -core and -cli cross-built for Windows (x86_64-pc-windows-gnu, Debian's
# mingw-w64) and their test suites run under Wine, then a vault
# made by the Windows CLI opened by the Linux one and the reverse. The Makefile installs the
# packages and the Rust target first. Everything lives outside the checkout:
#   $WINDOWS_TARGET_DIR (default $CASEBOOK_CACHE/target-windows)   the Windows build (its own, so the Linux build stays warm)
#   $CASEBOOK_CACHE/wine             the Wine prefix (WINEPREFIX)
#   $CASEBOOK_CACHE/wine-shim        bcryptprimitives.dll, a test-only shim (never shipped)
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE=${CASEBOOK_CACHE:-$HOME/.cache/casebook}
TARGET=x86_64-pc-windows-gnu
export WINEPREFIX=$CACHE/wine WINEDEBUG=-all WINEDLLOVERRIDES="bcryptprimitives=n;winemenubuilder.exe=d"
# Debian's wine64 package puts the loader here and not on PATH.
WINE=${WINE:-$(command -v wine64 || echo /usr/lib/wine/wine64)}
wineserver=${WINESERVER:-$(dirname "$WINE")/wineserver}
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=$WINE
WIN_TARGET_DIR=${WINDOWS_TARGET_DIR:-$CACHE/target-windows}
LINUX_TARGET_DIR=${CARGO_TARGET_DIR:-$CACHE/target}
LOG=$WIN_TARGET_DIR/test-windows.log
mkdir -p "$WIN_TARGET_DIR" "$CACHE/wine-shim"

# Rust's standard library asks bcryptprimitives.dll for ProcessPrng (Windows 10 and later);
# Wine 8 has neither. The shim forwards to BCryptGenRandom. Built here, put in the prefix only.
shim=$CACHE/wine-shim/bcryptprimitives.dll
if [ ! -f "$shim" ] || [ tests/wine/bcryptprimitives.c -nt "$shim" ]; then
  echo "==> building the test-only ProcessPrng shim (tests/wine/bcryptprimitives.c)"
  x86_64-w64-mingw32-gcc -O2 -shared -o "$shim" tests/wine/bcryptprimitives.c -lbcrypt
fi
if [ ! -d "$WINEPREFIX/drive_c/windows/system32" ]; then
  echo "==> creating the Wine prefix $WINEPREFIX (once, about 15 s)"
  "$WINE" wineboot -i >/dev/null 2>&1 || true
  "$wineserver" -w || true
fi
cp -f "$shim" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
# One Wine server for the whole run (each of the ~60 test programs and every casebook.exe a CLI
# test starts would otherwise wait for a server and its services to start), stopped on the way
# out with whatever Wine processes are left, so nothing outlives the run (a hung one included).
# Its services start here, from a process whose output goes nowhere: started by the first test
# program they would hold the test log's pipe open, and the run would never end.
"$wineserver" -p || true
bridge_pid=
stop_all() {
  "$wineserver" -k >/dev/null 2>&1 || true
  [ -z "$bridge_pid" ] || kill "$bridge_pid" 2>/dev/null || true
}
trap stop_all EXIT
"$WINE" wineboot </dev/null >/dev/null 2>&1 || true

# The outside programs the tests check packs with (openssl, pdftotext, unzip, age, pandoc...):
# Wine starts a Linux program but hands back no handle to wait on, so the tests ask
# tests/wine/bridge.py, a Linux process watching a folder, to run them (crates/testtools).
bridge_dir=$CACHE/wine-bridge
rm -rf "$bridge_dir"
mkdir -p "$bridge_dir"
python3 tests/wine/bridge.py "$bridge_dir" "$WINEPREFIX" </dev/null &
bridge_pid=$!
export CASEBOOK_TEST_BRIDGE="Z:${bridge_dir//\//\\}"

# Linked by the Rust toolchain's own lld, not mingw-w64's GNU ld, which spends minutes on the ~60
# test executables of ~100 MB each (measured here at load 3.5: a cold build 341 s with lld against
# 518 s, a rebuild after a change in casebook-core 83 s against 187 s). Debian's mingw gcc always
# runs its own ld through collect2 (-fuse-ld is ignored), so gcc is given a collect2 (-B) that runs
# lld, which takes GNU ld's arguments and, seeing `-m i386pep`, links for Windows. The wrappers
# live at a fixed place in the cache: cargo rebuilds everything when the linker's path changes.
host=$(rustc -vV | sed -n 's/^host: //p')
rust_lld=$(rustc --print sysroot)/lib/rustlib/$host/bin/gcc-ld/ld.lld
[ -x "$rust_lld" ] || { echo "error: the Rust toolchain has no lld at $rust_lld" >&2; exit 1; }
lld_dir=$CACHE/mingw-lld
mkdir -p "$lld_dir"
printf '#!/bin/sh\nexec "%s" "$@"\n' "$rust_lld" >"$lld_dir/collect2.new"
printf '#!/bin/sh\nexec x86_64-w64-mingw32-gcc -B"%s" "$@"\n' "$lld_dir" >"$lld_dir/gcc-with-lld.new"
for f in collect2 gcc-with-lld; do
  chmod +x "$lld_dir/$f.new"
  if cmp -s "$lld_dir/$f.new" "$lld_dir/$f"; then rm "$lld_dir/$f.new"; else mv "$lld_dir/$f.new" "$lld_dir/$f"; fi
done
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=$lld_dir/gcc-with-lld

CRATES=(-p casebook-memory -p casebook-windows -p casebook-crypto -p casebook-pack -p casebook-core -p casebook-cli)
FEATURES=(--features casebook-cli/test-kdf)
export CARGO_TARGET_DIR=$WIN_TARGET_DIR
# No incremental state: it is a cold build in CI anyway, and it saved 1.4 GB of disk here.
export CARGO_INCREMENTAL=0
echo "==> cargo build for $TARGET (tests and the CLI), target dir $WIN_TARGET_DIR"
start=$(date +%s)
cargo test --locked --target "$TARGET" "${CRATES[@]}" "${FEATURES[@]}" --no-run
echo "    built in $(( $(date +%s) - start )) s"

echo "==> the test suites under Wine ($("$WINE" --version)); the durability harness (SIGKILL, LD_PRELOAD) and the fuzzers are Linux-only steps of make test"
start=$(date +%s)
status=0
cargo test --locked --no-fail-fast --target "$TARGET" "${CRATES[@]}" "${FEATURES[@]}" -- --skip e2e_ --skip fuzz_ --skip durability_ 2>&1 \
  | tee "$LOG" || status=$?
echo "    ran in $(( $(date +%s) - start )) s"
passed=$(grep -o '[0-9]* passed' "$LOG" | awk '{s+=$1} END {print s+0}')
failed=$(grep -o '[0-9]* failed' "$LOG" | awk '{s+=$1} END {print s+0}')
ignored=$(grep -o '[0-9]* ignored' "$LOG" | awk '{s+=$1} END {print s+0}')
filtered=$(grep -o '[0-9]* filtered out' "$LOG" | awk '{s+=$1} END {print s+0}')
echo "==> Windows (Wine) tally: $passed passed, $failed failed, $ignored skipped on Windows, $filtered filtered out (fuzz_/durability_, run on Linux)"
echo "    skipped on Windows, with reasons:"
grep -E '^test .* \.\.\. ignored' "$LOG" | sed 's/^test /      /' | sort -u || echo "      (none)"
echo "    not built for Windows (whole test binaries, #![cfg] at their top):"
echo "      casebook-cli --test durability: SIGKILLs, an LD_PRELOAD fault shim and a tmpfs full disk are Linux mechanics"
echo "      casebook-memory --test large_blocks: reads /proc/self/statm and asks mincore (Linux)"
[ "$status" = 0 ] || { echo "error: the Windows test run failed (log: $LOG)" >&2; exit "$status"; }

echo "==> one vault, both systems: made by casebook.exe under Wine, opened by the Linux casebook, and the reverse"
tests/wine/cross-vault.sh "$WIN_TARGET_DIR/$TARGET/debug/casebook.exe" "$LINUX_TARGET_DIR/debug/casebook"
