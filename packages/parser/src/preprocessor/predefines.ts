/**
 * The macros Wine's IDL compiler predefines.
 *
 * Found by experiment with widl 8.0 (`widl -E probe.idl`, where probe.idl holds `#ifdef NAME` probes for
 * `__WIDL__`, `_WIN32`, `_WIN64`, `WIN32`, `__midl`, `__MIDL__`, `__x86_64__`, `__i386__`, `_M_AMD64`, `_M_X64`,
 * `_M_IX86`, `__aarch64__`, `__GNUC__`, `__STDC__`, `__cplusplus`, `_MSC_VER`, `__MINGW32__`, `__linux__`,
 * `__LP64__`, `__WINE__`, `__WINESRC__`, ...): only `__WIDL__` (0x80000, i.e. version 8.0.0 as
 * major << 16 | minor << 8) and `_WIN32` (1) are defined, together with the dynamic builtins `__FILE__`,
 * `__LINE__`, `__DATE__` and `__TIME__`.
 *
 * The result is the same with the default target, `-m64`, `-m32`, `--win64`, `--win32` and
 * `-b x86_64-w64-mingw32` / `-b i686-w64-mingw32` / `-b aarch64-windows`: widl does not define `_WIN64`
 * or any architecture macro, so 64-bit mode needs no extra entry here.
 *
 * `__FILE__` and `__LINE__` are always built in (see `preprocess`); `__DATE__` and `__TIME__` are left out
 * so that output does not depend on the clock.
 */
export const WIDL_PREDEFINES: Readonly<Record<string, string>> = Object.freeze({
  __WIDL__: '0x80000',
  _WIN32: '1',
});
