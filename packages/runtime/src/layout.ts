/**
 * Vtable layouts as data: what a generated interfaces package exports as `vtables` and what proxies, stubs
 * and mocks read. Slot order is the model's; nothing here recomputes it.
 */
import type { GUID } from './guid.js';
import { nameRecord, setMember } from './records.js';

export type Direction = 'in' | 'out' | 'in,out';

/**
 * How a value crosses a channel.
 * - `value`: plain data, copied (structured clone on message channels);
 * - `{ itf }`: an interface pointer of a known interface (by name, a key of the vtable record): the object
 *   stays where it is and the other side gets a proxy;
 * - `{ iidIs }`: an interface pointer whose IID is the value of the parameter at that index (`iid_is(riid)`);
 * - `{ struct }`: a structure (key of the struct record) holding interface pointers somewhere inside;
 * - `{ array }`: an array (or conformant pointer) of elements marshalled as given;
 * - `opaque`: `void *` and the like: copied, except that proxies found inside travel as references.
 */
export type Marshal =
  | 'value'
  | 'opaque'
  | { readonly itf: string }
  | { readonly iidIs: number }
  | { readonly struct: string }
  | { readonly array: Marshal };

export interface ParameterLayout {
  readonly name: string;
  readonly direction: Direction;
  /** The IDL type as written, canonical (`LPMAPIERROR *`). */
  readonly type: string;
  /**
   * How the value (for [out] and [in, out]: the value behind the top-level pointer, which is what the `Out`
   * box holds) crosses a channel.
   */
  readonly marshal: Marshal;
  readonly retval: boolean;
}

export interface SlotLayout {
  /** 0-based vtable index; QueryInterface, AddRef and Release are 0-2. */
  readonly index: number;
  /** The vtable name (`get_Name` for `[propget] Name`). */
  readonly name: string;
  /**
   * The method's name in the generated TypeScript, when it is not `name`: a name every object or the mocks
   * already have gets a trailing `_` (`constructor_`, `verify_`). Mocks and fakes install the method under it.
   */
  readonly method?: string;
  /** The interface that declares the method. */
  readonly declaredIn: string;
  /** The IDL return type (`HRESULT`, `ULONG`, `void`). */
  readonly returns: string;
  /** A reserved slot kept for the layout only: never called; proxies, stubs and mocks answer E_NOTIMPL. */
  readonly placeholder: boolean;
  readonly parameters: readonly ParameterLayout[];
}

export interface InterfaceLayout {
  readonly name: string;
  /** Lowercase, without braces; null when the IDL gives none. */
  readonly iid: GUID | null;
  readonly base: string | null;
  /**
   * A hash of everything the binary layout depends on (base chain, slot names, parameter directions and
   * types). A proxy and a stub built from different layouts of one IID have different fingerprints.
   */
  readonly fingerprint: string;
  readonly slots: readonly SlotLayout[];
}

export interface FieldLayout {
  readonly name: string;
  readonly type: string;
  readonly marshal: Marshal;
}

export interface StructLayout {
  readonly name: string;
  readonly fields: readonly FieldLayout[];
  /**
   * The structure zero-initialized, as `= { 0 }` gives it in C: numbers 0, 64-bit integers 0n, pointers,
   * strings and interface pointers null, fixed arrays filled, nested structures zeroed. Copy it with
   * `zeroStruct` before use. Absent when the zero value is too large to build when the package is imported
   * (more than 1 MiB of byte arrays, such as `BYTE b[0x7fffffffff]`, or more than 65,536 values): its layout
   * and type are still there.
   */
  readonly zero?: unknown;
}

/** What a generated interfaces package exports: `vtables` and `structs`, frozen, without prototype (only their own names are found). */
export type VtableRecord = Readonly<Record<string, InterfaceLayout>>;
export type StructRecord = Readonly<Record<string, StructLayout>>;

/** The layouts a connection or mock needs to marshal: interfaces and the structures they pass. */
export interface TypeLibrary {
  readonly vtables: VtableRecord;
  readonly structs: StructRecord;
}

/** Deep-freezes a generated layout record, so that no consumer can change a slot. */
export function freezeLayouts<T extends object>(record: T): Readonly<T> {
  const freeze = (value: unknown): void => {
    // Byte arrays (Uint8Array fields) cannot be frozen; their holders are.
    if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const v of Object.values(value)) freeze(v);
    }
  };
  freeze(record);
  return record;
}

/** A fresh zero-initialized copy of a structure. */
export function zeroStruct<T = Record<string, unknown>>(structs: StructRecord, name: string): T {
  const layout = Object.hasOwn(structs, name) ? structs[name] : undefined;
  if (!layout) throw new TypeError(`no structure named ${name}`);
  if (!('zero' in layout)) throw new TypeError(`structure ${name} has no zero value: it is too large to build one of`);
  return cloneValue(layout.zero) as T;
}

/**
 * Builds the frozen `structs` record of a generated package: without prototype, so that a structure named
 * like a member of every object (`constructor`) is found only when it is declared.
 */
export function defineStructs<K extends string>(source: Readonly<Record<K, StructLayout>>): Readonly<Record<K, StructLayout>> {
  const out = nameRecord<StructLayout>();
  for (const name of Object.keys(source)) setMember(out, name, freezeLayouts(source[name as K]));
  return Object.freeze(out) as Readonly<Record<K, StructLayout>>;
}

/**
 * A deep copy of plain data: objects, arrays, Uint8Array, bigint and primitives (what zero values and
 * marshalled values are made of). Needs no host API, so the runtime runs anywhere.
 */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return new Uint8Array(value) as T;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  const out: Record<string, unknown> = {};
  // A field named `__proto__` is a field like any other (an assignment would set the prototype).
  for (const [k, v] of Object.entries(value)) setMember(out, k, cloneValue(v));
  return out as T;
}

/** A parameter as generated code writes it: defaults (`marshal: 'value'`, `retval: false`) left out. */
export interface ParameterSource {
  readonly name: string;
  readonly direction: Direction;
  readonly type: string;
  readonly marshal?: Marshal;
  readonly retval?: boolean;
}

/** A slot as generated code writes it: its index as the model laid it out; its declaring interface follows from where it is listed. */
export interface SlotSource {
  /** The slot's index in the vtable, from the model: checked against where the slot is listed, never worked out here. */
  readonly index: number;
  readonly name: string;
  /** The TypeScript method name, when it is not `name` (see SlotLayout). */
  readonly method?: string;
  readonly returns: string;
  readonly placeholder?: boolean;
  readonly parameters?: readonly ParameterSource[];
}

/**
 * An interface as generated code writes it: only the slots it declares itself; the base's slots come from
 * the base's entry, which must come earlier in the same record. With `base` absent from the record, `slots`
 * lists the whole vtable (`inherited` gives the declaring interface of each base slot then).
 */
export interface InterfaceSource {
  readonly iid: string | null;
  readonly base: string | null;
  readonly fingerprint: string;
  readonly slots: readonly SlotSource[];
  /** When the base is not in the record: the declaring interfaces of the first slots, in order. */
  readonly inherited?: readonly string[];
}

/**
 * Builds the frozen `vtables` record of a generated package from its compact source: every entry gets its
 * full vtable (base slots first, each slot with the index the model gave it and its declaring interface).
 * The record has no prototype. A slot listed where the model's index does not put it is refused: the
 * generated layout and the vtable it describes disagree.
 */
export function defineVtables<K extends string>(source: Readonly<Record<K, InterfaceSource>>): Readonly<Record<K, InterfaceLayout>> {
  const out = nameRecord<InterfaceLayout>();
  for (const [name, s] of Object.entries(source) as [string, InterfaceSource][]) {
    const base = s.base !== null && Object.hasOwn(out, s.base) ? out[s.base] : undefined;
    const slots: SlotLayout[] = base ? [...base.slots] : [];
    s.slots.forEach((slot, i) => {
      const index = slot.index;
      if (index !== slots.length) {
        throw new TypeError(`vtable of ${name}: slot ${slot.name} has index ${index} but is listed at ${slots.length}${base ? ` (after the ${base.slots.length} slots of ${base.name})` : ''}`);
      }
      const declaredIn = !base && s.inherited && i < s.inherited.length ? s.inherited[i] : name;
      slots.push({
        index,
        name: slot.name,
        ...(slot.method !== undefined ? { method: slot.method } : {}),
        declaredIn,
        returns: slot.returns,
        placeholder: slot.placeholder ?? false,
        parameters: (slot.parameters ?? []).map((p) => ({ name: p.name, direction: p.direction, type: p.type, marshal: p.marshal ?? 'value', retval: p.retval ?? false })),
      });
    });
    setMember(out, name, { name, iid: s.iid, base: s.base, fingerprint: s.fingerprint, slots });
  }
  return freezeLayouts(out) as Readonly<Record<K, InterfaceLayout>>;
}
