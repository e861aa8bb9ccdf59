/**
 * TypeScript objects as COM objects for native callers. `exportObject(impl, interface)` gives a native
 * interface pointer: memory holding a pointer to the interface's vtable, whose slots are koffi callbacks
 * registered once per interface binding (IUnknown's three once per process), as a C++ class has one vtable for
 * all its objects. A callback finds its object by the `This` pointer it is called with.
 *
 * COM's rules: AddRef and Release count references, and the object (its memory, and the strong reference that
 * keeps `impl` alive for native code) is destroyed when the count reaches 0. QueryInterface answers the
 * exported interface, its bases and IUnknown with this object; another interface of the same implementation
 * (exported before, or which the implementation's own QueryInterface says it supports) with that interface's
 * object; IUnknown always with the same pointer while it lives (the identity of the object). Exporting the same
 * implementation for the same interface again gives the same object while it lives.
 *
 * Native threads: koffi runs every callback on the JavaScript thread. A call from another thread is queued to
 * it and that thread waits until the JavaScript thread runs it (README: "Threads").
 */
import { ComError, E_NOINTERFACE, E_POINTER, E_UNEXPECTED, IID_IUnknown, isEqualGuid, S_OK, type GUID } from '@comidl/runtime';
import type { TypeObject } from 'koffi';
import { reportFault } from './errors.js';
import { guidFromFields } from './guid-bytes.js';
import type { InterfaceBinding } from './library.js';
import { comPrototype, koffi, POINTER_SIZE, toAddress, type NativePointer } from './platform.js';
import { GUID_TYPE } from './structures.js';
import { NativeUnknown } from './wrapper.js';

export class ExportIdentity {
  readonly exports = new Map<InterfaceBinding, ExportedObject>();
  /** The object QueryInterface(IID_IUnknown) answers with. */
  primary: ExportedObject | undefined;

  constructor(readonly impl: object) {}
}

export class ExportedObject {
  refs = 0;

  constructor(
    readonly identity: ExportIdentity,
    readonly binding: InterfaceBinding,
    readonly address: NativePointer,
  ) {}
}

const byAddress = new Map<NativePointer, ExportedObject>();
const identities = new WeakMap<object, ExportIdentity>();

/** The exported object at an interface pointer, if it is one of ours. */
export function exportedAt(p: NativePointer): ExportedObject | undefined {
  return byAddress.get(p);
}

/** How many exported objects are alive (tests check that none leak). */
export function liveExportCount(): number {
  return byAddress.size;
}

/** A native pointer to `impl` as `binding`'s interface, with one reference for the caller. */
export function exportAs(impl: object, binding: InterfaceBinding): NativePointer {
  if (impl instanceof NativeUnknown) {
    throw new ComError(E_UNEXPECTED, `${binding.name}: a native wrapper is already a COM object; pass it (or its pointer) instead of exporting it`);
  }
  let identity = identities.get(impl);
  if (!identity) identities.set(impl, (identity = new ExportIdentity(impl)));
  let o = identity.exports.get(binding);
  if (!o) {
    const address = koffi.alloc('void *', 2) as bigint;
    koffi.encode(address, 'void *', binding.exportVtable());
    koffi.encode(address, POINTER_SIZE, 'void *', null);
    o = new ExportedObject(identity, binding, address);
    identity.exports.set(binding, o);
    identity.primary ??= o;
    byAddress.set(address, o);
  }
  o.refs++;
  return o.address;
}

export function addRefExported(o: ExportedObject): number {
  return ++o.refs;
}

export function releaseExported(o: ExportedObject): number {
  if (o.refs <= 0) return 0;
  o.refs--;
  if (o.refs === 0) {
    byAddress.delete(o.address);
    const identity = o.identity;
    identity.exports.delete(o.binding);
    if (identity.primary === o) identity.primary = identity.exports.values().next().value;
    koffi.free(o.address);
  }
  return o.refs;
}

// ---- IUnknown's slots, shared by every exported vtable ------------------------------------------------

let unknownSlots: readonly NativePointer[] | undefined;
let unknownPrototypes: { queryInterface: TypeObject; addRef: TypeObject; release: TypeObject } | undefined;

export function iunknownPrototypes(): { queryInterface: TypeObject; addRef: TypeObject; release: TypeObject } {
  return (unknownPrototypes ??= {
    queryInterface: comPrototype('int32_t', ['void *', 'void *', 'void *']),
    addRef: comPrototype('uint32_t', ['void *']),
    release: comPrototype('uint32_t', ['void *']),
  });
}

/** The callbacks of slots 0-2, registered once. */
export function iunknownCallbacks(): readonly NativePointer[] {
  if (unknownSlots) return unknownSlots;
  const protos = iunknownPrototypes();
  const qi = koffi.register(queryInterface, koffi.pointer(protos.queryInterface));
  const addRef = koffi.register((self: NativePointer) => {
    const o = byAddress.get(toAddress(self));
    return o ? addRefExported(o) : 0;
  }, koffi.pointer(protos.addRef));
  const release = koffi.register((self: NativePointer) => {
    const o = byAddress.get(toAddress(self));
    return o ? releaseExported(o) : 0;
  }, koffi.pointer(protos.release));
  return (unknownSlots = [qi, addRef, release]);
}

function queryInterface(self: NativePointer, riidPointer: NativePointer | null, ppv: NativePointer | null): number {
  const o = byAddress.get(toAddress(self));
  if (!ppv) return E_POINTER;
  koffi.encode(ppv, 'void *', null);
  if (!o || !riidPointer) return o ? E_POINTER : E_UNEXPECTED;
  try {
    const riid = guidFromFields(koffi.decode(riidPointer, GUID_TYPE));
    const found = answer(o, riid);
    if (found === undefined) return E_NOINTERFACE;
    koffi.encode(ppv, 'void *', found);
    return S_OK;
  } catch (error) {
    reportFault(o.binding.library.onError, error, { interfaceName: o.binding.name, method: 'QueryInterface', slot: 0, origin: 'callee' });
    return E_UNEXPECTED;
  }
}

/** The pointer (with a reference taken) that QueryInterface(riid) on `o` gives, or undefined. */
function answer(o: ExportedObject, riid: GUID): NativePointer | undefined {
  const identity = o.identity;
  if (isEqualGuid(riid, IID_IUnknown)) {
    const p = identity.primary ?? o;
    addRefExported(p);
    return p.address;
  }
  for (const e of [o, ...identity.exports.values()]) {
    if (e.binding.derivesFromIid(riid)) {
      addRefExported(e);
      return e.address;
    }
  }
  const impl = identity.impl as { QueryInterface?: (riid: GUID, out: { value: unknown }) => number };
  const binding = o.binding.library.bindingForIid(riid);
  if (!binding || typeof impl.QueryInterface !== 'function') return undefined;
  const box: { value: unknown } = { value: null };
  const hr = impl.QueryInterface(riid, box);
  const result = box.value;
  if (hr < 0 || typeof result !== 'object' || result === null) return undefined;
  if (result instanceof NativeUnknown) {
    // The implementation answers with a native object of its own: hand out its pointer for riid.
    return o.binding.library.queryAddress(NativeUnknown.addressOf(result), riid);
  }
  const p = exportAs(result, binding);
  // A TypeScript QueryInterface counts the reference it gave (COM's rule); the native object holds its own.
  const release = (result as { Release?: () => unknown }).Release;
  if (typeof release === 'function') release.call(result);
  return p;
}
