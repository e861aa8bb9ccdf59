/**
 * Constants and interface identifiers.
 *
 *  - Every constant the pages define (in the sections and on the pages the spec reads) must be declared
 *    in the IDL under the same name with the same integer value. A constant the pages define twice (the
 *    MAPISIB page repeats some of the constants page's flags) is checked once per page. A constant whose
 *    page definition is not an integer (`const MAPIUID g_muidProvPrvNST = {...}`) can only be missing.
 *  - Every IID must be the IID of the IDL interface it names (`IID_IOSTX` → `IOSTX`). IIDs of the
 *    interfaces the pages describe are checked with those interfaces (`compare.ts`), not twice.
 */
import type { SpecConstant, SpecIid, SpecInterface } from '../types';
import { formatValue } from '../extract/c-values';
import { normalizeGuid } from '../extract/iids';
import type { SpecDifference } from './difference';
import { loc, type IdlConstantView, type IdlInterfaceView } from './idl-views';

/** Compares the spec's constants with the IDL's (their values as the model computes them). */
export function compareConstants(constants: readonly SpecConstant[], idl: readonly IdlConstantView[]): SpecDifference[] {
  const out: SpecDifference[] = [];
  const byName = new Map(idl.map((c) => [c.name, c] as const));
  for (const c of constants) {
    const view = byName.get(c.name);
    const docs = c.value === null ? c.text : formatValue(c.value, c.text);
    if (view === undefined) {
      out.push({
        kind: 'missing-constant',
        declaration: c.name,
        slot: null,
        location: null,
        url: c.url,
        message: `constant ${c.name} is not declared, docs define it as ${docs}`,
        docs,
        idl: '',
      });
      continue;
    }
    const v = view.value;
    if (v !== c.value) {
      const idlText = v === null ? `${view.text} (not an integer)` : formatValue(v, view.text);
      out.push({
        kind: 'constant-value',
        declaration: c.name,
        slot: null,
        location: loc(view),
        url: c.url,
        message: `${c.name} is ${idlText}, docs have ${docs}`,
        docs,
        idl: idlText,
      });
    }
  }
  return out;
}

/** Compares the IIDs of the spec that no described interface carries with the IDL interfaces they name. */
export function compareIids(iids: readonly SpecIid[], described: readonly SpecInterface[], idl: readonly IdlInterfaceView[]): SpecDifference[] {
  const out: SpecDifference[] = [];
  for (const e of iids) {
    if (described.some((i) => i.iidName === e.name && i.iid !== null)) continue;
    const name = e.name.replace(/^IID_/, '');
    const view = idl.find((v) => v.name === name);
    if (view === undefined) {
      out.push({
        kind: 'missing-iid',
        declaration: e.name,
        slot: null,
        location: null,
        url: e.url,
        message: `${e.name} names no interface of the IDL, docs define it as {${e.guid}}`,
        docs: e.guid,
        idl: '',
      });
      continue;
    }
    const iid = view.iid === null ? null : (normalizeGuid(view.iid) ?? view.iid.toLowerCase());
    if (iid !== e.guid) {
      out.push({
        kind: 'iid',
        declaration: e.name,
        slot: null,
        location: loc(view),
        url: e.url,
        message: `${name} has ${iid === null ? 'no IID' : `IID ${iid}`}, docs define ${e.name} as ${e.guid}`,
        docs: e.guid,
        idl: iid ?? '',
      });
    }
  }
  return out;
}
