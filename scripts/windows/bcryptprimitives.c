/*
 * bcryptprimitives.dll for wine 8, which does not ship it. Used only to run Accord's
 * Windows build and tests under wine on Linux (scripts/windows-env.sh); never shipped.
 *
 * Rust's standard library (1.78 and later) takes random bytes from ProcessPrng in
 * bcryptprimitives.dll, which every Windows 10 and 11 has. This DLL exports that one
 * function and fills the buffer from RtlGenRandom (advapi32's SystemFunction036), which
 * wine has: the same system random source, under the older name.
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
