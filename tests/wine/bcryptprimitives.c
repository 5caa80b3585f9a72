/* Test set-up only, never shipped: Wine 8 has no ProcessPrng (bcryptprimitives.dll), which Rust's
 * standard library calls for randomness on Windows 10 and later. This DLL gives it, forwarding
 * to BCryptGenRandom (the system's preferred generator), so the Windows builds' tests run under
 * Wine. Built by `make test-windows` (tests/wine/wine-env.sh). */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    return BCryptGenRandom(NULL, data, (ULONG)len, BCRYPT_USE_SYSTEM_PREFERRED_RNG) == 0;
}
