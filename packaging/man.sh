#!/usr/bin/env bash
# Writes casebook(1), gzipped, for the .deb (make package): help2man reads the built CLI's own
# --help and --version, and a COMMANDS IN DETAIL section adds each command's `casebook help CMD`,
# so the page never says something the program does not.
#   packaging/man.sh PATH/TO/casebook OUT.1.gz
set -euo pipefail
bin=$1 out=$2
include=$(mktemp)
trap 'rm -f -- "$include"' EXIT
# A vault path or passphrase file in the builder's environment must not end up in the page.
run() { env -u CASEBOOK_VAULT -u CASEBOOK_PASSPHRASE_FILE COLUMNS=100 "$bin" "$@"; }
commands=$(run --help | awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }')
[ -n "$commands" ] || { echo "man.sh: found no commands in '$bin --help'" >&2; exit 1; }
{
  echo "[COMMANDS IN DETAIL]"
  for cmd in $commands; do
    [ "$cmd" = help ] && continue
    echo ".SS casebook $cmd"
    echo ".nf"
    # Shown as written: roff's escape character and line-initial control characters are quoted,
    # and a line that is only [WORDS] would start a new help2man section.
    run help "$cmd" | sed -e 's/\\/\\e/g' -e 's/^\([.'"'"'[]\)/\\\&\1/'
    echo ".fi"
  done
} >"$include"
env -u CASEBOOK_VAULT -u CASEBOOK_PASSPHRASE_FILE COLUMNS=100 help2man --no-info --no-discard-stderr --section=1 \
  --name="an offline evidence diary for people being stalked or harassed" --include="$include" "$bin" | gzip -9n >"$out"
