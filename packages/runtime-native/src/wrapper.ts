/**
 * `<I>Native`: a TypeScript object standing for a native interface pointer. Its methods call the function
 * pointers in the object's vtable (through the slot invokers of its interface binding). A wrapper holds one
 * reference to the native object; `Release()` or `[Symbol.dispose]()` gives it back, and a wrapper dropped
 * without either is released by a FinalizationRegistry, never twice. One native interface pointer has one
 * wrapper per interface while that wrapper lives (identity).
 */
import {
  CO_E_OBJNOTCONNECTED,
  ComError,
  E_INVALIDARG,
  E_POINTER,
  type GUID,
  type HRESULT,
  type Out,
} from '@comidl/runtime';
import type { InterfaceBinding } from './library.js';
import type { Lease } from './views.js';
import { toAddress, type NativePointer, type NativePointerLike } from './platform.js';

/** A caller-side slot: the wrapper, then the method's TypeScript arguments. */
export type SlotInvoker = (self: NativeUnknown, ...args: any[]) => any;

/** What a wrapper and its finalizer share: the references still to give back. */
interface Holding {
  readonly address: NativePointer;
  readonly binding: InterfaceBinding;
  /** References held: 1 (the wrapper's own) plus those taken by AddRef through it; 0 once given back. */
  count: number;
}

const finalizer = new FinalizationRegistry<Holding>((h) => {
  if (h.count === 0) return;
  const n = h.count;
  h.count = 0;
  h.binding.forget(h.address);
  for (let i = 0; i < n; i++) h.binding.releaseAddress(h.address, 'a wrapper dropped without Release');
});

export type NativeFunction = (...args: any[]) => any;

/** The class of a wrapper (a generated `<I>Native`, or NativeUnknown itself). */
export type NativeClass<T extends NativeUnknown = NativeUnknown> = (new (binding: InterfaceBinding, address: NativePointer, fns: readonly NativeFunction[]) => T) & {
  readonly prototype: T;
};

const bindings = new WeakMap<object, InterfaceBinding>();

/** Called by `NativeLibrary.implement`: `cls` wraps pointers of `binding`'s interface. */
export function attachBinding(cls: object, binding: InterfaceBinding): void {
  bindings.set(cls, binding);
}

function bindingOf(cls: object): InterfaceBinding {
  const b = bindings.get(cls);
  if (!b) throw new Error(`${(cls as { name?: string }).name ?? 'this class'} is not bound: call library.implement('<interface>', ${(cls as { name?: string }).name ?? 'Class'}) first`);
  return b;
}

export class NativeUnknown {
  /** The native interface pointer; 0n once the wrapper gave its references back. */
  $ptr: NativePointer;
  /** The object's vtable, decoded: one koffi function per slot (undefined for slots without a binding). */
  $fns: readonly NativeFunction[];
  readonly $binding: InterfaceBinding;
  /** Caller-side slot invokers of the interface, by slot index (shared by every wrapper of the interface). */
  declare readonly $invoke: readonly SlotInvoker[];
  /** Open live views, by the name of the slot that ends them. */
  $views: Map<string, Lease[]> | undefined;
  private readonly $holding: Holding;

  /** Made by the interface binding (`fromPointer`, [out] values); not called directly. */
  constructor(binding: InterfaceBinding, address: NativePointer, fns: readonly NativeFunction[]) {
    this.$binding = binding;
    this.$ptr = address;
    this.$fns = fns;
    this.$views = undefined;
    this.$holding = { address, binding, count: 1 };
    finalizer.register(this, this.$holding, this.$holding);
  }

  /**
   * The wrapper of a native interface pointer (a koffi pointer or an address). The wrapper takes a reference of
   * its own (AddRef), so the caller keeps and releases the one it has. The same pointer gives the same wrapper
   * while that wrapper lives.
   */
  static fromPointer<T extends NativeUnknown>(this: NativeClass<T>, p: NativePointerLike): T {
    return bindingOf(this).wrap(checkedAddress(p), 'borrow') as T;
  }

  /** Like fromPointer, but takes over the caller's reference instead of taking one (no AddRef). */
  static attach<T extends NativeUnknown>(this: NativeClass<T>, p: NativePointerLike): T {
    return bindingOf(this).wrap(checkedAddress(p), 'own') as T;
  }

  /** The interface's name. */
  get interfaceName(): string {
    return this.$binding.name;
  }

  /**
   * IUnknown::QueryInterface: `ppvObject.value` becomes the wrapper of the requested interface (of the
   * library's class for that IID, or a NativeUnknown when the library does not describe it), or null.
   */
  QueryInterface(riid: GUID, ppvObject: Out<unknown>): HRESULT {
    return this.$binding.queryInterface(this, riid, ppvObject);
  }

  /** IUnknown::AddRef: one more reference, held through this wrapper and given back by Release. */
  AddRef(): number {
    if (this.$holding.count === 0) return 0;
    const n = this.$fns[1](this.$ptr) as number;
    this.$holding.count++;
    return n;
  }

  /**
   * IUnknown::Release: gives back one reference held through this wrapper, the wrapper's own last; after that
   * the wrapper is disconnected (its methods answer CO_E_OBJNOTCONNECTED) and the pointer may get a new one.
   * Returns what the native Release returned (0 when nothing was held).
   */
  Release(): number {
    const h = this.$holding;
    if (h.count === 0) return 0;
    const release = this.$fns[2];
    const address = this.$ptr;
    h.count--;
    if (h.count === 0) this.disconnect();
    return release(address) as number;
  }

  /** Gives back every reference held through this wrapper (for `using`). */
  [Symbol.dispose](): void {
    while (this.$holding.count > 0) this.Release();
  }

  /** True once the wrapper gave its references back. */
  get released(): boolean {
    return this.$holding.count === 0;
  }

  private disconnect(): void {
    finalizer.unregister(this.$holding);
    this.$binding.forget(this.$ptr);
    for (const leases of this.$views?.values() ?? []) for (const lease of leases) lease.end('its interface pointer was released');
    this.$views = undefined;
    this.$fns = this.$binding.disconnected;
    this.$ptr = 0n;
  }

  /** The address of a wrapper's interface pointer (throws for a released one). */
  static addressOf(wrapper: NativeUnknown): NativePointer {
    if (wrapper.$holding.count === 0) throw new ComError(CO_E_OBJNOTCONNECTED, `${wrapper.$binding.name}: the wrapper was released`);
    return wrapper.$ptr;
  }
}

function checkedAddress(p: NativePointerLike): NativePointer {
  if (typeof p !== 'bigint' && typeof p !== 'number') throw new ComError(E_INVALIDARG, `expected an interface pointer (bigint or number), got ${typeof p}`);
  const a = toAddress(p);
  if (a === 0n) throw new ComError(E_POINTER, 'NULL interface pointer');
  return a;
}

