/**
 * The base of mocks and fakes: a COM object built from a vtable layout, with one recorded, Jest-compatible
 * function per slot (IUnknown's three and placeholders included) and the answers a COM object gives when
 * nothing else is programmed: reference counting, QueryInterface over the layout's IID chain, E_NOTIMPL for
 * placeholders, S_OK for other HRESULT methods.
 */
import { describeForMessage, formatCall } from './format.js';
import { IID_IUnknown, isEqualGuid, type GUID } from './guid.js';
import { E_NOINTERFACE, E_NOTIMPL, E_POINTER, S_OK } from './hresult.js';
import type { InterfaceLayout, SlotLayout, TypeLibrary } from './layout.js';
import { createMockFunction, type MockableFunction, type MockFunction, type MockResult } from './mock-function.js';

/** The names of T's methods (for a generated interface: every vtable name, IUnknown's included). */
export type MockMethodName<T> = { [K in keyof T]-?: T[K] extends MockableFunction ? K : never }[keyof T] & string;

/** The function type of method K of T. */
export type MockMethodOf<T, K extends MockMethodName<T>> = T[K] extends MockableFunction ? T[K] : never;

/** The name a slot's method has on generated interfaces, and so on mocks and fakes. */
export function methodKeyOf(slot: SlotLayout): string {
  return slot.method ?? slot.name;
}

/** One call to a mock or fake, in call order. */
export interface MockCall {
  /** Vtable index. */
  readonly slot: number;
  /** The method's name on the generated interface (the vtable name, unless the layout gives `method`). */
  readonly method: string;
  /** The arguments as passed: in values, and the caller's Out/InOut boxes (filled once the call returns). */
  readonly args: readonly unknown[];
  /** What the call returned (undefined while it runs, or when it threw). */
  readonly result: unknown;
  /** Set when the call threw (a strict mock refusing it). */
  readonly error?: unknown;
}

export abstract class ComDouble<T> {
  declare readonly layout: InterfaceLayout;
  /** Every call, in order. */
  readonly calls: MockCall[] = [];
  protected declare readonly types: TypeLibrary;
  /** The reference count AddRef and Release report; a new object holds one reference. */
  protected refCount = 1;
  readonly #functions = new Map<string, MockFunction>();
  readonly #kind: string;

  constructor(layout: InterfaceLayout, types: TypeLibrary, kind: string) {
    // Not enumerable, so that Jest prints a double passed as an argument without its whole type library.
    Object.defineProperty(this, 'layout', { value: layout });
    Object.defineProperty(this, 'types', { value: types });
    this.#kind = kind;
    for (const slot of layout.slots) {
      const key = methodKeyOf(slot);
      if (key in this) {
        throw new TypeError(`${layout.name}::${key} (slot ${slot.index}) has the name of a member of the ${kind}`);
      }
      const records = new WeakMap<unknown[], { result: unknown; error?: unknown }>();
      const fn = createMockFunction(`${layout.name}::${slot.name}`, (args) => this.answer(slot, args), {
        onCall: (args) => {
          const call = { slot: slot.index, method: key, args, result: undefined };
          records.set(args, call);
          this.calls.push(call);
        },
        onResult: (args, outcome: MockResult) => {
          const call = records.get(args);
          if (!call) return;
          if (outcome.type === 'throw') call.error = outcome.value;
          else call.result = outcome.value;
        },
      });
      this.#functions.set(key, fn);
      Object.defineProperty(this, key, { value: fn, writable: true, configurable: true, enumerable: false });
    }
  }

  /** The calls to one method, in order. */
  callsTo(method: MockMethodName<T>): MockCall[] {
    this.slotNamed(method);
    return this.calls.filter((c) => c.method === method);
  }

  callCount(method: MockMethodName<T>): number {
    return this.callsTo(method).length;
  }

  /** The recorded function of a method, typed: `mock.fn('SyncBeg').mock.calls[0]`. */
  fn<K extends MockMethodName<T>>(method: K): MockFunction<MockMethodOf<T, K>> {
    this.slotNamed(method);
    return this.#functions.get(method) as unknown as MockFunction<MockMethodOf<T, K>>;
  }

  /** How the double answers a call; `args` is the array `calls` records. */
  protected abstract answer(slot: SlotLayout, args: unknown[]): unknown;

  /** The slot of a method name; a TypeError naming the interface for a name the layout lacks. */
  protected slotNamed(method: string): SlotLayout {
    const slot = this.layout.slots.find((s) => methodKeyOf(s) === method);
    if (!slot) throw new TypeError(`${this.layout.name} has no method '${method}'`);
    return slot;
  }

  /** `IOSTX::SyncBeg(uiSync = 4, ppv = [out])`. */
  protected describeCall(slot: SlotLayout, args: readonly unknown[]): string {
    return formatCall(this.layout.name, slot, args);
  }

  /** Forgets the calls (the double's and every function's) and the reference count. */
  protected clearCalls(): void {
    this.calls.length = 0;
    for (const fn of this.#functions.values()) fn.mockClear();
    this.refCount = 1;
  }

  /** The IIDs QueryInterface answers: the layout's, its bases' (as far as the type library knows them), IUnknown's. */
  protected iidChain(): GUID[] {
    const iids: GUID[] = [];
    const seen = new Set<string>();
    for (let layout: InterfaceLayout | undefined = this.layout; layout && !seen.has(layout.name); ) {
      seen.add(layout.name);
      if (layout.iid) iids.push(layout.iid);
      layout = layout.base ? this.types.vtables[layout.base] : undefined;
    }
    if (!iids.some((iid) => isEqualGuid(iid, IID_IUnknown))) iids.push(IID_IUnknown);
    return iids;
  }

  /**
   * What a COM object answers when nothing is programmed: E_NOTIMPL for a placeholder; QueryInterface
   * hands out this object for the IID chain (and counts the reference) or E_NOINTERFACE with a null
   * pointer; AddRef and Release count; other methods give `plainResult`.
   */
  protected comDefault(slot: SlotLayout, args: readonly unknown[]): unknown {
    if (slot.placeholder) return E_NOTIMPL;
    switch (slot.index) {
      case 0: {
        const box = args[1];
        if (typeof box !== 'object' || box === null) return E_POINTER;
        const found = this.iidChain().some((iid) => isEqualGuid(iid, args[0] as GUID));
        (box as { value: unknown }).value = found ? this : null;
        if (!found) return E_NOINTERFACE;
        this.refCount++;
        return S_OK;
      }
      case 1:
        return ++this.refCount;
      case 2:
        this.refCount = Math.max(0, this.refCount - 1);
        return this.refCount;
      default:
        return this.plainResult(slot);
    }
  }

  /** S_OK (0) for HRESULT and other numeric returns, nothing for void ones; AddRef/Release still count. */
  protected plainResult(slot: SlotLayout): unknown {
    if (slot.index === 1 || slot.index === 2) return this.comDefault(slot, []);
    if (slot.returns === 'void') return undefined;
    return S_OK;
  }

  [describeForMessage](): string {
    return `[${this.layout.name} ${this.#kind}]`;
  }
}
