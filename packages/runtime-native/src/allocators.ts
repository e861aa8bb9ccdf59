/**
 * COM's task allocator, BSTRs and MAPI buffers, as JavaScript functions over the native ones. Memory a callee
 * allocates and hands out is freed with the deallocator COM names for it (CoTaskMemFree, SysFreeString,
 * MAPIFreeBuffer), and memory an exported object hands out is allocated with the matching allocator. The
 * functions come from a library: on Windows ole32, oleaut32 and mapi32 (`windowsAllocators`), elsewhere a
 * library that exports the same names (the C test objects do), through `allocatorsFromLibrary`.
 */
import type { LibraryHandle } from 'koffi';
import { ComError, E_OUTOFMEMORY, E_UNEXPECTED } from '@comidl/runtime';
import type { NativeAllocatorName } from './descriptor.js';
import { COM_CALLING_CONVENTION, koffi, toAddress, type NativePointer } from './platform.js';

export interface ComAllocators {
  CoTaskMemAlloc(size: number): NativePointer;
  CoTaskMemFree(p: NativePointer): void;
  /** A BSTR holding `text` (SysAllocStringLen, so embedded NULs are kept). */
  SysAllocString(text: string): NativePointer;
  SysFreeString(p: NativePointer): void;
  MAPIAllocateBuffer(size: number): NativePointer;
  /** A block freed with `parent` (MAPIAllocateMore), for what a MAPI structure points to. */
  MAPIAllocateMore(size: number, parent: NativePointer): NativePointer;
  MAPIFreeBuffer(p: NativePointer): void;
}

/** Which library holds each group of functions. */
export interface AllocatorLibraries {
  /** CoTaskMemAlloc, CoTaskMemFree. */
  readonly ole32: string | LibraryHandle;
  /** SysAllocStringLen, SysFreeString. */
  readonly oleaut32: string | LibraryHandle;
  /** MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer. */
  readonly mapi32: string | LibraryHandle;
}

/**
 * The allocators of native libraries, one library for all (`allocatorsFromLibrary('./objects.so')`) or one
 * per group. They are WINAPI functions: `__stdcall` on 32-bit Windows.
 */
export function allocatorsFromLibrary(library: string | LibraryHandle | AllocatorLibraries): ComAllocators {
  const groups: AllocatorLibraries =
    typeof library === 'string' || !('ole32' in library) ? { ole32: library, oleaut32: library, mapi32: library } : library;
  const loaded = new Map<string | LibraryHandle, LibraryHandle>();
  const open = (l: string | LibraryHandle): LibraryHandle => {
    let h = loaded.get(l);
    if (!h) loaded.set(l, (h = typeof l === 'string' ? koffi.load(l) : l));
    return h;
  };
  const fn = (lib: string | LibraryHandle, name: string, result: string, parameters: (string | ReturnType<typeof koffi.out>)[]) => {
    const h = open(lib);
    return COM_CALLING_CONVENTION === null ? h.func(name, result, parameters) : h.func(COM_CALLING_CONVENTION, name, result, parameters);
  };
  // Bound on first use, so that an application without MAPI never loads mapi32.
  let co: { alloc: (n: number) => unknown; free: (p: NativePointer) => void } | undefined;
  let sys: { alloc: (s: string, n: number) => unknown; free: (p: NativePointer) => void } | undefined;
  let mapi:
    | { alloc: (n: number, out: NativePointer[]) => number; more: (n: number, parent: NativePointer, out: NativePointer[]) => number; free: (p: NativePointer) => number }
    | undefined;
  const coFns = () =>
    (co ??= { alloc: fn(groups.ole32, 'CoTaskMemAlloc', 'void *', ['uintptr_t']), free: fn(groups.ole32, 'CoTaskMemFree', 'void', ['void *']) });
  const sysFns = () =>
    (sys ??= {
      alloc: fn(groups.oleaut32, 'SysAllocStringLen', 'void *', ['const char16_t *', 'uint32_t']),
      free: fn(groups.oleaut32, 'SysFreeString', 'void', ['void *']),
    });
  const mapiFns = () =>
    (mapi ??= {
      alloc: fn(groups.mapi32, 'MAPIAllocateBuffer', 'int32_t', ['uint32_t', koffi.out(koffi.pointer('void *'))]),
      more: fn(groups.mapi32, 'MAPIAllocateMore', 'int32_t', ['uint32_t', 'void *', koffi.out(koffi.pointer('void *'))]),
      free: fn(groups.mapi32, 'MAPIFreeBuffer', 'uint32_t', ['void *']),
    });
  const check = (p: unknown, what: string): NativePointer => {
    const a = toAddress(p as bigint | null);
    if (a === 0n) throw new ComError(E_OUTOFMEMORY, `${what} returned NULL`);
    return a;
  };
  return {
    CoTaskMemAlloc: (size) => check(coFns().alloc(size), 'CoTaskMemAlloc'),
    CoTaskMemFree: (p) => coFns().free(p),
    SysAllocString: (text) => check(sysFns().alloc(text, text.length), 'SysAllocStringLen'),
    SysFreeString: (p) => sysFns().free(p),
    MAPIAllocateBuffer: (size) => {
      const out: NativePointer[] = [0n];
      const sc = mapiFns().alloc(size, out);
      if (sc < 0) throw new ComError(sc, 'MAPIAllocateBuffer failed');
      return check(out[0], 'MAPIAllocateBuffer');
    },
    MAPIAllocateMore: (size, parent) => {
      const out: NativePointer[] = [0n];
      const sc = mapiFns().more(size, parent, out);
      if (sc < 0) throw new ComError(sc, 'MAPIAllocateMore failed');
      return check(out[0], 'MAPIAllocateMore');
    },
    MAPIFreeBuffer: (p) => void mapiFns().free(p),
  };
}

/** ole32.dll, oleaut32.dll and mapi32.dll (MAPI's stub library, which forwards to the installed MAPI). */
export function windowsAllocators(): ComAllocators {
  return allocatorsFromLibrary({ ole32: 'ole32.dll', oleaut32: 'oleaut32.dll', mapi32: 'mapi32.dll' });
}

let current: ComAllocators | undefined;

/** Sets the allocators every binding uses (one set per process, as COM has one task allocator). */
export function setAllocators(allocators: ComAllocators | undefined): void {
  current = allocators;
}

/** The allocators in use: those set, or on Windows the system's. */
export function allocators(): ComAllocators {
  if (current) return current;
  if (process.platform === 'win32') return (current = windowsAllocators());
  throw new ComError(
    E_UNEXPECTED,
    'no COM allocators are set: call setAllocators(allocatorsFromLibrary(...)) with a library that exports CoTaskMemAlloc, CoTaskMemFree, SysAllocStringLen, SysFreeString, MAPIAllocateBuffer and MAPIFreeBuffer',
  );
}

/** Frees `p` (not NULL) with the named deallocator. */
export function freeWith(name: NativeAllocatorName, p: NativePointer): void {
  const a = allocators();
  if (name === 'SysFreeString') a.SysFreeString(p);
  else if (name === 'MAPIFreeBuffer') a.MAPIFreeBuffer(p);
  else a.CoTaskMemFree(p);
}

/**
 * Allocates `size` bytes with the allocator whose deallocator is `name`: for MAPI, with MAPIAllocateMore when
 * `parent` is given (memory a MAPI structure points to goes with the structure). BSTRs are SysAllocString's.
 */
export function allocateWith(name: NativeAllocatorName, size: number, parent?: NativePointer): NativePointer {
  const a = allocators();
  if (name !== 'MAPIFreeBuffer') return a.CoTaskMemAlloc(size);
  return parent === undefined ? a.MAPIAllocateBuffer(size) : a.MAPIAllocateMore(size, parent);
}

/** A NUL-terminated copy of `text` from the allocator matching `deallocator` (a BSTR: SysAllocString). */
export function allocateString(encoding: 'utf16' | 'ansi' | 'bstr', text: string, deallocator: NativeAllocatorName = 'CoTaskMemFree'): NativePointer {
  if (encoding === 'bstr') return allocators().SysAllocString(text);
  const bytes = encoding === 'utf16' ? Buffer.from(`${text}\0`, 'utf16le') : Buffer.from(`${text}\0`, 'utf8');
  const p = allocateWith(deallocator, bytes.length);
  new Uint8Array(koffi.view(p, bytes.length)).set(bytes);
  return p;
}
