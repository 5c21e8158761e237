#!/usr/bin/env python3
"""Accord's Windows installer, tested under wine (run by scripts/windows-test.sh).

    python3 tests/windows/installer.py INSTALLER.exe

1. Per user, always: installer/windows/accord.nsi asks for no administrator rights
   (RequestExecutionLevel user, and the built installer's manifest says asInvoker), and
   never writes to HKLM, to all users' folders or to Program Files.
2. In a fresh wine profile (a temporary WINEPREFIX), `INSTALLER /S`: the files land in
   %LOCALAPPDATA%\\Programs\\Accord, the Start menu entry in the user's Start menu, the
   .accord association and the Apps and features entry under HKCU; nothing is written
   outside the user's profile or to HKLM; the installed accord.exe runs.
   It is then used as a person would: `me set` writes %APPDATA%\\Accord\\config\\settings.json,
   a workspace with a Welsh name is made, shown and exported as a PDF
   that poppler on Linux reads back.
3. `uninstall.exe /S` then leaves the profile and HKCU as they were before the install,
   but for the user's own settings and workspace (kept by design) and what NSIS's
   uninstaller always leaves (said below where it is allowed).

Wine needs the shim that scripts/windows-env.sh builds (make_wine_prefix); this script
calls that function through bash to make the profile.
"""
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NSI = os.path.join(ROOT, "installer", "windows", "accord.nsi")


def fail(msg):
    print(f"installer test: FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def check_per_user_source(installer):
    text = open(NSI, encoding="utf-8").read()
    # The script's statements, without comments. Reading HKLM (is WebView2 installed for
    # the whole machine?) is allowed; nothing else there.
    code = "\n".join(
        line.split(";", 1)[0] if not line.lstrip().startswith("#") else ""
        for line in text.splitlines()
    )
    levels = re.findall(r"^\s*RequestExecutionLevel\s+(\S+)", code, re.M)
    if levels != ["user"]:
        fail(f"accord.nsi must say `RequestExecutionLevel user` once, found {levels}")
    for pattern, why in [
        (r"\bHKLM\b", "HKLM"),
        (r"\bHKEY_LOCAL_MACHINE\b", "HKEY_LOCAL_MACHINE"),
        (r"\bSHCTX\b", "SHCTX (all users when elevated)"),
        (r"SetShellVarContext\s+all", "SetShellVarContext all"),
        (r"\$PROGRAMFILES", "$PROGRAMFILES"),
        (r"\$COMMONFILES", "$COMMONFILES"),
        (r"\$WINDIR|\$SYSDIR", "the Windows folder"),
        (r"MultiUser", "MultiUser.nsh (which can ask for elevation)"),
        (r"UserInfo::", "UserInfo (an admin check)"),
    ]:
        for line in code.splitlines():
            if re.search(pattern, line) and not re.match(r"\s*ReadRegStr\s+\S+\s+HKLM\s", line):
                fail(f"accord.nsi uses {why}, which a per-user installer must not: {line.strip()}")
    data = open(installer, "rb").read()
    if b'level="asInvoker"' not in data or b"requireAdministrator" in data or b"highestAvailable" in data:
        fail("the installer's manifest does not say requestedExecutionLevel asInvoker")
    print("installer test: per user: RequestExecutionLevel user, manifest asInvoker, no HKLM writes")


def wine(prefix, *args, check=True):
    env = dict(os.environ, WINEPREFIX=prefix)
    out = subprocess.run(["wine", *args], env=env, capture_output=True, text=True,
                         encoding="utf-8", errors="replace")
    subprocess.run(["wineserver", "--wait"], env=env, check=True)
    if check and out.returncode != 0:
        fail(f"wine {' '.join(args)} exited {out.returncode}: {out.stdout}{out.stderr}")
    return out


def registry(prefix, hive):
    """Every key and value of system.reg (HKLM) or user.reg (HKCU), without timestamps."""
    out, key = set(), None
    with open(os.path.join(prefix, hive), encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("["):
                key = re.sub(r"\] \d+$", "]", line)
                out.add((key, None))
            elif key and line and not line.startswith("#"):
                out.add((key, line))
    return out


# What wine itself changes in HKLM when any program starts (its devices, network cards,
# display adapters and time zone), whatever the program.
WINE_CHURN = re.compile(r"NetworkCards|\\\\Control\\\\Class\\\\|\\\\Control\\\\Video|\\\\Enum\\\\|DynDaylightDisable|TimeZoneInformation")


def hklm_changes(before, after):
    return sorted(
        (k, v) for k, v in after.symmetric_difference(before)
        if not WINE_CHURN.search(k) and not (v or "").startswith('"PendingFileRenameOperations"')
    )


def files(prefix):
    top = os.path.join(prefix, "drive_c")
    out = set()
    for d, dirs, names in os.walk(top):
        for n in dirs + names:
            out.add(os.path.relpath(os.path.join(d, n), top))
    return out


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    installer = os.path.abspath(sys.argv[1])
    check_per_user_source(installer)

    prefix = tempfile.mkdtemp(prefix="accord-wine-")
    try:
        subprocess.run(["bash", "-c", f'source "{ROOT}/scripts/windows-env.sh" && make_wine_prefix "$0"',
                        prefix], check=True)
        user = pwd.getpwuid(os.getuid()).pw_name  # wine names the profile so
        profile = f"users/{user}/"
        local = f"users/{user}/AppData/Local/Programs/Accord"
        start = f"users/{user}/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Accord.lnk"
        files0, hklm0, hkcu0 = files(prefix), registry(prefix, "system.reg"), registry(prefix, "user.reg")

        wine(prefix, installer, "/S")
        files1, hklm1, hkcu1 = files(prefix), registry(prefix, "system.reg"), registry(prefix, "user.reg")
        new = sorted(files1 - files0)
        want = {f"{local}/accord.exe", f"{local}/accord-desktop.exe", f"{local}/uninstall.exe", start}
        if not want <= set(new):
            fail(f"missing after install: {sorted(want - set(new))}; new files: {new}")
        outside = [f for f in new if not f.startswith(profile)]
        if outside:
            fail(f"the installer wrote outside the user's profile: {outside}")
        if changed := hklm_changes(hklm0, hklm1):
            fail(f"the installer changed HKLM: {changed[:10]}")
        keys = {k for k, _ in hkcu1 - hkcu0}
        for k in [r"[Software\\Classes\\.accord]", r"[Software\\Classes\\Accord.Workspace\\shell\\open\\command]",
                  r"[Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Accord]"]:
            if k not in keys:
                fail(f"HKCU lacks {k} after install; new keys: {sorted(keys)}")
        values = {v for k, v in hkcu1 if k == r"[Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Accord]"}
        if not any(v and v.startswith('"Publisher"=') for v in values):
            fail(f"no publisher in Apps and features: {values}")
        print(f"installer test: installed {len(new)} new files, all under {profile}; HKCU keys: {len(keys)}; HKLM unchanged")

        cli = "C:\\" + local.replace("/", "\\") + "\\accord.exe"
        out = wine(prefix, cli, "--version")
        if "accord" not in out.stdout.lower():
            fail(f"accord.exe --version printed {out.stdout!r} {out.stderr!r}")
        print(f"installer test: the installed accord.exe --version: {out.stdout.strip()}")
        # Used as a person would: settings land in %APPDATA%, a workspace in a folder.
        wine(prefix, cli, "me", "set", "--name", "Siân Jones", "--organisation", "Cyngor Gwynedd")
        settings = f"users/{user}/AppData/Roaming/Accord/config/settings.json"
        if not os.path.isfile(os.path.join(prefix, "drive_c", settings)):
            fail(f"no settings at %APPDATA%\\Accord\\config\\settings.json: {sorted(files(prefix) - files1)}")
        # (Not in Documents: wine links that to the Linux home folder.)
        os.mkdir(os.path.join(prefix, "drive_c", "Prosiectau Môn"))
        workspace = "C:\\Prosiectau Môn\\Prosiect Môn.accord"
        wine(prefix, cli, "init", workspace, "--title", "Biniau Môn")
        shown = wine(prefix, cli, "show", workspace).stdout
        if "Biniau Môn" not in shown:
            fail(f"accord.exe show printed {shown!r}")
        # A PDF made by the Windows build, read back by poppler on Linux (the PDF crate's
        # read-back tests cannot start Linux programs from under wine).
        wine(prefix, cli, "agreement", workspace, "write", "purpose", "--text",
             "Llai o finiau a gollir yn Ynys Môn — ŵ ŷ, £25,000.")
        pdf = "C:\\Prosiectau Môn\\Cytundeb Môn.pdf"
        wine(prefix, cli, "export", workspace, "--format", "pdf", "--document", "agreement", "--out", pdf)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8",
                               os.path.join(prefix, "drive_c", "Prosiectau Môn", "Cytundeb Môn.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        if "Llai o finiau a gollir yn Ynys Môn — ŵ ŷ, £25,000." not in text:
            fail(f"pdftotext read back from the Windows export: {text[:500]!r}")
        print("installer test: accord.exe exported a PDF; pdftotext reads the Welsh text back as typed")
        mine = files(prefix) - files1
        print(f"installer test: accord.exe made {settings} and C:\\Prosiectau Môn\\Prosiect Môn.accord")

        wine(prefix, "C:\\" + local.replace("/", "\\") + "\\uninstall.exe", "/S")
        files2, hklm2, hkcu2 = files(prefix), registry(prefix, "system.reg"), registry(prefix, "user.reg")
        # NSIS's uninstaller runs from a copy of itself in %TEMP% (~nsuN.tmp\Un.exe), which it
        # asks Windows to delete at the next restart (MoveFileEx, DELAY_UNTIL_REBOOT: wine
        # records it; Windows refuses it to a user without admin rights, and the copy stays
        # in %TEMP% until Temp is cleaned). Allowed here, and nothing else.
        # The user's own settings and workspace stay, by design.
        left = sorted(
            f for f in files2 - files0 - mine
            if not re.match(rf"{profile}Temp/~nsu\w*\.tmp(/Un\w*\.exe)?$", f)
        )
        if not mine <= files2:
            fail(f"the uninstaller removed the user's own files: {sorted(mine - files2)}")
        if left:
            fail(f"the uninstaller left files: {left}")
        if changed := hklm_changes(hklm0, hklm2):
            fail(f"the uninstaller changed HKLM: {changed[:10]}")
        # Keys every Windows has, which a fresh wine profile makes only when first written.
        always = {r"[Software\\Classes]", r"[Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall]"}
        left_keys = sorted(kv for kv in hkcu2 - hkcu0 if kv[0] not in always)
        if left_keys:
            fail(f"the uninstaller left HKCU entries: {left_keys[:10]}")
        print("installer test: uninstall /S left no files (but NSIS's own copy in %TEMP%) and no registry entries")
    finally:
        subprocess.run(["wineserver", "--kill"], env=dict(os.environ, WINEPREFIX=prefix))
        shutil.rmtree(prefix, ignore_errors=True)


if __name__ == "__main__":
    main()
