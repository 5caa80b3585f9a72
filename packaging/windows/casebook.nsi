; Casebook's Windows installer (issue 19), made by `make package-windows` with Debian's makensis
; (Tauri's own NSIS bundling downloads its helpers from outside and cannot run here).
;
; Per-user, no administrator: the programs go to %LOCALAPPDATA%\Programs\Casebook, one Start-menu
; shortcut "Casebook" (the program's own name, as the Linux menu entry; no description that says
; what it is for: docs/THREAT-MODEL.md, "The disguise"), and an entry in Settings > Apps for the
; uninstaller, all under the person's own account (HKCU).
;
; The vault is never touched: it lives in %LOCALAPPDATA%\casebook\data (casebook-core's
; default_vault_path), outside the install folder, and the uninstaller removes only the files
; this installer placed, by name, and the install folder only if it is then empty.
;
; makensis is given, with -D: VERSION, OUTFILE, APP_EXE (casebook-app.exe), CLI_EXE
; (casebook.exe) and LOADER_DLL (WebView2Loader.dll, which a mingw-built Tauri app loads at start;
; Microsoft's redistributable loader from the WebView2 SDK, carried by the webview2-com-sys crate).

; A 64-bit installer (the programs are x86_64 only); Wine here runs 64-bit programs only.
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!macro REQUIRE SYMBOL
  !ifndef ${SYMBOL}
    !error "makensis needs -D${SYMBOL}=..."
  !endif
!macroend
!insertmacro REQUIRE VERSION
!insertmacro REQUIRE OUTFILE
!insertmacro REQUIRE APP_EXE
!insertmacro REQUIRE CLI_EXE
!insertmacro REQUIRE LOADER_DLL

!define NAME "Casebook"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Casebook"
; The Evergreen WebView2 Runtime's client key (the same for every installation kind).
!define WEBVIEW2_KEY "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${NAME}"
ShowInstDetails nevershow
ShowUninstDetails nevershow
BrandingText " "
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${NAME}"
VIAddVersionKey /LANG=0 "FileDescription" "${NAME} setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "AGPL-3.0-or-later"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Casebook"
  SetOutPath "$INSTDIR"
  File "/oname=casebook-app.exe" "${APP_EXE}"
  File "/oname=casebook.exe" "${CLI_EXE}"
  File "/oname=WebView2Loader.dll" "${LOADER_DLL}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${NAME}.lnk" "$INSTDIR\casebook-app.exe"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\casebook-app.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

  ; The app's window is Microsoft's WebView2 Runtime (part of Windows 11, and of Windows 10
  ; through Windows Update). Nothing is downloaded: if it is missing, say so.
  SetRegView 64
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_KEY}" "pv"
  StrCmp $0 "" 0 +2
  ReadRegStr $0 HKLM "SOFTWARE\${WEBVIEW2_KEY}" "pv"
  StrCmp $0 "" 0 +2
  ReadRegStr $0 HKCU "Software\${WEBVIEW2_KEY}" "pv"
  SetRegView lastused
  StrCmp $0 "" 0 +2
  StrCpy $0 "0.0.0.0"
  StrCmp $0 "0.0.0.0" 0 webview2_found
  MessageBox MB_OK|MB_ICONINFORMATION "${NAME} needs the Microsoft Edge WebView2 Runtime, which this computer does not seem to have. Windows Update installs it; Microsoft also offers it as a download. The command-line program casebook.exe works without it." /SD IDOK
  webview2_found:
SectionEnd

Section "Uninstall"
  ; Only what the installer placed, by name. Never the data folder (%LOCALAPPDATA%\casebook):
  ; the vault, its backups and its settings stay.
  Delete "$INSTDIR\casebook-app.exe"
  Delete "$INSTDIR\casebook.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${NAME}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
