/*
 * TEST ONLY, never shipped: Wine 8 has no bcryptprimitives.dll, whose ProcessPrng Rust's standard
 * library imports on Windows (real Windows 10 and later have it). This stand-in exports
 * ProcessPrng over advapi32's RtlGenRandom (SystemFunction036) so the .exe starts under wine.
 * scripts/smoke.sh builds it with mingw into the test wine prefix's system32.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
