#!/usr/bin/env bash
# One vault, two systems (the Windows leg of make test, after the Wine test run): the Windows CLI
# under Wine makes a vault (init, add, attach, export, verify) in a folder with a non-ASCII name;
# the Linux CLI checks it, lists it, adds to it and verifies the pack; then the reverse; then a
# vault at a path over 260 characters, made on Windows and checked on Linux. Test vaults
# (CASEBOOK_INSECURE_TEST_KDF=1): both binaries are builds made for tests.
# Usage: cross-vault.sh WINDOWS_CASEBOOK_EXE LINUX_CASEBOOK
set -euo pipefail
win_exe=$1 linux=$2
wine=${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER:-/usr/lib/wine/wine64}
[ -x "$linux" ] || { echo "error: no Linux casebook at $linux (make test builds it)" >&2; exit 1; }
export CASEBOOK_INSECURE_TEST_KDF=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir="$work/Zoë's diary"
mkdir -p "$dir"
printf 'correct horse battery staple\n' >"$work/pass"
# A small PNG to attach (the repository's own icon).
photo=$(dirname "$0")/../../src-tauri/icons/32x32.png
W() { "$wine" "$win_exe" "$@"; }
L() { "$linux" "$@"; }
pf=(--passphrase-file "$work/pass")

step() { printf '    %s\n' "$*"; }

for made_by in windows linux; do
  if [ "$made_by" = windows ]; then A=W B=L; else A=L B=W; fi
  vault="$dir/$made_by.casebook"
  step "$made_by: init, add, attach, export, verify"
  $A init --vault "$vault" --new-passphrase-file "$work/pass" >/dev/null
  $A add --vault "$vault" "${pf[@]}" --kind call --title "Call from a withheld number ($made_by)" >/dev/null
  $A attach --vault "$vault" "${pf[@]}" 1 "$photo" >/dev/null
  $A export --vault "$vault" "${pf[@]}" --out "$dir/$made_by-pack.zip" >/dev/null
  $A verify "$dir/$made_by-pack.zip" >/dev/null
  other=$([ "$made_by" = windows ] && echo linux || echo windows)
  step "$other: check, list, add to the $made_by vault, verify its pack, export again"
  $B check --vault "$vault" "${pf[@]}" >/dev/null
  $B list --vault "$vault" "${pf[@]}" >"$work/list"
  grep -q "Call from a withheld number ($made_by)" "$work/list"
  $B add --vault "$vault" "${pf[@]}" --kind sighting --title "Seen outside work ($other)" >/dev/null
  $B verify "$dir/$made_by-pack.zip" >/dev/null
  $B export --vault "$vault" "${pf[@]}" --out "$dir/$made_by-then-$other.zip" >/dev/null
  step "$made_by again: check the vault and verify the pack $other made"
  $A check --vault "$vault" "${pf[@]}" >/dev/null
  $A verify "$dir/$made_by-then-$other.zip" >/dev/null
done
echo "    both ways: a vault made on either system opens, checks, grows and exports on the other"

# A path longer than Windows' classic 260-character limit (MAX_PATH), e.g. a diary deep in a
# synced folder. Wine does not enforce that limit, so this proves the Windows build handles such a
# path end to end, not that real Windows lets it; the hosted-runner workflow runs on real Windows.
deep=$dir
for i in 1 2 3 4 5 6; do deep="$deep/a-folder-with-a-rather-long-name-for-the-diary-$i"; done
mkdir -p "$deep"
long=$deep/vault.casebook
step "windows: a vault at a path of ${#long} characters (over 260): init, add, attach, export, verify; linux checks it"
[ "${#long}" -gt 260 ] || { echo "error: the long path is only ${#long} characters" >&2; exit 1; }
W init --vault "$long" --new-passphrase-file "$work/pass" >/dev/null
W add --vault "$long" "${pf[@]}" --kind call --title "Call at a long path" >/dev/null
W attach --vault "$long" "${pf[@]}" 1 "$photo" >/dev/null
W export --vault "$long" "${pf[@]}" --out "$deep/pack.zip" >/dev/null
W verify "$deep/pack.zip" >/dev/null
W check --vault "$long" "${pf[@]}" >/dev/null
L check --vault "$long" "${pf[@]}" >/dev/null
L list --vault "$long" "${pf[@]}" | grep -q "Call at a long path"
