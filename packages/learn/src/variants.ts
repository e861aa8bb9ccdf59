/**
 * Differences between two docs variants (e.g. en-US and a translation made from an older English
 * source): the facts are compared, URLs, notes and the variant name are not.
 */
import type { SpecDocument, SpecParam, SpecSignature, SpecSlot } from './types';
import { compareVariantData } from './variants-data';

export interface VariantDifference {
  /** The interface, structure, enumeration, constant, IID or state the difference is about. */
  declaration: string;
  /** Vtable slot, or null for other differences. */
  slot: number | null;
  /** Page of the variant the difference shows on (the reference's page when the variant lacks it). */
  url: string;
  /** e.g. `de-DE: IOSTX slot 5 SyncBeg parameter 2 is LPVOID* ppv, en-US has LPVOID* ppvData` */
  message: string;
}

function dir(p: SpecParam): string {
  return p.direction === null ? 'no direction' : `[${p.direction.replace(',', ', ')}]`;
}

function slotName(s: SpecSlot): string {
  return s.placeholder ? 'a placeholder' : s.name;
}

/** What differs in `variant` compared with `reference`. Empty when both give the same facts. */
export function compareVariants(reference: SpecDocument, variant: SpecDocument): VariantDifference[] {
  const out: VariantDifference[] = [];
  const ref = reference.source;
  const v = variant.source;
  const add = (declaration: string, slot: number | null, url: string, message: string): void => {
    out.push({ declaration, slot, url, message: `${v}: ${message}` });
  };
  for (const ri of reference.interfaces) {
    const vi = variant.interfaces.find((x) => x.name === ri.name);
    if (vi === undefined) {
      add(ri.name, null, ri.url, `interface ${ri.name} is missing, ${ref} has it`);
      continue;
    }
    if (vi.base !== ri.base) add(ri.name, null, vi.url, `${ri.name} derives from ${vi.base}, ${ref} has ${ri.base}`);
    if (vi.iidName !== ri.iidName) {
      add(ri.name, null, vi.url, `${ri.name} names IID ${vi.iidName ?? 'none'}, ${ref} has ${ri.iidName ?? 'none'}`);
    }
    if (vi.iid !== ri.iid) {
      add(ri.name, null, vi.iidSource ?? vi.url, `${ri.name} IID is ${vi.iid ?? 'undefined'}, ${ref} has ${ri.iid ?? 'undefined'}`);
    }
    if (vi.slots.length !== ri.slots.length) {
      add(ri.name, null, vi.url, `${ri.name} has ${vi.slots.length} vtable rows, ${ref} has ${ri.slots.length}`);
    }
    const n = Math.min(vi.slots.length, ri.slots.length);
    for (let k = 0; k < n; k++) {
      const rs = ri.slots[k]!;
      const vs = vi.slots[k]!;
      const at = `${ri.name} slot ${rs.index}`;
      const url = vs.url ?? vi.url;
      if (rs.index !== vs.index) add(ri.name, rs.index, url, `${at} is numbered ${vs.index}`);
      if (rs.placeholder !== vs.placeholder || rs.name !== vs.name) {
        add(ri.name, rs.index, url, `${at} is ${slotName(vs)}, ${ref} has ${slotName(rs)}`);
        continue;
      }
      compareSignatures(`${at} ${rs.name}`, rs.signature, vs.signature, (m) => add(ri.name, rs.index, url, m), ref);
    }
  }
  for (const vi of variant.interfaces) {
    if (!reference.interfaces.some((x) => x.name === vi.name)) {
      add(vi.name, null, vi.url, `interface ${vi.name} is not in ${ref}`);
    }
  }
  for (const d of compareVariantData(reference, variant)) out.push({ declaration: d.declaration, slot: null, url: d.url, message: d.message });
  return out;
}

function compareSignatures(
  at: string,
  r: SpecSignature | null,
  v: SpecSignature | null,
  add: (message: string) => void,
  ref: string,
): void {
  if (r === null && v === null) return;
  if (r === null || v === null) {
    add(`${at} ${v === null ? 'has no signature' : 'has a signature'}, ${ref} ${r === null ? 'has none' : 'has one'}`);
    return;
  }
  if (r.returnType !== v.returnType) add(`${at} returns ${v.returnType}, ${ref} has ${r.returnType}`);
  if (r.params.length !== v.params.length) {
    add(`${at} has ${v.params.length} parameters, ${ref} has ${r.params.length}`);
  }
  const n = Math.min(r.params.length, v.params.length);
  for (let k = 0; k < n; k++) {
    const rp = r.params[k]!;
    const vp = v.params[k]!;
    if (rp.name !== vp.name || rp.type !== vp.type) {
      add(`${at} parameter ${k + 1} is ${vp.type} ${vp.name}, ${ref} has ${rp.type} ${rp.name}`);
    } else if (rp.direction !== vp.direction) {
      add(`${at} parameter ${rp.name} is ${dir(vp)}, ${ref} has ${dir(rp)}`);
    }
  }
}

/** Counts of what a document holds. */
export interface SpecSummary {
  interfaces: number;
  slots: number;
  placeholders: number;
  signatures: number;
  parameters: number;
  /** Parameters with a direction from the docs. */
  directions: number;
  /** Interfaces with a documented IID. */
  interfaceIids: number;
  structures: number;
  fields: number;
  enumMembers: number;
  constants: number;
  iids: number;
  states: number;
  notes: number;
}

export function summarizeSpec(doc: SpecDocument): SpecSummary {
  const slots = doc.interfaces.flatMap((i) => i.slots);
  const params = slots.flatMap((s) => s.signature?.params ?? []);
  return {
    interfaces: doc.interfaces.length,
    slots: slots.length,
    placeholders: slots.filter((s) => s.placeholder).length,
    signatures: slots.filter((s) => s.signature !== null).length,
    parameters: params.length,
    directions: params.filter((p) => p.direction !== null).length,
    interfaceIids: doc.interfaces.filter((i) => i.iid !== null).length,
    structures: doc.structures.length,
    fields: doc.structures.reduce((n, s) => n + s.fields.length, 0),
    enumMembers: doc.enums.reduce((n, e) => n + e.members.length, 0),
    constants: doc.constants.length,
    iids: doc.iids.length,
    states: doc.states.length,
    notes: doc.notes.length,
  };
}
