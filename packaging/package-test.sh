#!/usr/bin/env bash
# make package-test: the .deb installed the way a person would, on a clean Debian 12.
#
#   packaging/package-test.sh PATH/TO/casebook_VERSION_amd64.deb SCREENSHOT_DIR
#
# 1. A clean Debian 12 (bookworm) root from debootstrap (minbase), cached as a tarball under
#    ~/.cache/casebook so a rerun only unpacks it.
# 2. `apt-get install ./casebook_*.deb` inside it (chroot): apt must find every dependency from the
#    package's own Depends.
# 3. A vault made with the installed `casebook` CLI; the app started from its desktop file's Exec
#    line on an Xvfb display, until its window shows the unlock screen (screenshot
#    SCREENSHOT_DIR/package-unlock.png); `casebook --version`.
# 4. `apt-get remove --purge casebook`: the programs are gone, the vault is byte for byte as before.
#
# Needs root (debootstrap, chroot, mounts). Everything runs in a private mount namespace, so no
# mount made here can outlive the script or show on the host, and the root is removed at the end.
set -euo pipefail

if [ "${1:-}" != --in-namespace ]; then
  [ "$(id -u)" = 0 ] || { echo "package-test: needs root (debootstrap, chroot, mounts)" >&2; exit 1; }
  exec unshare --mount --propagation private "$0" --in-namespace "$@"
fi
shift
deb=$(readlink -f "$1")
screens=$(mkdir -p "$2" && cd "$2" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${CASEBOOK_CACHE_DIR:-$HOME/.cache/casebook}
base=$cache/debian12-minbase.tar.gz
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
started=$(date +%s)
step() { printf '==> [%4ss] %s\n' "$(($(date +%s) - started))" "$*"; }

# 1. The clean root: debootstrap once, then the cached tarball.
if [ ! -s "$base" ]; then
  step "debootstrap --variant=minbase bookworm (once; cached as $base)"
  fresh=$(mktemp -d /var/tmp/casebook-debootstrap.XXXXXX)
  debootstrap --variant=minbase bookworm "$fresh" "$mirror" >"$fresh.log" 2>&1 ||
    { tail -20 "$fresh.log" >&2; exit 1; }
  mkdir -p "$cache"
  tar -C "$fresh" --numeric-owner -czf "$base.partial" . && mv -f "$base.partial" "$base"
  rm -rf --one-file-system -- "$fresh" "$fresh.log"
fi
root=$(mktemp -d /var/tmp/casebook-root.XXXXXX)
app_pid="" xvfb_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  # Innermost first; the namespace drops any mount left when this process ends anyway.
  for m in $(findmnt -rn -o TARGET | grep -F "$root" | sort -r); do umount -l "$m" 2>/dev/null || true; done
  if findmnt -rn -o TARGET | grep -qF "$root"; then
    echo "package-test: mounts are left under $root; not removing it" >&2
  else
    rm -rf --one-file-system -- "$root"
  fi
}
trap cleanup EXIT
step "unpacking the clean Debian 12 root ($base) into $root"
tar -C "$root" --numeric-owner -xzf "$base"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
mount -t tmpfs -o mode=1777 tmp "$root/tmp"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
in_root() { chroot "$root" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# 2. Install the package with apt, as a person would.
cp "$deb" "$root/tmp/"
step "apt-get install ./$(basename "$deb") (in the clean root)"
in_root apt-get update -q >"$root/tmp/apt-update.log" 2>&1 || { tail -20 "$root/tmp/apt-update.log" >&2; exit 1; }
in_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/$(basename "$deb")" >"$root/tmp/apt-install.log" 2>&1 ||
  { tail -30 "$root/tmp/apt-install.log" >&2; exit 1; }
grep -E '^(Setting up casebook|[0-9]+ upgraded)' "$root/tmp/apt-install.log" | sed 's/^/    /'
in_root dpkg -L casebook | grep -E '^/usr/(bin|share/applications|share/man|share/icons/hicolor/128x128)' | sed 's/^/    /'

# 3. A vault, then the app from the desktop file's Exec line, on Xvfb.
step "casebook init (the installed CLI makes a vault at the default place)"
printf '%s\n' 'package test passphrase, not a real one' >"$root/tmp/passphrase"
in_root casebook init --new-passphrase-file /tmp/passphrase >/dev/null
in_root casebook --passphrase-file /tmp/passphrase add --kind other --title 'Made before the package was removed' \
  --narrative 'It must still be here afterwards.' >/dev/null
vault=$root/root/.local/share/casebook/vault.casebook
[ -s "$vault" ] || { echo "package-test: no vault at ${vault#"$root"}" >&2; exit 1; }

desktop=$(in_root dpkg -L casebook | grep -E '^/usr/share/applications/.*\.desktop$' | head -1)
exec_line=$(sed -n 's/^Exec=//p' "$root$desktop" | head -1 | sed 's/ *%[fFuUick]//g')
step "starting the app from $desktop: Exec=$exec_line"
display=:$((90 + RANDOM % 9))
mkdir -p "$root/tmp/.X11-unix"
Xvfb "$display" -screen 0 1100x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.2; done
mkdir -p -m 0700 "$root/tmp/runtime"
chroot "$root" env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY="$display" XDG_RUNTIME_DIR=/tmp/runtime \
  sh -c "exec $exec_line" >"$root/tmp/app.log" 2>&1 &
app_pid=$!
shot=$screens/package-unlock.png
for _ in $(seq 60); do
  sleep 1
  kill -0 "$app_pid" 2>/dev/null || { echo "package-test: the app exited:" >&2; tail -20 "$root/tmp/app.log" >&2; exit 1; }
  xwininfo -root -tree -display "$display" 2>/dev/null | grep -q '"Casebook"' && break
done
# The window is mapped before the web view has drawn; give it time to show the unlock screen.
sleep 8
xwd -root -silent -display "$display" >"$root/tmp/screen.xwd"
python3 "$here/xwd2png.py" "$root/tmp/screen.xwd" "$shot"
step "the app is up (window \"Casebook\"); screenshot: $shot"
kill "$app_pid" && wait "$app_pid" 2>/dev/null || true
app_pid=""
step "casebook --version (the installed CLI)"
in_root casebook --version | sed 's/^/    /'
man=$root/usr/share/man/man1/casebook.1.gz
[ -s "$man" ] || { echo "package-test: no man page casebook(1)" >&2; exit 1; }
echo "    man page: /usr/share/man/man1/casebook.1.gz ($(zcat "$man" | grep -c '^\.SS') commands described)"

# 4. Remove the package; the vault stays exactly as it was.
before=$(sha256sum <"$vault" | cut -d' ' -f1)
step "apt-get remove --purge casebook (vault sha256 before: $before)"
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -q casebook' >"$root/tmp/apt-remove.log" 2>&1 ||
  { tail -20 "$root/tmp/apt-remove.log" >&2; exit 1; }
grep -E '^Removing|^Purging' "$root/tmp/apt-remove.log" | sed 's/^/    /'
for gone in /usr/bin/casebook /usr/bin/casebook-app "$desktop"; do
  [ ! -e "$root$gone" ] || { echo "package-test: $gone is still there after removal" >&2; exit 1; }
done
after=$(sha256sum <"$vault" | cut -d' ' -f1)
[ "$before" = "$after" ] || { echo "package-test: the vault changed on removal ($before -> $after)" >&2; exit 1; }
echo "    vault sha256 after:  $after (unchanged); programs and menu entry gone"
step "package-test passed in $(($(date +%s) - started)) s"
