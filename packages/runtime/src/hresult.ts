/**
 * HRESULT values and helpers. An HRESULT is a signed 32-bit integer, as C's LONG: failures are negative
 * (`E_FAIL === (0x80004005 | 0)`), so `FAILED(hr)` is `hr < 0` and values compare with `===`.
 */
export type HRESULT = number;

const hr = (unsigned: number): HRESULT => unsigned | 0;

export const S_OK: HRESULT = 0;
export const S_FALSE: HRESULT = 1;
export const E_NOTIMPL = hr(0x80004001);
export const E_NOINTERFACE = hr(0x80004002);
export const E_POINTER = hr(0x80004003);
export const E_ABORT = hr(0x80004004);
export const E_FAIL = hr(0x80004005);
export const E_UNEXPECTED = hr(0x8000ffff);
export const E_ACCESSDENIED = hr(0x80070005);
export const E_HANDLE = hr(0x80070006);
export const E_OUTOFMEMORY = hr(0x8007000e);
export const E_INVALIDARG = hr(0x80070057);
export const RPC_E_DISCONNECTED = hr(0x80010108);
export const CO_E_OBJNOTCONNECTED = hr(0x800401fd);

// MAPI's codes (mapicode.h); several are the COM codes under another name.
export const MAPI_E_CALL_FAILED = E_FAIL;
export const MAPI_E_NOT_ENOUGH_MEMORY = E_OUTOFMEMORY;
export const MAPI_E_INVALID_PARAMETER = E_INVALIDARG;
export const MAPI_E_INTERFACE_NOT_SUPPORTED = E_NOINTERFACE;
export const MAPI_E_NO_ACCESS = E_ACCESSDENIED;
export const MAPI_E_NO_SUPPORT = hr(0x80040102);
export const MAPI_E_BAD_CHARWIDTH = hr(0x80040103);
export const MAPI_E_UNKNOWN_FLAGS = hr(0x80040106);
export const MAPI_E_INVALID_ENTRYID = hr(0x80040107);
export const MAPI_E_NOT_FOUND = hr(0x8004010f);
export const MAPI_E_NETWORK_ERROR = hr(0x80040115);
export const MAPI_E_UNCONFIGURED = hr(0x8004011c);
export const MAPI_E_USER_CANCEL = hr(0x80040501);
export const MAPI_W_ERRORS_RETURNED = hr(0x00040380);

/** Names by value; where two names share a value, the COM name comes first and wins. */
const names: ReadonlyArray<readonly [string, HRESULT]> = [
  ['S_OK', S_OK],
  ['S_FALSE', S_FALSE],
  ['E_NOTIMPL', E_NOTIMPL],
  ['E_NOINTERFACE', E_NOINTERFACE],
  ['E_POINTER', E_POINTER],
  ['E_ABORT', E_ABORT],
  ['E_FAIL', E_FAIL],
  ['E_UNEXPECTED', E_UNEXPECTED],
  ['E_ACCESSDENIED', E_ACCESSDENIED],
  ['E_HANDLE', E_HANDLE],
  ['E_OUTOFMEMORY', E_OUTOFMEMORY],
  ['E_INVALIDARG', E_INVALIDARG],
  ['RPC_E_DISCONNECTED', RPC_E_DISCONNECTED],
  ['CO_E_OBJNOTCONNECTED', CO_E_OBJNOTCONNECTED],
  ['MAPI_E_NO_SUPPORT', MAPI_E_NO_SUPPORT],
  ['MAPI_E_BAD_CHARWIDTH', MAPI_E_BAD_CHARWIDTH],
  ['MAPI_E_UNKNOWN_FLAGS', MAPI_E_UNKNOWN_FLAGS],
  ['MAPI_E_INVALID_ENTRYID', MAPI_E_INVALID_ENTRYID],
  ['MAPI_E_NOT_FOUND', MAPI_E_NOT_FOUND],
  ['MAPI_E_NETWORK_ERROR', MAPI_E_NETWORK_ERROR],
  ['MAPI_E_UNCONFIGURED', MAPI_E_UNCONFIGURED],
  ['MAPI_E_USER_CANCEL', MAPI_E_USER_CANCEL],
  ['MAPI_W_ERRORS_RETURNED', MAPI_W_ERRORS_RETURNED],
];
const nameOf = new Map<HRESULT, string>();
for (const [name, value] of names) if (!nameOf.has(value)) nameOf.set(value, name);

export function SUCCEEDED(hr: HRESULT): boolean {
  return hr >= 0;
}

export function FAILED(hr: HRESULT): boolean {
  return hr < 0;
}

/** `0x80004005`: eight hex digits, as HRESULTs are written. */
export function formatHresult(hr: HRESULT): string {
  return `0x${(hr >>> 0).toString(16).padStart(8, '0')}`;
}

/** `E_FAIL`, or the hex form for a value without a known name. */
export function hresultName(hr: HRESULT): string {
  return nameOf.get(hr | 0) ?? formatHresult(hr);
}

/** HRESULT_FROM_WIN32 of winerror.h. */
export function HRESULT_FROM_WIN32(code: number): HRESULT {
  return code <= 0 ? code | 0 : ((code & 0xffff) | (7 << 16) | 0x80000000) | 0;
}
