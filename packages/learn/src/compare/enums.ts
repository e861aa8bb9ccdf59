/**
 * Enumerations: every enumeration the pages declare must be declared in the IDL under the same name,
 * with every member the pages give, each with the same value, and no other member. Values are counted
 * as C counts them (the written value, else one more than the previous member): on the pages by the
 * extractor, in the IDL by the model; so a member dropped before implicit ones also shows in their values.
 */
import type { SpecEnum } from '../types';
import type { SpecDifference, SpecDifferenceKind } from './difference';
import { loc, type IdlEnumView, type IdlLocation } from './idl-views';

/** Compares every enumeration of the spec with the IDL's. */
export function compareEnums(enums: readonly SpecEnum[], idl: readonly IdlEnumView[]): SpecDifference[] {
  const out: SpecDifference[] = [];
  for (const e of enums) {
    const view = idl.find((v) => v.name === e.name);
    const push = (kind: SpecDifferenceKind, at: IdlLocation | null, message: string, docs: string, idlText: string): void => {
      out.push({ kind, declaration: e.name, slot: null, location: at === null ? null : loc(at), url: e.url, message, docs, idl: idlText });
    };
    if (view === undefined) {
      push('missing-enum', null, `enumeration ${e.name} is not declared, docs declare it with ${e.members.length} members`, e.name, '');
      continue;
    }
    for (const m of e.members) {
      const k = view.members.findIndex((x) => x.name === m.name);
      if (k < 0) {
        push('enum-member-missing', view, `${e.name} has no member ${m.name}, docs have ${m.name} = ${m.value}`, `${m.name} = ${m.value}`, '');
        continue;
      }
      const v = view.members[k]!.value;
      if (v !== m.value) {
        const shown = v === null ? 'not an integer' : String(v);
        push('enum-value', view.members[k]!, `${e.name}.${m.name} is ${shown}, docs have ${m.value}`, `${m.name} = ${m.value}`, `${m.name} = ${shown}`);
      }
    }
    view.members.forEach((x) => {
      if (!e.members.some((m) => m.name === x.name)) {
        push('enum-member-extra', x, `${e.name}.${x.name} is not in the docs`, '', `${x.name} = ${x.value ?? '?'}`);
      }
    });
  }
  return out;
}
