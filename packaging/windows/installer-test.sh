#!/usr/bin/env bash
# make package-windows, after makensis: what can be checked of the Windows app and its installer
# on Debian. The app itself cannot run here (Tauri on Windows draws with Microsoft's WebView2,
# which Wine does not have), so this checks everything around it:
#
#   packaging/windows/installer-test.sh SETUP.EXE CASEBOOK-APP.EXE CASEBOOK.EXE WEBVIEW2LOADER.DLL UI_DIST
#
# 1. The installer's contents (7z lists and unpacks NSIS installers): exactly the app, the CLI,
#    WebView2Loader.dll and the uninstaller, the first three byte for byte the files built.
# 2. Each .exe's imports (objdump -p): only DLLs every Windows 10 and 11 has, plus
#    WebView2Loader.dll, which the installer ships; no mingw runtime DLL (libgcc_s, libwinpthread,
#    libstdc++); the app a GUI program (no console window), the CLI a console one.
# 3. The UI bundle is embedded in the app: every file of ui/dist is named in the .exe (Tauri's
#    asset table; the contents themselves are brotli-compressed).
# 4. Under Wine, in a throw-away prefix: `setup.exe /S` places the files under
#    %LOCALAPPDATA%\Programs\Casebook, the Start-menu shortcut and the Apps entry; the installed
#    casebook.exe makes a real vault at its default place (%LOCALAPPDATA%\casebook\data) and adds
#    an entry; `uninstall.exe /S` removes the programs, the shortcut and the entry, and leaves the
#    vault (SHA-256 before and after) and a file the person put in the install folder.
set -euo pipefail
setup=$(readlink -f "$1") app=$(readlink -f "$2") cli=$(readlink -f "$3") loader=$(readlink -f "$4")
dist=$(readlink -f "$5")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
wine=${WINE:-$(command -v wine64 || echo /usr/lib/wine/wine64)}
wineserver=${WINESERVER:-$(dirname "$wine")/wineserver}
work=$(mktemp -d "${TMPDIR:-/tmp}/casebook-installer-test.XXXXXX")
cleanup() {
  [ -d "$work/prefix" ] && WINEPREFIX=$work/prefix "$wineserver" -k 2>/dev/null || true
  rm -rf -- "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "==> $*"; }

step "1. contents of $(basename "$setup") ($(stat -c %s "$setup") bytes)"
7z l -slt "$setup" >"$work/list"
listed=$(sed -n 's/^Path = //p' "$work/list" | tail -n +2 | sort | tr '\n' ' ')
expected="WebView2Loader.dll casebook-app.exe casebook.exe uninstall.exe "
[ "$listed" = "$expected" ] || fail "the installer holds '$listed', expected '$expected'"
for pair in "casebook-app.exe:$app" "casebook.exe:$cli" "WebView2Loader.dll:$loader"; do
  name=${pair%%:*} file=${pair#*:}
  packed=$(7z x -so "$setup" "$name" | sha256sum | cut -d' ' -f1)
  [ "$packed" = "$(sha256sum <"$file" | cut -d' ' -f1)" ] || fail "$name in the installer differs from $file"
done
echo "    $listed(the three programs byte for byte as built)"

step "2. imports (objdump -p)"
# DLLs in every Windows 10 (1809 and later) and 11 install, in System32.
system_dlls=" advapi32.dll bcrypt.dll bcryptprimitives.dll combase.dll comctl32.dll comdlg32.dll crypt32.dll d3d11.dll dwmapi.dll dxgi.dll gdi32.dll gdiplus.dll imm32.dll kernel32.dll msimg32.dll msvcrt.dll ntdll.dll ole32.dll oleaut32.dll opengl32.dll propsys.dll secur32.dll shell32.dll shlwapi.dll user32.dll userenv.dll uxtheme.dll version.dll winmm.dll ws2_32.dll "
for exe in "$app" "$cli"; do
  objdump=$(x86_64-w64-mingw32-objdump -p "$exe")
  dlls=$(sed -n 's/^\tDLL Name: //p' <<<"$objdump" | tr 'A-Z' 'a-z' | sort -u)
  for dll in $dlls; do
    case "$dll" in
      api-ms-win-*) ;;
      webview2loader.dll) [ "$exe" = "$app" ] || fail "$(basename "$exe") imports $dll" ;;
      *) [[ "$system_dlls" == *" $dll "* ]] || fail "$(basename "$exe") imports $dll, which Windows does not have and the installer does not ship" ;;
    esac
  done
  subsystem=$(sed -n 's/^Subsystem[[:space:]]*//p' <<<"$objdump")
  echo "    $(basename "$exe"): subsystem $subsystem; imports $(tr '\n' ' ' <<<"$dlls")"
done
[[ "$(x86_64-w64-mingw32-objdump -p "$app")" == *"Windows GUI"* ]] || fail "casebook-app.exe is not a GUI program (a console window would open beside it)"
[[ "$(x86_64-w64-mingw32-objdump -p "$cli")" == *"Windows CUI"* ]] || fail "casebook.exe is not a console program"

step "3. the UI bundle ($dist) is embedded in casebook-app.exe"
count=0
while IFS= read -r -d '' file; do
  rel=/${file#"$dist"/}
  grep -q -a -F -- "$rel" "$app" || fail "casebook-app.exe does not carry $rel from $dist"
  count=$((count + 1))
done < <(find "$dist" -type f -print0)
[ "$count" -gt 1 ] || fail "no UI files found in $dist"
echo "    all $count files of ui/dist are in the app's asset table (e.g. $(cd "$dist" && find assets -name '*.js' | head -1))"

step "4. installed and uninstalled under Wine ($("$wine" --version)), prefix $work/prefix"
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="bcryptprimitives=n;winemenubuilder.exe=d"
"$wine" wineboot -i >/dev/null 2>&1 || true
"$wineserver" -w
# Rust's standard library asks for ProcessPrng (Windows 10 and later), which Wine 8 lacks: the
# test-only shim of the Windows test run (tests/wine/bcryptprimitives.c), in this prefix only.
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  "$here/../../tests/wine/bcryptprimitives.c" -lbcrypt
winpath() { "$wine" winepath -u "$("$wine" cmd /c echo "$1" | tr -d '\r')" | tr -d '\r'; }
local_app_data=$(winpath '%LOCALAPPDATA%')
start_menu=$(winpath '%APPDATA%')/Microsoft/Windows/Start\ Menu/Programs
inst=$local_app_data/Programs/Casebook
data=$local_app_data/casebook/data
"$wine" "$setup" /S
"$wineserver" -w
for f in casebook-app.exe casebook.exe WebView2Loader.dll uninstall.exe; do
  [ -f "$inst/$f" ] || fail "setup.exe /S did not place $inst/$f"
done
cmp -s "$inst/casebook-app.exe" "$app" || fail "the installed casebook-app.exe differs from the one built"
[ -f "$start_menu/Casebook.lnk" ] || fail "no Start-menu shortcut $start_menu/Casebook.lnk"
grep -q 'Uninstall\\\\Casebook\]' "$WINEPREFIX/user.reg" || fail "no Apps entry (HKCU ...\\Uninstall\\Casebook)"
echo "    placed: $(cd "$inst" && ls | tr '\n' ' ')in %LOCALAPPDATA%\\Programs\\Casebook; Start menu: Casebook.lnk; HKCU Uninstall\\Casebook"

# A real vault (Argon2id at 256 MiB: this is the release CLI) at the default place, by the
# installed CLI, and a file the person keeps in the install folder.
printf 'correct horse battery staple, installer test\n' >"$work/pass"
"$wine" "$inst/casebook.exe" init --new-passphrase-file "$work/pass" >/dev/null
"$wine" "$inst/casebook.exe" add --passphrase-file "$work/pass" --kind call --title "Missed call" >/dev/null
"$wineserver" -w
[ -f "$data/vault.casebook" ] || fail "the installed casebook.exe made no vault at $data/vault.casebook"
printf 'mine\n' >"$inst/my notes.txt"
(cd "$data" && sha256sum -- *) >"$work/before"
echo "    vault made by the installed casebook.exe: $(cd "$data" && ls | tr '\n' ' ')($(stat -c %s "$data/vault.casebook") bytes)"

"$wine" "$inst/uninstall.exe" /S
"$wineserver" -w
for f in casebook-app.exe casebook.exe WebView2Loader.dll uninstall.exe; do
  [ ! -e "$inst/$f" ] || fail "uninstall.exe /S left $inst/$f"
done
[ ! -e "$start_menu/Casebook.lnk" ] || fail "uninstall.exe /S left the Start-menu shortcut"
! grep -q 'Uninstall\\\\Casebook\]' "$WINEPREFIX/user.reg" || fail "uninstall.exe /S left the Apps entry"
[ -f "$inst/my notes.txt" ] || fail "uninstall.exe /S removed a file it did not place"
[ -f "$data/vault.casebook" ] || fail "uninstall.exe /S removed the vault ($data)"
(cd "$data" && sha256sum -c --quiet "$work/before") || fail "the vault changed across the uninstall"
echo "    uninstalled: programs, shortcut and Apps entry gone; the vault byte for byte as before ($(cut -c1-16 "$work/before" | head -1)...), a file of the person's left in place"
echo "==> the Windows installer: all checks passed"
