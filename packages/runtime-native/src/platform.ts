/**
 * The platform facts a COM call depends on: the calling convention of vtable methods (`__stdcall` on 32-bit
 * Windows, the platform's only convention elsewhere: x64 Windows, the System V ABIs, ARM64) and the pointer size.
 */
import koffi, { type TypeObject } from 'koffi';

export { koffi };

/** A koffi type: a type object or a type name. */
export type KoffiType = string | TypeObject;

/** A native address: koffi 3 represents pointers as bigints; null is the NULL pointer. */
export type NativePointer = bigint;

/** What `fromPointer` takes: a koffi pointer (bigint) or an address as a number. */
export type NativePointerLike = bigint | number;

export const POINTER_SIZE: number = koffi.sizeof('void *');

/** `__stdcall` for STDMETHODCALLTYPE on 32-bit Windows; on every other platform there is one convention. */
export const COM_CALLING_CONVENTION: string | null =
  process.platform === 'win32' && process.arch === 'ia32' ? '__stdcall' : null;

/** A function prototype with the COM calling convention. */
export function comPrototype(result: KoffiType, parameters: KoffiType[]): TypeObject {
  return COM_CALLING_CONVENTION === null
    ? koffi.proto(result, parameters)
    : koffi.proto(COM_CALLING_CONVENTION, null, result, parameters);
}

/** A bigint address from a pointer value koffi gave (bigint or null) or a number; 0n for NULL. */
export function toAddress(p: NativePointerLike | null | undefined): bigint {
  if (p === null || p === undefined) return 0n;
  return typeof p === 'bigint' ? p : BigInt(p);
}
