; Accord's Windows installer: per user, no administrator rights, offline.
;
; Built by scripts/windows-installer.sh with Debian's makensis (NSIS 3.08), using only
; what NSIS ships (Modern UI 2, LogicLib, the System plugin): nothing is downloaded.
; Defines the script passes (makensis -D...):
;   VERSION        x.y.z, from Cargo.toml
;   APP_EXE        the desktop app, accord-desktop.exe (x86_64-pc-windows-gnu)
;   CLI_EXE        the command line, accord.exe
;   OUT_FILE       where the installer is written
;   PUBLISHER      the name shown in Apps and features
;   ICON           the app's .ico
;   SIGN_COMMAND   (optional) signs the file named by its last argument, in place
;   WEBVIEW2_INSTALLER (optional) Microsoft's WebView2 Runtime standalone installer,
;                  run only where no WebView2 Runtime is installed
;
; Per user, always: RequestExecutionLevel user; every file under $LOCALAPPDATA and the
; user's Start menu; every registry key under HKCU. tests/windows/installer.sh checks it
; (and that no HKLM write or all-users context ever appears here) so no change can make
; the installer ask for administrator rights without a test failing.
;
; Switches: /S installs silently; /D=PATH (last, unquoted) installs elsewhere.
; The uninstaller (uninstall.exe, also in Apps and features) takes /S too.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!ifdef SIGN_COMMAND
  ; The uninstaller and the installer are signed as NSIS writes them (%1: the file).
  !uninstfinalize `${SIGN_COMMAND} "%1"` = 0
  !finalize `${SIGN_COMMAND} "%1"` = 0
!endif

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define PRODUCT "Accord"
!define REG_APP "Software\Accord"
!define REG_UNINSTALL "Software\Microsoft\Windows\CurrentVersion\Uninstall\Accord"
!define PROG_ID "Accord.Workspace"
; Microsoft's WebView2 Runtime client id (learn.microsoft.com, "Detect if a WebView2
; Runtime is already installed").
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\Accord"
InstallDirRegKey HKCU "${REG_APP}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${PRODUCT}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "FileDescription" "${PRODUCT} installer"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\accord-desktop.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Open Accord"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

; Sets $0 to 1 when a WebView2 Runtime is installed, for this user or for the machine.
Function WebView2Present
  StrCpy $0 0
  ReadRegStr $1 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${If} $1 != ""
  ${AndIf} $1 != "0.0.0.0"
    StrCpy $0 1
    Return
  ${EndIf}
  ReadRegStr $1 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${If} $1 != ""
  ${AndIf} $1 != "0.0.0.0"
    StrCpy $0 1
  ${EndIf}
FunctionEnd

Section "Accord" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "/oname=accord-desktop.exe" "${APP_EXE}"
  File "/oname=accord.exe" "${CLI_EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; The Start menu entry, for this user.
  CreateShortcut "$SMPROGRAMS\Accord.lnk" "$INSTDIR\accord-desktop.exe" "" "$INSTDIR\accord-desktop.exe" 0

  ; .accord files open in Accord, for this user only (HKCU\Software\Classes).
  WriteRegStr HKCU "Software\Classes\.accord" "" "${PROG_ID}"
  WriteRegStr HKCU "Software\Classes\.accord" "Content Type" "application/x-accord-workspace"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}" "" "Accord workspace"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\accord-desktop.exe,0"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\shell\open\command" "" '"$INSTDIR\accord-desktop.exe" "%1"'
  ; SHCNE_ASSOCCHANGED: Explorer shows the new file type without a restart.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; Apps and features, for this user.
  WriteRegStr HKCU "${REG_APP}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${REG_UNINSTALL}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${REG_UNINSTALL}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${REG_UNINSTALL}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${REG_UNINSTALL}" "DisplayIcon" "$INSTDIR\accord-desktop.exe,0"
  WriteRegStr HKCU "${REG_UNINSTALL}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${REG_UNINSTALL}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${REG_UNINSTALL}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${REG_UNINSTALL}" "NoModify" 1
  WriteRegDWORD HKCU "${REG_UNINSTALL}" "NoRepair" 1

  ; The window needs Microsoft's WebView2 Runtime (Windows 11, and Windows 10 with
  ; current updates, have it). The command line does not.
  Call WebView2Present
  ${If} $0 == 1
    DetailPrint "The WebView2 Runtime is installed."
  ${Else}
!ifdef WEBVIEW2_INSTALLER
    InitPluginsDir
    File "/oname=$PLUGINSDIR\MicrosoftEdgeWebView2RuntimeInstallerX64.exe" "${WEBVIEW2_INSTALLER}"
    DetailPrint "Installing the WebView2 Runtime..."
    ExecWait '"$PLUGINSDIR\MicrosoftEdgeWebView2RuntimeInstallerX64.exe" /silent /install' $1
    ${If} $1 != 0
      DetailPrint "The WebView2 Runtime installer stopped with code $1."
      MessageBox MB_ICONEXCLAMATION|MB_OK "Accord is installed, but the Microsoft Edge WebView2 Runtime, which its window needs, could not be installed (code $1). Ask your IT team to install it." /SD IDOK
    ${EndIf}
!else
    DetailPrint "The WebView2 Runtime is not installed, and this installer does not carry it."
    MessageBox MB_ICONEXCLAMATION|MB_OK "Accord is installed, but its window needs the Microsoft Edge WebView2 Runtime, which this computer does not have. Ask your IT team to install it. The command line (accord.exe) works without it." /SD IDOK
!endif
  ${EndIf}
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\accord-desktop.exe"
  Delete "$INSTDIR\accord.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  ; $LOCALAPPDATA\Programs, when Accord was the only program in it.
  RMDir "$LOCALAPPDATA\Programs"
  Delete "$SMPROGRAMS\Accord.lnk"

  ; .accord, unless another program has taken it over since.
  ReadRegStr $0 HKCU "Software\Classes\.accord" ""
  ${If} $0 == "${PROG_ID}"
    DeleteRegKey HKCU "Software\Classes\.accord"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${PROG_ID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${REG_UNINSTALL}"
  DeleteRegKey HKCU "${REG_APP}"
  ; The user's settings (%APPDATA%\Accord) and workspaces are the user's: kept.
SectionEnd
