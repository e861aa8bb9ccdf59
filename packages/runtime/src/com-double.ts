/**
 * The base of mocks and fakes: a COM object built from a vtable layout, with one Jest mock function
 * (`mock-method.ts`) per slot (IUnknown's three and placeholders included) and the answers a COM object gives when
 * nothing else is programmed: reference counting, QueryInterface over the layout's IID chain, E_NOTIMPL for
 * placeholders, S_OK for other HRESULT methods.
 */
import { describeForMessage, formatCall } from './format.js';
import { IID_IUnknown, isEqualGuid, type GUID } from './guid.js';
import { E_NOINTERFACE, E_NOTIMPL, E_POINTER, S_OK } from './hresult.js';
import type { InterfaceLayout, SlotLayout, TypeLibrary } from './layout.js';
import { createMockMethod, type MockableFunction, type MockMethod } from './mock-method.js';

/** The names of T's methods (for a generated interface: every vtable name, IUnknown's included). */
export type MockMethodName<T> = { [K in keyof T]-?: T[K] extends MockableFunction ? K : never }[keyof T] & string;

/** The function type of method K of T. */
export type MockMethodOf<T, K extends MockMethodName<T>> = T[K] extends MockableFunction ? T[K] : never;

/**
 * T with each method a Jest mock function of its type (`IOSTXMock['SyncBeg']` is `MockMethod<IOSTX['SyncBeg']>`):
 * what a generated mock or fake declares itself as, beside its class.
 */
export type ComMocked<T> = { [K in keyof T]: T[K] extends MockableFunction ? MockMethod<T[K]> : T[K] };

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
  protected declare readonly types: TypeLibrary;
  /** The reference count AddRef and Release report; a new object holds one reference. */
  protected refCount = 1;
  readonly #methods = new Map<string, { slot: SlotLayout; method: MockMethod }>();
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
      const method = createMockMethod(`${layout.name}::${slot.name}`, (args) => this.answer(slot, args));
      this.#methods.set(key, { slot, method });
      Object.defineProperty(this, key, { value: method, writable: true, configurable: true, enumerable: false });
    }
  }

  /**
   * Every call, in order: what the methods' `mock.calls` and `mock.results` hold, merged by their
   * `invocationCallOrder` (a method's `mockClear()` takes its calls out of this list too).
   */
  get calls(): MockCall[] {
    const ordered: Array<{ order: number; call: MockCall }> = [];
    for (const [key, { slot, method }] of this.#methods) {
      const { calls, results, invocationCallOrder } = method.mock;
      calls.forEach((args, i) => {
        const outcome = results[i];
        const call: MockCall =
          outcome?.type === 'throw'
            ? { slot: slot.index, method: key, args, result: undefined, error: outcome.value }
            : { slot: slot.index, method: key, args, result: outcome?.value };
        ordered.push({ order: invocationCallOrder[i], call });
      });
    }
    return ordered.sort((a, b) => a.order - b.order).map((o) => o.call);
  }

  /** The calls to one method, in order. */
  callsTo(method: MockMethodName<T>): MockCall[] {
    this.slotNamed(method);
    return this.calls.filter((c) => c.method === method);
  }

  callCount(method: MockMethodName<T>): number {
    this.slotNamed(method);
    return this.#methods.get(method)!.method.mock.calls.length;
  }

  /** The Jest mock function of a method, typed: `mock.fn('SyncBeg').mock.calls[0]`. */
  fn<K extends MockMethodName<T>>(method: K): MockMethod<MockMethodOf<T, K>> {
    this.slotNamed(method);
    return this.#methods.get(method)!.method as unknown as MockMethod<MockMethodOf<T, K>>;
  }

  /** How the double answers a call: `args` holds the call's arguments (the caller's Out/InOut boxes among them). */
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

  /** Forgets every method's calls and Jest programming (`mockReset()`), and the reference count. */
  protected clearCalls(): void {
    for (const { method } of this.#methods.values()) method.mockReset();
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
