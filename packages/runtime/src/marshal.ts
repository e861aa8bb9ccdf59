/**
 * Marshalling: walks argument and [out] values by their `Marshal` descriptors and turns interface pointers
 * into wire references (sending) and back into objects or proxies (receiving). Plain values are left as
 * they are: nothing is copied here (a message channel clones what it posts), and a value that cannot hold
 * an interface pointer is not even walked. What a reference means is the ReferenceTable's business (the
 * connection's object table).
 */
import { setMember } from './records.js';
import type { WireReference } from './channels/channel.js';
import { ComError } from './com-error.js';
import type { GUID } from './guid.js';
import { E_INVALIDARG, E_NOINTERFACE } from './hresult.js';
import type { Direction, FieldLayout, InterfaceLayout, Marshal, StructRecord } from './layout.js';
import type { Out } from './out.js';

/** How one parameter crosses. */
export interface ParameterPlan {
  /** Position in the argument list. */
  readonly index: number;
  readonly name: string;
  readonly direction: Direction;
  readonly marshal: Marshal;
  /** The value may hold interface pointers and must be walked; otherwise it crosses as it is. */
  readonly walk: boolean;
}

/** How one slot's arguments cross, computed once per layout. */
export interface SlotPlan {
  readonly slot: number;
  readonly method: string;
  readonly interfaceName: string;
  readonly placeholder: boolean;
  readonly returnsHresult: boolean;
  readonly parameters: readonly ParameterPlan[];
  /** The [out] and [in, out] parameters. */
  readonly outs: readonly ParameterPlan[];
  /** The argument list must be rebuilt to cross (boxes, references); otherwise it is sent as it is. */
  readonly rewrite: boolean;
  /** No value needs walking: in the same realm the argument list, boxes included, can be handed over as it is. */
  readonly direct: boolean;
  /**
   * The parameters marshalled `opaque` (`void *`), when they are the only ones that need walking: a call
   * whose opaque values hold no object on the way in can take the same-realm shortcut too.
   */
  readonly opaque: readonly ParameterPlan[] | null;
  /**
   * The [in] structures (marshalled `{ struct }`) a callee may write into, as C lets it (MAPISIB's
   * phSyncDoneEvent): the serving side sends its changes back with the answer. Empty for most slots.
   */
  readonly inStructs: readonly ParameterPlan[];
}

/** The plans of a layout's slots, by slot index. */
export interface LayoutPlans {
  readonly slots: readonly (SlotPlan | undefined)[];
  /**
   * 1 where a call may take the same-realm shortcut: a method slot (not a placeholder) whose plan is direct;
   * 2 where it may when its `opaque` values hold no object (see `SlotPlan.opaque`).
   */
  readonly direct: Uint8Array;
}

/**
 * One direction of one crossing. `owned`: references made by the sender are handed over to the receiver
 * (out values, QueryInterface); otherwise they are borrowed for the duration of the call (in values), and
 * the sender drops them when the answer is back.
 */
export class MarshalScope {
  /** Sending: ipids of the interfaces whose objects got a reference for this crossing. */
  exported: number[] | undefined = undefined;
  /** Receiving: proxies made from references. */
  imported: object[] | undefined = undefined;
  /** Receiving: the first reference that could not be taken. */
  fault: ComError | undefined = undefined;

  constructor(
    readonly owned: boolean,
    /** The argument list the values belong to (for `iid_is`). */
    readonly args: readonly unknown[],
  ) {}
}

/** The object table behind the references. */
export interface ReferenceTable {
  /** The reference for interface pointer `value` as interface `itf`; a ComError when none can be made. */
  exportReference(value: object, itf: string, scope: MarshalScope): WireReference;
  /** The object or proxy for a reference; when it cannot be taken, sets `scope.fault` and returns null. */
  importReference(ref: WireReference, scope: MarshalScope): unknown;
  /** The name of the interface registered for an IID. */
  interfaceForIid(iid: GUID): string | undefined;
  /** The interface of a proxy (found inside an `opaque` value); undefined for anything else. */
  proxyInterface(value: object): string | undefined;
}

/** How deep an `opaque` value is searched for proxies. */
const OPAQUE_DEPTH = 32;

export function isWireReference(value: unknown): value is WireReference {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { $comRef?: unknown }).$comRef;
  return kind === 'object' || kind === 'back';
}

export class Marshaller {
  private readonly plans = new WeakMap<InterfaceLayout, LayoutPlans>();
  private readonly structFields = new Map<string, readonly FieldLayout[]>();

  constructor(
    private readonly structs: StructRecord,
    private readonly table: ReferenceTable,
  ) {}

  /** The plans of a layout's slots, by slot index. */
  plansFor(layout: InterfaceLayout): LayoutPlans {
    let plans = this.plans.get(layout);
    if (plans === undefined) {
      const list: (SlotPlan | undefined)[] = [];
      let length = 0;
      for (const slot of layout.slots) length = Math.max(length, slot.index + 1);
      for (let i = 0; i < length; i++) list.push(undefined);
      for (const slot of layout.slots) {
        const parameters = slot.parameters.map(
          (p, index): ParameterPlan => ({
            index,
            name: p.name,
            direction: p.direction,
            marshal: p.marshal,
            walk: this.needsWalk(p.marshal, new Set()),
          }),
        );
        const outs = parameters.filter((p) => p.direction !== 'in');
        list[slot.index] = {
          slot: slot.index,
          method: slot.name,
          interfaceName: layout.name,
          placeholder: slot.placeholder,
          returnsHresult: slot.returns === 'HRESULT',
          parameters,
          outs,
          rewrite: outs.length > 0 || parameters.some((p) => p.walk),
          direct: !parameters.some((p) => p.walk),
          opaque: parameters.some((p) => p.walk) && parameters.every((p) => !p.walk || p.marshal === 'opaque') ? parameters.filter((p) => p.walk) : null,
          inStructs: parameters.filter((p) => p.direction === 'in' && typeof p.marshal === 'object' && 'struct' in p.marshal),
        };
      }
      const direct = new Uint8Array(length);
      for (const plan of list) {
        if (plan !== undefined && plan.slot >= 3 && !plan.placeholder) direct[plan.slot] = plan.direct ? 1 : plan.opaque ? 2 : 0;
      }
      plans = { slots: list, direct };
      this.plans.set(layout, plans);
    }
    return plans;
  }

  /** Calling side: the argument list that crosses (in values marshalled, [in, out] boxes opened). */
  packArguments(plan: SlotPlan, args: readonly unknown[], scope: MarshalScope): unknown[] {
    const parameters = plan.parameters;
    const wire = new Array<unknown>(parameters.length);
    for (let i = 0; i < parameters.length; i++) {
      const p = parameters[i];
      const direction = p.direction;
      if (direction === 'out') {
        wire[i] = undefined;
        continue;
      }
      const value = direction === 'in' ? args[i] : (args[i] as Out<unknown> | null | undefined)?.value;
      wire[i] = p.walk ? this.toWire(value, p.marshal, scope) : value;
    }
    return wire;
  }

  /** Serving side: the argument list for the stub, with fresh boxes for [out] and [in, out] parameters. */
  unpackArguments(plan: SlotPlan, wire: readonly unknown[], scope: MarshalScope): unknown[] {
    const parameters = plan.parameters;
    const args = new Array<unknown>(parameters.length);
    for (let i = 0; i < parameters.length; i++) {
      const p = parameters[i];
      if (p.direction === 'out') {
        args[i] = { value: undefined };
        continue;
      }
      const value = p.walk ? this.fromWire(wire[i], p.marshal, scope) : wire[i];
      args[i] = p.direction === 'in' ? value : { value };
    }
    return args;
  }

  /**
   * Serving side: the [out] values after the call, by parameter index. `as` marshals some of them another
   * way (a lent structure, by its structure layout instead of `opaque`).
   */
  packOuts(plan: SlotPlan, args: readonly unknown[], scope: MarshalScope, as?: ReadonlyMap<number, Marshal>): unknown[] {
    const outs = new Array<unknown>(plan.parameters.length);
    for (const p of plan.outs) {
      const value = (args[p.index] as Out<unknown>).value;
      const marshal = as?.get(p.index);
      outs[p.index] = marshal !== undefined ? this.toWire(value, marshal, scope) : p.walk ? this.toWire(value, p.marshal, scope) : value;
    }
    return outs;
  }

  /** Calling side: sets the caller's boxes from the answer. */
  unpackOuts(plan: SlotPlan, args: readonly unknown[], outs: readonly unknown[], scope: MarshalScope): void {
    for (const p of plan.outs) {
      const value = p.walk ? this.fromWire(outs[p.index], p.marshal, scope) : outs[p.index];
      const box = args[p.index] as Out<unknown> | null | undefined;
      if (box != null) box.value = value;
    }
  }

  /** A value as it crosses: interface pointers become references. */
  toWire(value: unknown, marshal: Marshal, scope: MarshalScope): unknown {
    if (marshal === 'value' || value === null || value === undefined) return value;
    if (marshal === 'opaque') return this.opaqueToWire(value, scope, 0);
    if ('itf' in marshal) return this.table.exportReference(this.pointer(value, marshal.itf), marshal.itf, scope);
    if ('iidIs' in marshal) {
      const iid = scope.args[marshal.iidIs];
      const itf = typeof iid === 'string' ? this.table.interfaceForIid(iid.toLowerCase()) : undefined;
      if (itf === undefined) {
        throw new ComError(E_NOINTERFACE, `no interface is registered for the IID ${String(iid)} (iid_is argument ${marshal.iidIs})`);
      }
      return this.table.exportReference(this.pointer(value, itf), itf, scope);
    }
    if ('struct' in marshal) return this.walkStruct(value, marshal.struct, scope, true);
    if ('array' in marshal) return this.walkArray(value, marshal.array, scope, true);
    throw badMarshal(marshal);
  }

  /** A value as it arrives: references become objects or proxies. */
  fromWire(value: unknown, marshal: Marshal, scope: MarshalScope): unknown {
    if (marshal === 'value' || value === null || value === undefined) return value;
    if (marshal === 'opaque') return this.opaqueFromWire(value, scope, 0);
    if ('itf' in marshal || 'iidIs' in marshal) {
      if (!isWireReference(value)) {
        scope.fault ??= new ComError(E_INVALIDARG, 'an interface pointer arrived without a reference');
        return null;
      }
      return this.table.importReference(value, scope);
    }
    if ('struct' in marshal) return this.walkStruct(value, marshal.struct, scope, false);
    if ('array' in marshal) return this.walkArray(value, marshal.array, scope, false);
    throw badMarshal(marshal);
  }

  /** Whether a value marshalled this way may hold interface pointers. */
  private needsWalk(marshal: Marshal, visiting: Set<string>): boolean {
    if (marshal === 'value') return false;
    if (marshal === 'opaque' || typeof marshal !== 'object') return true;
    if ('array' in marshal) return this.needsWalk(marshal.array, visiting);
    if ('struct' in marshal) {
      const layout = Object.hasOwn(this.structs, marshal.struct) ? this.structs[marshal.struct] : undefined;
      // Unknown structures are walked, so that the missing layout is reported when a value crosses.
      if (layout === undefined || visiting.has(marshal.struct)) return true;
      visiting.add(marshal.struct);
      const walk = layout.fields.some((f) => this.needsWalk(f.marshal, visiting));
      visiting.delete(marshal.struct);
      return walk;
    }
    return true;
  }

  private fieldsToWalk(name: string): readonly FieldLayout[] {
    let fields = this.structFields.get(name);
    if (fields === undefined) {
      const layout = Object.hasOwn(this.structs, name) ? this.structs[name] : undefined;
      if (layout === undefined) {
        throw new ComError(E_INVALIDARG, `no layout for the structure ${name}: give the connection the generated structs`);
      }
      fields = layout.fields.filter((f) => this.needsWalk(f.marshal, new Set()));
      this.structFields.set(name, fields);
    }
    return fields;
  }

  /** Copy-on-write: the structure itself when no field changes. */
  private walkStruct(value: unknown, name: string, scope: MarshalScope, sending: boolean): unknown {
    const fields = this.fieldsToWalk(name);
    if (typeof value !== 'object' || value === null) return value;
    const source = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const field of fields) {
      const before = source[field.name];
      const after = sending ? this.toWire(before, field.marshal, scope) : this.fromWire(before, field.marshal, scope);
      if (after !== before) {
        copy ??= { ...source };
        setMember(copy, field.name, after);
      }
    }
    return copy ?? value;
  }

  private walkArray(value: unknown, element: Marshal, scope: MarshalScope, sending: boolean): unknown {
    if (!Array.isArray(value)) return value;
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const before: unknown = value[i];
      const after = sending ? this.toWire(before, element, scope) : this.fromWire(before, element, scope);
      if (after !== before) {
        copy ??= value.slice();
        copy[i] = after;
      }
    }
    return copy ?? value;
  }

  private opaqueToWire(value: unknown, scope: MarshalScope, depth: number): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const itf = this.table.proxyInterface(value);
    if (itf !== undefined) return this.table.exportReference(value, itf, scope);
    return depth < OPAQUE_DEPTH ? this.walkPlain(value, (v) => this.opaqueToWire(v, scope, depth + 1)) : value;
  }

  private opaqueFromWire(value: unknown, scope: MarshalScope, depth: number): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (isWireReference(value)) return this.table.importReference(value, scope);
    return depth < OPAQUE_DEPTH ? this.walkPlain(value, (v) => this.opaqueFromWire(v, scope, depth + 1)) : value;
  }

  /** Maps the members of a plain object or array, copy-on-write; other objects are left alone. */
  private walkPlain(value: object, map: (v: unknown) => unknown): unknown {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const before: unknown = value[i];
        const after = map(before);
        if (after !== before) (copy ??= value.slice())[i] = after;
      }
      return copy ?? value;
    }
    if (!isPlainObject(value)) return value;
    const source = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(source)) {
      const before = source[key];
      const after = map(before);
      if (after !== before) setMember((copy ??= { ...source }), key, after);
    }
    return copy ?? value;
  }

  private pointer(value: unknown, itf: string): object {
    if (typeof value !== 'object' && typeof value !== 'function') {
      throw new ComError(E_INVALIDARG, `a ${typeof value} was given where an ${itf} pointer is expected`);
    }
    return value as object;
  }
}

function badMarshal(marshal: unknown): ComError {
  return new ComError(E_INVALIDARG, `not a marshal descriptor: ${JSON.stringify(marshal)}`);
}

/**
 * An object made of data (`{ ... }`, or without prototype), from this realm or another: a value a message
 * port cloned is made in the realm the port lives in, whose Object.prototype may not be this one's.
 */
export function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** A `void *` value that holds no object (a number, a string, null): nothing inside it to marshal. */
export function isPlainOpaque(value: unknown): boolean {
  return value == null || (typeof value !== 'object' && typeof value !== 'function');
}

/**
 * Whether a call's `opaque` values hold no object on the way in (numbers, strings, null): then, in the
 * same realm, the call is handed over as it is, as a call within one COM apartment would be.
 */
export function opaqueValuesArePlain(plan: SlotPlan, args: readonly unknown[]): boolean {
  const opaque = plan.opaque;
  if (opaque === null) return true;
  // An indexed loop: this runs on every same-realm call with a `void *` parameter, a few nanoseconds count.
  for (let i = 0; i < opaque.length; i++) {
    const p = opaque[i];
    const arg = args[p.index];
    const value = p.direction === 'in' || arg === null || arg === undefined ? arg : (arg as { value?: unknown }).value;
    if (!isPlainOpaque(value)) return false;
  }
  return true;
}
