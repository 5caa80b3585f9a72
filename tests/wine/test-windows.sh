#!/usr/bin/env bash
# `make test-windows`: casebook-memory, -windows, -crypto, -pack, -core and -cli cross-built for Windows
# (x86_64-pc-windows-gnu, Debian's mingw-w64) and their test suites run under Wine, then a vault
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
  "${WINESERVER:-$(dirname "$WINE")/wineserver}" -w || true
fi
cp -f "$shim" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"

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
