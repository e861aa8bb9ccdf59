/**
 * The callee side of a slot: the koffi callback an exported vtable holds. It finds the exported object by
 * `This`, converts the native arguments to what the TypeScript method takes (the same kinds a wrapper's
 * caller passes: numbers, strings, GUID strings, copies of structures, wrappers for interface pointers,
 * `{ value }` boxes for [out] and [in, out]), calls the implementation, and writes the boxes back as COM says:
 * strings and structures handed out are allocated with the allocator the caller will free them with
 * (CoTaskMemAlloc, SysAllocString, MAPIAllocateBuffer/More), interface pointers handed out carry a reference.
 *
 * An exception becomes an HRESULT (a ComError's own, else E_FAIL) and goes to the library's onError; [out]
 * pointers are then set to NULL. Native code never sees a JavaScript exception.
 */
import { ComError, E_FAIL, E_NOTIMPL, E_UNEXPECTED, S_OK } from '@comidl/runtime';
import { allocateString, allocateWith, freeWith } from './allocators.js';
import type { NativeAllocatorName, NativeParameter, NativeScalar, NativeSlot, NativeType } from './descriptor.js';
import { reportFault } from './errors.js';
import { guidFromFields, guidToFields } from './guid-bytes.js';
import { exportedAt } from './exports.js';
import type { InterfaceBinding, NativeLibrary } from './library.js';
import type { Block, Sink } from './memory.js';
import { koffi, toAddress, type NativePointer } from './platform.js';
import { GUID_TYPE, is64, type StructureTable } from './structures.js';
import { addressOfView, copyArrayAt, copyAt, describe, fromRaw, readString, scalarFromRaw, writeValue } from './values.js';

/** Memory handed to the caller: allocated with COM's allocator for it, never freed here. */
class AllocatorSink implements Sink {
  constructor(
    private readonly deallocator: NativeAllocatorName,
    private readonly parent?: NativePointer,
  ) {}

  allocate(size: number): Block {
    const address = allocateWith(this.deallocator, Math.max(size, 1), this.parent);
    const view = new DataView(koffi.view(address, Math.max(size, 1)));
    new Uint8Array(view.buffer).fill(0);
    return { view, offset: 0, address };
  }

  defer(): void {
    // What is written here belongs to the caller now (a BSTR inside is freed by it).
  }
}

interface CalleeParameter {
  /** The TypeScript argument from the raw one (`values`: the arguments converted so far). */
  toValue(raw: unknown, values: unknown[]): unknown;
  /** Writes an [out] box back to the caller's memory at `raw` (`ok`: the implementation succeeded). */
  write?(raw: NativePointer, box: { value: unknown }, initial: unknown, ok: boolean, values: unknown[]): void;
}

/** The callback of slot `index` of `binding`'s exported vtable. */
export function compileHandler(binding: InterfaceBinding, index: number, slot: NativeSlot, method: string): (...raw: unknown[]) => unknown {
  const lib = binding.library;
  const where = (p: NativeParameter) => `${binding.name}::${slot.name} parameter ${p.name}`;
  const plans: CalleeParameter[] = [];
  for (const p of slot.parameters) {
    const plan = planCalleeParameter(lib, p, where(p));
    if (typeof plan === 'string') return fixed(slot, E_NOTIMPL);
    plans.push(plan);
  }
  const isHresult = slot.returns === 'HRESULT';
  const failure = (e: unknown) => (isHresult ? (e instanceof ComError ? e.hresult : E_FAIL) : slot.returns === 'void' ? undefined : 0);
  const fault = (error: unknown) => reportFault(lib.onError, error, { interfaceName: binding.name, method: slot.name, slot: index, origin: 'callee' });
  return (self: unknown, ...raw: unknown[]) => {
    const o = exportedAt(toAddress(self as bigint));
    if (!o) {
      fault(new ComError(E_UNEXPECTED, 'called on an object that no longer exists'));
      return failure(undefined);
    }
    const impl = o.identity.impl as Record<string, unknown>;
    const fn = impl[method];
    if (typeof fn !== 'function') return isHresult ? E_NOTIMPL : failure(undefined);
    const values: unknown[] = new Array(plans.length);
    const initial: unknown[] = new Array(plans.length);
    let result: unknown;
    let ok = false;
    try {
      for (let i = 0; i < plans.length; i++) {
        values[i] = plans[i].toValue(raw[i], values);
        if (plans[i].write) initial[i] = (values[i] as { value: unknown }).value;
      }
      result = fn.apply(impl, values);
      if (typeof (result as { then?: unknown } | null)?.then === 'function') {
        throw new ComError(E_FAIL, `${binding.name}::${slot.name} answered with a Promise: native callers need the answer when the call returns`);
      }
      ok = !isHresult || typeof result !== 'number' || result >= 0;
    } catch (error) {
      fault(error);
      result = failure(error);
    }
    try {
      for (let i = 0; i < plans.length; i++) {
        const out = raw[i];
        if (plans[i].write && out) plans[i].write!(toAddress(out as bigint), values[i] as { value: unknown }, initial[i], ok, values);
      }
    } catch (error) {
      fault(error);
      if (ok) result = failure(error);
    }
    if (isHresult) return result === undefined ? S_OK : typeof result === 'number' ? result | 0 : E_FAIL;
    if (slot.returns === 'void') return undefined;
    return result ?? 0;
  };
}

function fixed(slot: NativeSlot, hr: number): () => unknown {
  return () => (slot.returns === 'void' ? undefined : hr);
}

function planCalleeParameter(lib: NativeLibrary, p: NativeParameter, where: string): CalleeParameter | string {
  const t = p.type;
  if (p.direction === 'in') {
    if (typeof t === 'string') return { toValue: (raw) => scalarFromRaw(t, raw) };
    switch (t.kind) {
      case 'string':
        return t.encoding === 'bstr' ? { toValue: (raw) => readString('bstr', toAddress(raw as bigint)) } : { toValue: (raw) => raw ?? null };
      case 'opaque':
        return { toValue: (raw) => (raw === null || raw === 0n ? null : raw) };
      case 'interface':
        return { toValue: (raw) => (toAddress(raw as bigint) === 0n ? null : lib.readInterface(t.name, toAddress(raw as bigint))) };
      case 'guid':
        return { toValue: (raw) => guidFromFields(raw as Parameters<typeof guidFromFields>[0]) };
      case 'struct':
        return { toValue: (raw) => fromRaw(lib, t, raw, null) };
      case 'pointer': {
        const to = t.to;
        if (p.sizeIs !== undefined) {
          const at = p.sizeIs;
          return { toValue: (raw, values) => copyArrayAt(lib, to, toAddress(raw as bigint), Number(values[at]), null) };
        }
        return { toValue: (raw) => (toAddress(raw as bigint) === 0n ? null : copyAt(lib, to, toAddress(raw as bigint), null)) };
      }
      default:
        return `[in] ${t.kind} by value`;
    }
  }
  if (typeof t === 'string' || t.kind !== 'pointer') return 'not a pointer';
  const to = t.to;
  const inOut = p.direction === 'in,out';
  const boxOf = (initial: (q: NativePointer) => unknown) => (raw: unknown) => ({
    value: inOut && toAddress(raw as bigint) !== 0n ? initial(toAddress(raw as bigint)) : undefined,
  });
  const deallocator = p.free ?? 'CoTaskMemFree';
  if (p.sizeIs !== undefined) {
    if (inOut) return '[in, out, size_is]';
    const at = p.sizeIs;
    return {
      toValue: boxOf(() => undefined),
      write: (q, box, _i, ok, values) => {
        if (!ok || box.value === undefined || box.value === null) return;
        const count = Number(values[at]);
        const size = lib.structures.sizeOf(to);
        const view = new DataView(koffi.view(q, Math.max(1, count * size)));
        const items = box.value as ArrayLike<unknown>;
        const sink = new AllocatorSink(deallocator);
        for (let i = 0; i < Math.min(count, items.length); i++) writeValue(lib, to, view, i * size, items[i], sink, true, `${where}[${i}]`);
      },
    };
  }
  if (typeof to === 'string') {
    return {
      toValue: boxOf((q) => scalarFromRaw(to, koffi.decode(q, to))),
      write: (q, box) => {
        if (box.value !== undefined) koffi.encode(q, to, coerce(to, box.value, where));
      },
    };
  }
  const encodePointer = (q: NativePointer, v: NativePointer) => koffi.encode(q, 'void *', v === 0n ? null : v);
  switch (to.kind) {
    case 'opaque':
      return {
        toValue: boxOf((q) => pointerOrNull(koffi.decode(q, 'void *'))),
        write: (q, box, _initial, ok, values) => {
          if (!ok) return encodePointer(q, 0n);
          const v = box.value;
          if (v === undefined) return;
          if (p.iidIs !== undefined && v !== null && typeof v === 'object' && addressOfView(v) === undefined) {
            const binding = lib.bindingForIid(values[p.iidIs] as string);
            if (!binding) throw new ComError(E_FAIL, `${where}: no interface with IID ${String(values[p.iidIs])} is described`);
            return encodePointer(q, lib.writeInterface(binding.name, v, true, new AllocatorSink(deallocator)));
          }
          encodePointer(q, addressOfView(v) ?? toAddress(v as bigint | null));
        },
      };
    case 'string':
      return {
        toValue: boxOf((q) => readString(to.encoding, toAddress(koffi.decode(q, 'void *') as bigint))),
        write: (q, box, initial, ok) => {
          if (!ok) return inOut ? undefined : encodePointer(q, 0n);
          if (box.value === undefined || (inOut && box.value === initial)) return;
          const old = inOut ? toAddress(koffi.decode(q, 'void *') as bigint) : 0n;
          encodePointer(q, box.value === null ? 0n : allocateString(to.encoding, String(box.value), deallocator));
          if (old !== 0n) freeWith(to.encoding === 'bstr' ? 'SysFreeString' : deallocator, old);
        },
      };
    case 'interface':
      return {
        toValue: boxOf((q) => {
          const i = toAddress(koffi.decode(q, 'void *') as bigint);
          return i === 0n ? null : lib.readInterface(to.name, i);
        }),
        write: (q, box, initial, ok) => {
          if (!ok) return inOut ? undefined : encodePointer(q, 0n);
          if (box.value === undefined || (inOut && box.value === initial)) return;
          const old = inOut ? toAddress(koffi.decode(q, 'void *') as bigint) : 0n;
          encodePointer(q, box.value === null ? 0n : lib.writeInterface(to.name, box.value, true, new AllocatorSink(deallocator)));
          if (old !== 0n) lib.releaseInterface(old);
        },
      };
    case 'guid':
      return {
        toValue: boxOf((q) => guidFromFields(koffi.decode(q, GUID_TYPE))),
        write: (q, box, _i, ok) => {
          if (ok && typeof box.value === 'string') koffi.encode(q, GUID_TYPE, guidToFields(box.value));
        },
      };
    case 'struct': {
      const size = lib.structures.get(to.name).size;
      return {
        toValue: boxOf((q) => copyAt(lib, to, q, null)),
        write: (q, box, _i, ok) => {
          if (!ok || box.value === undefined || box.value === null) return;
          writeValue(lib, to, new DataView(koffi.view(q, size)), 0, box.value, new AllocatorSink(deallocator), true, where);
        },
      };
    }
    case 'pointer': {
      if (inOut) return '[in, out] pointer to a callee-allocated value';
      const target = to.to;
      return {
        toValue: () => ({ value: undefined }),
        write: (q, box, _i, ok) => {
          if (!ok || box.value === undefined || box.value === null) return encodePointer(q, 0n);
          encodePointer(q, allocateValue(lib.structures, lib, target, box.value, deallocator, where));
        },
      };
    }
    default:
      return `[${p.direction}] pointer to ${to.kind}`;
  }
}

/** `value` of type `t` in memory of its own from the allocator the caller frees with; returns its address. */
function allocateValue(structures: StructureTable, lib: NativeLibrary, t: NativeType, value: unknown, deallocator: NativeAllocatorName, where: string): NativePointer {
  const size = structures.sizeOf(t);
  const top = allocateWith(deallocator, Math.max(1, size));
  const view = new DataView(koffi.view(top, Math.max(1, size)));
  new Uint8Array(view.buffer).fill(0);
  writeValue(lib, t, view, 0, value, new AllocatorSink(deallocator, deallocator === 'MAPIFreeBuffer' ? top : undefined), true, where);
  return top;
}

function pointerOrNull(raw: unknown): NativePointer | null {
  const a = toAddress(raw as bigint | null);
  return a === 0n ? null : a;
}

function coerce(t: NativeScalar, v: unknown, where: string): number | bigint {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return is64(t) ? BigInt(Math.trunc(v)) : v;
  if (typeof v === 'bigint') return v;
  throw new ComError(E_FAIL, `${where}: the implementation set ${describe(v)}, not a number`);
}
