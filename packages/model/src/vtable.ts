/**
 * Vtable layout, computed once per interface: the base interface's slots first, then the interface's own
 * methods in declaration order. A `[call_as(Local)]` remote twin takes no slot of its own: it shares the slot
 * of the local method it names, which keeps the local method's name (as in MIDL-generated headers).
 * A method that reuses the name of an inherited one (an overload, as in Direct2D) gets its slot named
 * `<Interface>_<Method>`, as widl names it in C headers, so every slot name in a vtable is unique.
 */
import { duplicateIndexes } from './duplicates';
import type { MethodModel, VtableSlot } from './types';

export type VtableProblem =
  | { kind: 'call-as-unknown'; method: MethodModel }
  /** The interface is deeper in its inheritance chain than `MAX_INHERITANCE_DEPTH`: it has no vtable. */
  | { kind: 'too-deep'; depth: number }
  /** The vtables of the run would hold more than `MAX_VTABLE_SLOTS` slots with this one's: it has none. */
  | { kind: 'slot-budget'; slots: number }
  /** `[async_uuid]` on an interface whose base has no asynchronous twin (widl: "incompatible parent"). */
  | { kind: 'async-base'; base: string | null };


export function layoutVtable(
  interfaceName: string,
  baseSlots: readonly VtableSlot[],
  methods: readonly MethodModel[],
  problems: VtableProblem[] = [],
): VtableSlot[] {
  // The base's slots are shared, not copied: they are complete and nothing changes them.
  const own: VtableSlot[] = [];
  const inherited = new Set(baseSlots.map((s) => s.method.name));
  const shortName = interfaceName.slice(interfaceName.lastIndexOf('.') + 1);
  for (const m of methods) {
    if (m.callAs !== null) continue;
    const name = inherited.has(m.name) ? `${shortName}_${m.name}` : m.name;
    own.push({ index: baseSlots.length + own.length, name, declaredIn: interfaceName, method: m, remote: null, duplicateOf: null });
  }
  duplicateIndexes(own.map((s) => s.name)).forEach((d, i) => (own[i].duplicateOf = d === null ? null : baseSlots.length + d));
  for (const m of methods) {
    if (m.callAs === null) continue;
    const local = own.find((s) => s.method.idlName === m.callAs);
    if (local) local.remote = m;
    else problems.push({ kind: 'call-as-unknown', method: m });
  }
  return baseSlots.length ? [...baseSlots, ...own] : own;
}
