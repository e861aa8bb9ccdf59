/**
 * Structures: every structure the pages declare must be declared in the IDL (under the same name, a
 * typedef's or a tag's) with the same members in the same order, each with the same name and type.
 *
 *  - Same member count: members are compared position by position, so a renamed member gives one
 *    `field-name` difference and two swapped members give two.
 *  - A different count: one `field-count` difference, then the members are aligned by name (longest
 *    common subsequence) into `field-missing` / `field-extra`, and the aligned ones are compared.
 *  - Types compare with `sameType` (normalized text, `FAR` dropped, the pointer typedefs of
 *    `type-equivalence.ts` expanded), so `void* p` and `void *p` agree and `ULONG const*` and
 *    `const ULONG*` do not: a spelling the IDL changes on purpose is a documented departure.
 *
 * A member is written `type name` in messages and in `docs`/`idl` (`UINT iEntMod`; `UINTiEntMod` for a
 * page's declaration that has a type and no name).
 */
import type { SpecField, SpecStructure } from '../types';
import { normalizeType } from '../extract/signature';
import { align } from './align';
import type { SpecDifference, SpecDifferenceKind } from './difference';
import { loc, type IdlFieldView, type IdlLocation, type IdlStructureView } from './idl-views';
import { DEFAULT_TYPE_ALIASES, sameType } from './type-equivalence';

function text(f: { name: string; type: string }): string {
  return `${normalizeType(f.type)} ${f.name}`.trim();
}

/** Compares every structure of the spec with the IDL's. */
export function compareStructures(
  structures: readonly SpecStructure[],
  idl: readonly IdlStructureView[],
  aliases: Readonly<Record<string, string>> = DEFAULT_TYPE_ALIASES,
): SpecDifference[] {
  const out: SpecDifference[] = [];
  for (const s of structures) {
    const view = idl.find((v) => v.name === s.name);
    const push = (kind: SpecDifferenceKind, at: IdlLocation | null, message: string, docs: string, idl: string): void => {
      out.push({ kind, declaration: s.name, slot: null, location: at === null ? null : loc(at), url: s.url, message, docs, idl });
    };
    if (view === undefined) {
      push('missing-structure', null, `structure ${s.name} is not declared, docs declare it with ${s.fields.length} members`, s.name, '');
      continue;
    }
    const member = (k: number): string => `${s.name} member ${k + 1}`;
    const compareField = (f: SpecField, d: IdlFieldView, kIdl: number): void => {
      if (f.name !== d.name) {
        push('field-name', d, `${member(kIdl)} is ${text(d)}, docs have ${text(f)}`, text(f), text(d));
      } else if (!sameType(d.type, f.type, aliases)) {
        push('field-type', d, `${member(kIdl)} ${d.name} has type ${normalizeType(d.type)}, docs have ${normalizeType(f.type)}`, text(f), text(d));
      }
    };
    if (s.fields.length === view.fields.length) {
      s.fields.forEach((f, k) => compareField(f, view.fields[k]!, k));
      continue;
    }
    push(
      'field-count',
      view,
      `${s.name} has ${view.fields.length} members, docs have ${s.fields.length}`,
      String(s.fields.length),
      String(view.fields.length),
    );
    const anchorAt = (pos: number): IdlLocation => view.fields[pos] ?? view.fields[view.fields.length - 1] ?? view;
    let idlPos = 0;
    for (const op of align(
      s.fields.map((f) => f.name),
      view.fields.map((f) => f.name),
    )) {
      if (op.kind === 'match') {
        idlPos = op.i + 1;
        compareField(s.fields[op.s]!, view.fields[op.i]!, op.i);
      } else if (op.kind === 'spec') {
        const f = s.fields[op.s]!;
        push('field-missing', anchorAt(idlPos), `${s.name} has no member ${text(f)}, docs have it as member ${op.s + 1}`, text(f), '');
      } else {
        const d = view.fields[op.i]!;
        idlPos = op.i + 1;
        push('field-extra', d, `${member(op.i)} ${text(d)} is not in the docs`, '', text(d));
      }
    }
  }
  return out;
}
