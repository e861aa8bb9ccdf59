/**
 * Vtable layout, computed once per interface: the base interface's slots first, then the interface's own
 * methods in declaration order. A `[call_as(Local)]` remote twin takes no slot of its own: it shares the slot
 * of the local method it names, which keeps the local method's name (as in MIDL-generated headers).
 * A method that reuses the name of an inherited one (an overload, as in Direct2D) gets its slot named
 * `<Interface>_<Method>`, as widl names it in C headers, so every slot name in a vtable is unique.
 */
import type { MethodModel, VtableSlot } from './types';

export interface VtableProblem {
  kind: 'call-as-unknown';
  method: MethodModel;
}

export function layoutVtable(
  interfaceName: string,
  baseSlots: readonly VtableSlot[],
  methods: readonly MethodModel[],
  problems: VtableProblem[] = [],
): VtableSlot[] {
  const slots: VtableSlot[] = baseSlots.map((s) => ({ ...s }));
  const own: VtableSlot[] = [];
  const inherited = new Set(baseSlots.map((s) => s.method.name));
  const shortName = interfaceName.slice(interfaceName.lastIndexOf('.') + 1);
  for (const m of methods) {
    if (m.callAs !== null) continue;
    const name = inherited.has(m.name) ? `${shortName}_${m.name}` : m.name;
    own.push({ index: slots.length + own.length, name, declaredIn: interfaceName, method: m, remote: null });
  }
  for (const m of methods) {
    if (m.callAs === null) continue;
    const local = own.find((s) => s.method.idlName === m.callAs);
    if (local) local.remote = m;
    else problems.push({ kind: 'call-as-unknown', method: m });
  }
  return [...slots, ...own];
}
