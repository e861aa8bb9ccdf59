/**
 * `bindLibrary(descriptor)`: a library's descriptors made callable. Per interface an InterfaceBinding: its
 * full vtable (IUnknown's slots first), a koffi prototype per slot, the caller-side invokers the `<I>Native`
 * methods call, the wrappers alive for it (identity), and on demand the vtable of callbacks for exported
 * objects. The library is the ValueContext of its values: it knows which wrapper class or exported object an
 * interface pointer stands for.
 */
import { CO_E_OBJNOTCONNECTED, ComError, E_INVALIDARG, E_NOINTERFACE, E_NOTIMPL, IID_IUnknown, isEqualGuid, parseGuid, type GUID, type HRESULT, type Out } from '@comidl/runtime';
import type { TypeObject } from 'koffi';
import { compileInvoker, notImplementedInvoker, planCallerParameter, type CallerParameter } from './caller.js';
import { compileHandler } from './callee.js';
import type { NativeInterface, NativeLibraryDescriptor, NativeSlot } from './descriptor.js';
import { reportFault, type NativeErrorHandler } from './errors.js';
import { addRefExported, exportAs, exportedAt, iunknownCallbacks, iunknownPrototypes, releaseExported } from './exports.js';
import { writeGuid } from './guid-bytes.js';
import { callArena, readPointer, type Sink } from './memory.js';
import { comPrototype, koffi, toAddress, type NativePointer } from './platform.js';
import { slotPrototype } from './signature.js';
import { StructureTable } from './structures.js';
import { ViewFactory, type Lease } from './views.js';
import { describe, viewAddress, type ValueContext } from './values.js';
import { attachBinding, NativeUnknown, type NativeClass, type NativeFunction, type SlotInvoker } from './wrapper.js';

export interface BindOptions {
  /** Told about faults native callers cannot be told about (see errors.ts); default: a process warning. */
  readonly onError?: NativeErrorHandler;
  /**
   * The bound libraries of the libraries this one uses (`"uses"`): an interface the descriptor does not
   * describe is theirs, its pointers come back as their `<I>Native` classes and this library's interfaces
   * may derive from it.
   */
  readonly uses?: readonly NativeLibrary[];
}

export interface SlotInfo {
  readonly index: number;
  readonly name: string;
  /** The TypeScript method name. */
  readonly method: string;
  readonly declaredIn: string;
  readonly descriptor: NativeSlot;
  readonly prototype: TypeObject;
  /** Why the slot has no binding (its callers get E_NOTIMPL), or null. */
  readonly unsupported: string | null;
}

const IUNKNOWN_SLOTS: readonly NativeSlot[] = [
  {
    name: 'QueryInterface',
    returns: 'HRESULT',
    parameters: [
      { name: 'riid', direction: 'in', type: { kind: 'pointer', to: { kind: 'guid' } } },
      { name: 'ppvObject', direction: 'out', type: { kind: 'pointer', to: { kind: 'opaque' } }, iidIs: 0 },
    ],
  },
  { name: 'AddRef', returns: 'uint32_t', parameters: [] },
  { name: 'Release', returns: 'uint32_t', parameters: [] },
];

/** Bindings of every library bound in the process, by IID (the first binding of an IID wins). */
const processIids = new Map<string, InterfaceBinding>();

let notImplementedCallback: NativePointer | undefined;

export class InterfaceBinding {
  readonly iid: GUID;
  readonly slots: readonly SlotInfo[];
  /** What a released wrapper's slots do: answer CO_E_OBJNOTCONNECTED. */
  readonly disconnected: readonly NativeFunction[];
  readonly invokers: SlotInvoker[];
  private cls: NativeClass;
  private readonly live = new Map<NativePointer, WeakRef<NativeUnknown>>();
  private readonly tables = new Map<NativePointer, NativeFunction[]>();
  private readonly iids: readonly GUID[];
  private vtable: NativePointer | undefined;

  constructor(
    readonly library: NativeLibrary,
    readonly name: string,
    iid: string,
    readonly base: InterfaceBinding | null,
    own: readonly NativeSlot[],
  ) {
    this.iid = parseGuid(iid);
    this.iids = [this.iid, ...(base?.iids ?? [])];
    const protos = iunknownPrototypes();
    const slots: SlotInfo[] = base
      ? [...base.slots]
      : IUNKNOWN_SLOTS.map((d, index) => ({
          index,
          name: d.name,
          method: d.name,
          declaredIn: name,
          descriptor: d,
          prototype: [protos.queryInterface, protos.addRef, protos.release][index],
          unsupported: null,
        }));
    for (const d of own) {
      const index = slots.length;
      let prototype: TypeObject;
      try {
        prototype = slotPrototype(library.structures, d);
      } catch (e) {
        throw new Error(`${library.name}: ${name}::${d.name} (slot ${index}): ${(e as Error).message}`);
      }
      slots.push({ index, name: d.name, method: d.method ?? d.name, declaredIn: name, descriptor: d, prototype, unsupported: d.unsupported ?? null });
    }
    this.slots = slots;
    this.invokers = slots.map(() => notImplementedInvoker());
    const disconnected: NativeFunction = () => CO_E_OBJNOTCONNECTED;
    this.disconnected = slots.map(() => disconnected);
    this.cls = genericClass(this);
  }

  /** Plans every slot's caller side; slots that cannot be represented get E_NOTIMPL (and are listed). */
  compile(): void {
    for (const s of this.slots) {
      if (s.index < 3) continue;
      if (s.declaredIn !== this.name && this.base) {
        this.invokers[s.index] = this.base.invokers[s.index];
        continue;
      }
      if (s.unsupported !== null) continue;
      const plans: CallerParameter[] = [];
      let reason: string | null = null;
      s.descriptor.parameters.forEach((p) => {
        const plan = planCallerParameter(this.library, this, s.descriptor, p);
        if (typeof plan === 'string') reason ??= plan;
        else plans.push(plan);
      });
      if (reason !== null) {
        (s as { unsupported: string | null }).unsupported = reason;
        continue;
      }
      this.invokers[s.index] = compileInvoker(this, { index: s.index, descriptor: s.descriptor, interfaceName: this.name }, plans);
    }
  }

  /** The class wrappers of this interface are made with. */
  useClass(cls: NativeClass): void {
    this.cls = cls;
  }

  hasSlot(name: string): boolean {
    return this.slots.some((s) => s.name === name);
  }

  /** Whether calling slot `name` ends live views handed out by another slot of this interface. */
  viewsEndedBy(name: string): boolean {
    return this.slots.some((s) => s.descriptor.parameters.some((p) => p.view?.endedBy === name));
  }

  derivesFrom(name: string): boolean {
    for (let b: InterfaceBinding | null = this; b; b = b.base) if (b.name === name) return true;
    return false;
  }

  derivesFromIid(iid: GUID): boolean {
    return this.iids.some((i) => isEqualGuid(i, iid));
  }

  /** The decoded vtable of the object at `address` (cached per vtable: objects of one class share it). */
  functionsFor(address: NativePointer): NativeFunction[] {
    const vtbl = toAddress(koffi.decode(address, 'void *') as bigint);
    if (vtbl === 0n) throw new ComError(E_INVALIDARG, `${this.name}: the object at 0x${address.toString(16)} has no vtable`);
    let fns = this.tables.get(vtbl);
    if (!fns) {
      const pointers = koffi.decode(vtbl, 'void *', this.slots.length) as (bigint | null)[];
      fns = this.slots.map((s, i) => (s.unsupported !== null || !pointers[i] ? undefined : koffi.decode(pointers[i], s.prototype))) as NativeFunction[];
      this.tables.set(vtbl, fns);
    }
    return fns;
  }

  /** The wrapper of `address`: `borrow` takes a reference (AddRef), `own` takes over the caller's. */
  wrap(address: NativePointer, mode: 'borrow' | 'own'): NativeUnknown {
    const existing = this.live.get(address)?.deref();
    if (existing && !existing.released) {
      if (mode === 'own') existing.$fns[2](address);
      return existing;
    }
    const fns = this.functionsFor(address);
    if (mode === 'borrow') fns[1](address);
    const w = new this.cls(this, address, fns);
    this.live.set(address, new WeakRef(w));
    return w;
  }

  /** Drops the identity entry of `address` (if it is `w`'s, or its wrapper is gone). */
  forget(address: NativePointer, w?: NativeUnknown): void {
    const current = this.live.get(address)?.deref();
    if (current === undefined || current === w) this.live.delete(address);
  }

  /** Calls the native Release of `address` (for the finalizer); a failure is reported, never thrown. */
  releaseAddress(address: NativePointer, why: string): void {
    try {
      this.library.releaseInterface(address);
    } catch (error) {
      reportFault(this.library.onError, error, { interfaceName: this.name, method: `Release (${why})`, slot: 2, origin: 'release' });
    }
  }

  /** QueryInterface through a wrapper: the answer wrapped as the interface of `riid`. */
  queryInterface(self: NativeUnknown, riid: GUID, out: Out<unknown>): HRESULT {
    if (typeof out !== 'object' || out === null) throw new ComError(E_INVALIDARG, `${this.name}::QueryInterface: expected an Out box, got ${describe(out)}`);
    const p = this.library.queryAddressRaw(self.$fns[0], self.$ptr, riid);
    out.value = p.address === 0n ? null : this.library.readInterfaceByIid(riid, p.address);
    return p.hr;
  }

  /** The vtable exported objects of this interface point to (built on first use). */
  exportVtable(): NativePointer {
    if (this.vtable !== undefined) return this.vtable;
    const pointers: NativePointer[] = [...iunknownCallbacks()];
    for (const s of this.slots.slice(3)) {
      const handler = s.unsupported !== null ? null : compileHandler(this, s.index, s.descriptor, s.method);
      pointers.push(handler === null ? notImplemented() : koffi.register(handler, koffi.pointer(s.prototype)));
    }
    const table = koffi.alloc('void *', pointers.length) as bigint;
    koffi.encode(table, koffi.array('void *', pointers.length), pointers);
    return (this.vtable = table);
  }
}

function notImplemented(): NativePointer {
  return (notImplementedCallback ??= koffi.register(() => E_NOTIMPL, koffi.pointer(comPrototype('int32_t', ['void *']))));
}

/** A wrapper class for an interface no generated class was given for: its slots as methods, by name. */
function genericClass(binding: InterfaceBinding): NativeClass {
  const cls = class extends NativeUnknown {};
  Object.defineProperty(cls, 'name', { value: `${binding.name}Native` });
  Object.defineProperty(cls.prototype, '$invoke', { value: binding.invokers });
  for (const s of binding.slots.slice(3)) {
    const i = s.index;
    Object.defineProperty(cls.prototype, s.method, {
      value: function (this: NativeUnknown, ...args: unknown[]) {
        return binding.invokers[i](this, ...args);
      },
      writable: true,
      configurable: true,
    });
  }
  attachBinding(cls, binding);
  return cls as unknown as NativeClass;
}

export class NativeLibrary implements ValueContext {
  readonly name: string;
  readonly structures: StructureTable;
  readonly views: ViewFactory;
  /** Where faults native callers cannot be told about go (see errors.ts); may be changed at any time. */
  onError: NativeErrorHandler | undefined;
  readonly unknown: InterfaceBinding;
  private readonly bindings = new Map<string, InterfaceBinding>();
  private readonly byIid = new Map<string, InterfaceBinding>();
  private readonly used: readonly NativeLibrary[];

  constructor(descriptor: NativeLibraryDescriptor, options: BindOptions = {}) {
    this.name = descriptor.name;
    this.onError = options.onError;
    this.used = options.uses ?? [];
    this.structures = new StructureTable(descriptor.name, descriptor.structures);
    for (const s of this.structures.names()) this.structures.get(s);
    this.views = new ViewFactory(this);
    const listed = descriptor.interfaces.find((i) => i.name === 'IUnknown');
    this.unknown = this.add(new InterfaceBinding(this, 'IUnknown', listed?.iid ?? IID_IUnknown, null, []));
    for (const d of descriptor.interfaces) if (d.name !== 'IUnknown') this.add(this.declare(d));
    for (const b of this.bindings.values()) b.compile();
  }

  private declare(d: NativeInterface): InterfaceBinding {
    if (this.bindings.has(d.name)) throw new Error(`${this.name}: interface ${d.name} is described twice`);
    const base = this.find(d.base);
    if (!base) throw new Error(`${this.name}: ${d.name}'s base ${d.base} is not described before it`);
    return new InterfaceBinding(this, d.name, d.iid, base, d.slots);
  }

  private add(b: InterfaceBinding): InterfaceBinding {
    this.bindings.set(b.name, b);
    if (!this.byIid.has(b.iid)) this.byIid.set(b.iid, b);
    if (!processIids.has(b.iid)) processIids.set(b.iid, b);
    return b;
  }

  binding(name: string): InterfaceBinding {
    const b = this.find(name);
    if (!b) throw new ComError(E_NOINTERFACE, `${this.name}: no interface named ${name} is described`);
    return b;
  }

  /** The binding of `name`: this library's, else the first used library's (depth first) that describes it. */
  private find(name: string): InterfaceBinding | undefined {
    const own = this.bindings.get(name);
    if (own) return own;
    for (const u of this.used) {
      const b = u.find(name);
      if (b) return b;
    }
    return undefined;
  }

  /** The binding for an IID: this library's, else any bound library's. */
  bindingForIid(iid: GUID): InterfaceBinding | undefined {
    const key = parseGuid(iid);
    return this.byIid.get(key) ?? processIids.get(key);
  }

  /**
   * Makes `cls` (a generated `<I>Native`) the class of `name`'s wrappers: `cls.fromPointer` works, and [out]
   * pointers of the interface come back as `cls` instances. Every slot with a binding needs its method.
   */
  implement<T extends NativeUnknown>(name: string, cls: NativeClass<T>): void {
    const b = this.binding(name);
    if (b.library !== this) throw new Error(`${name} is ${b.library.name}'s interface: its class is implemented there`);
    const missing = b.slots.filter((s) => s.index >= 3 && s.descriptor.unsupported === undefined && typeof (cls.prototype as unknown as Record<string, unknown>)[s.method] !== 'function');
    if (missing.length > 0) throw new Error(`${cls.name} lacks ${missing.map((s) => `${s.method} (slot ${s.index})`).join(', ')}`);
    Object.defineProperty(cls.prototype, '$invoke', { value: b.invokers, configurable: true });
    attachBinding(cls, b);
    b.useClass(cls as unknown as NativeClass);
  }

  /** The wrapper class of an interface (the implemented one, or a generic one with the slots as methods). */
  wrapperOf(name: string): (p: NativePointer | number) => NativeUnknown {
    const b = this.binding(name);
    return (p) => b.wrap(toAddress(p), 'borrow');
  }

  /** A native interface pointer to `impl` as interface `name`, with one reference for the caller. */
  exportObject(impl: object, name: string): NativePointer {
    if (typeof impl !== 'object' || impl === null) throw new ComError(E_INVALIDARG, `exportObject: expected an object, got ${describe(impl)}`);
    return exportAs(impl, this.binding(name));
  }

  // ---- ValueContext -----------------------------------------------------------------------------------

  readInterface(name: string, p: NativePointer): unknown {
    const o = exportedAt(p);
    if (o) return o.identity.impl;
    return (this.find(name) ?? this.unknown).wrap(p, 'borrow');
  }

  /** Like readInterface, taking over the reference `p` carries. */
  readInterfaceOwned(name: string, p: NativePointer): unknown {
    const o = exportedAt(p);
    if (o) {
      releaseExported(o);
      return o.identity.impl;
    }
    return (this.find(name) ?? this.unknown).wrap(p, 'own');
  }

  readInterfaceByIid(iid: GUID, p: NativePointer): unknown {
    const b = this.bindingForIid(iid) ?? this.unknown;
    return b.library.readInterfaceOwned(b.name, p);
  }

  writeInterface(name: string, value: unknown, give: boolean, sink: Sink): NativePointer {
    if (value instanceof NativeUnknown) {
      const p = NativeUnknown.addressOf(value);
      if (value.$binding.derivesFrom(name)) {
        if (give) value.$fns[1](p);
        return p;
      }
      const target = this.find(name);
      const q = target ? this.queryAddress(p, target.iid) : undefined;
      if (q === undefined) throw new ComError(E_NOINTERFACE, `a ${value.$binding.name} wrapper was given where ${name} is expected, and the object does not answer ${name}`);
      if (!give) sink.defer(() => this.releaseInterface(q));
      return q;
    }
    if (typeof value === 'bigint' || typeof value === 'number') {
      const p = toAddress(value);
      if (give && p !== 0n) this.addRefAddress(p);
      return p;
    }
    if ((typeof value === 'object' || typeof value === 'function') && value !== null) {
      const b = this.find(name);
      if (!b) throw new ComError(E_NOTIMPL, `${this.name}: ${name} is not described, so an object cannot be exported as one`);
      const p = exportAs(value, b);
      if (!give) sink.defer(() => this.releaseInterface(p));
      return p;
    }
    throw new ComError(E_INVALIDARG, `expected a ${name} (an object, a wrapper or a pointer) or null, got ${describe(value)}`);
  }

  releaseInterface(p: NativePointer): void {
    const o = exportedAt(p);
    if (o) releaseExported(o);
    else this.unknown.functionsFor(p)[2](p);
  }

  addRefAddress(p: NativePointer): NativePointer {
    const o = exportedAt(p);
    if (o) addRefExported(o);
    else this.unknown.functionsFor(p)[1](p);
    return p;
  }

  /** QueryInterface on any interface pointer: the answer (with its reference) or undefined. */
  queryAddress(p: NativePointer, riid: GUID): NativePointer | undefined {
    const r = this.queryAddressRaw(this.unknown.functionsFor(p)[0], p, riid);
    return r.address === 0n ? undefined : r.address;
  }

  queryAddressRaw(qi: NativeFunction, p: NativePointer, riid: GUID): { hr: HRESULT; address: NativePointer } {
    const arena = callArena();
    const top = arena.top;
    const pending = arena.pending;
    try {
      const g = arena.allocate(16);
      writeGuid(g.view, g.offset, riid);
      const cell = arena.allocate(8);
      const hr = qi(p, g.address, cell.address) as number;
      return { hr, address: readPointer(arena.view, cell.offset) };
    } finally {
      arena.release(top, pending);
    }
  }

  // ---- structures -------------------------------------------------------------------------------------

  /** A live view of the structure `name` at `address` (for pointers obtained otherwise); end it with the lease. */
  viewAt<T = Record<string, unknown>>(name: string, address: NativePointer | number, lease: Lease): T {
    return this.views.viewAt(this.structures.get(name), toAddress(address), lease) as T;
  }

  /** A zeroed structure in memory of its own, as a live view (what an exported object can hand out); `free` frees it. */
  allocateStructure<T = Record<string, unknown>>(name: string): { view: T; address: NativePointer; free(): void } {
    const { view, lease } = this.views.allocate(this.structures.get(name), `a ${name} allocated by ${this.name}`);
    return { view: view as T, address: (view as { [viewAddress]: NativePointer })[viewAddress], free: () => lease.end('it was freed') };
  }

  /** A plain copy of a live view. */
  copyOf(view: object): Record<string, unknown> {
    return this.views.copyOf(view);
  }

  /** Slots without a binding (placeholders, signatures that cannot be represented), with the reason. */
  unsupportedSlots(): { interfaceName: string; slot: number; name: string; reason: string }[] {
    const out: { interfaceName: string; slot: number; name: string; reason: string }[] = [];
    for (const b of this.bindings.values()) {
      for (const s of b.slots) if (s.declaredIn === b.name && s.unsupported !== null) out.push({ interfaceName: b.name, slot: s.index, name: s.name, reason: s.unsupported });
    }
    return out;
  }
}

export function bindLibrary(descriptor: NativeLibraryDescriptor, options?: BindOptions): NativeLibrary {
  return new NativeLibrary(descriptor, options);
}

/**
 * The process's IUnknown binding, for `NativeUnknown.fromPointer(p)`: a pointer of no particular interface
 * (an IMsgStore from MAPI, a class object from a DLL), whose QueryInterface answers come back as the classes of
 * whichever bound library describes the IID asked for.
 */
const comLibrary = new NativeLibrary({ name: 'com', structures: [], interfaces: [] });
attachBinding(NativeUnknown, comLibrary.unknown);
