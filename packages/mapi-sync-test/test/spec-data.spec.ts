/**
 * The generated `@mapi-sync/interfaces` against what the pages define besides vtables, as imported (not
 * re-derived from the IDL): every structure of the spec is in `structs` with the spec's members in the
 * spec's order (fixed arrays with the spec's length), every constant is exported with the spec's value,
 * `SYNCSTATE` has the spec's members and values and no others, and every IID the spec defines is exported
 * as `IID_<Interface>` with its value. Checked against the committed `idl/mapi-sync/spec.json` and
 * against the spec extracted afresh from each of the seven docs variants.
 *
 * Where the generated package departs from a page, the departure must be one `idl/mapi-sync/spec-check.json`
 * documents (the same list `comidl spec-check` reads), with the generated member's name as its IDL text.
 */
import { readFileSync } from 'node:fs';
import { parseSpec, type SpecDocument } from '@comidl/learn';
import * as mapiSync from '@mapi-sync/interfaces';
import { config, describeEachVariant, extractVariant, SPEC_JSON } from './docs';

interface FieldLike {
  readonly name: string;
  readonly type: string;
}
interface StructLike {
  readonly fields: readonly FieldLike[];
  readonly zero: unknown;
}
/** What the check reads of the generated package; tests hand it changed copies. */
interface Generated {
  structs: Readonly<Record<string, StructLike>>;
  exports: Readonly<Record<string, unknown>>;
  SYNCSTATE: Readonly<Record<string, string | number>>;
}

const generated: Generated = {
  structs: mapiSync.structs as unknown as Generated['structs'],
  exports: mapiSync as unknown as Record<string, unknown>,
  SYNCSTATE: mapiSync.SYNCSTATE as unknown as Generated['SYNCSTATE'],
};

/** The IDL text a documented departure gives for a difference of `declaration` with these docs, or undefined. */
function departure(declaration: string, kind: string, docs: string): string | undefined {
  for (const d of config.departures) {
    const hit = d.differences.find((e) => e.declaration === declaration && e.kind === kind && e.docs === docs);
    if (hit !== undefined) return hit.idl;
  }
  return undefined;
}

/** Every way `g` departs from `spec` that spec-check.json does not document, one line each. */
function undocumented(spec: SpecDocument, g: Generated): string[] {
  const out: string[] = [];
  for (const s of spec.structures) {
    const layout = g.structs[s.name];
    if (layout === undefined) {
      out.push(`structs has no ${s.name}`);
      continue;
    }
    const names = layout.fields.map((f) => f.name);
    if (names.length !== s.fields.length) out.push(`${s.name} has ${names.length} members, docs have ${s.fields.length}`);
    s.fields.forEach((f, k) => {
      const mine = layout.fields[k];
      const docs = `${f.type} ${f.name}`.trim();
      if (mine === undefined) return;
      if (mine.name !== f.name) {
        const idl = departure(s.name, 'field-name', docs);
        if (idl === undefined || !idl.endsWith(` ${mine.name}`)) out.push(`${s.name} member ${k + 1} is ${mine.name}, docs have ${docs}`);
      }
      const array = /\[(\d+)\]$/.exec(f.type);
      const zero = (layout.zero as Record<string, unknown>)[mine.name];
      const length = zero !== null && typeof zero === 'object' && 'length' in zero ? (zero as { length: number }).length : null;
      if (array !== null && (!mine.type.endsWith(`[${array[1]}]`) || length !== Number(array[1]))) {
        out.push(`${s.name}.${mine.name} is ${mine.type} of ${length ?? 'no'} elements, docs have ${f.type}`);
      }
    });
  }
  for (const c of spec.constants) {
    const mine = g.exports[c.name];
    if (mine === undefined) {
      if (departure(c.name, 'missing-constant', c.text) === undefined) out.push(`no constant ${c.name}, docs define it as ${c.text}`);
    } else if (mine !== c.value) out.push(`${c.name} is ${String(mine)}, docs have ${c.text}`);
  }
  for (const e of spec.enums) {
    const mine = e.name === 'SYNCSTATE' ? g.SYNCSTATE : (g.exports[e.name] as Record<string, string | number> | undefined);
    if (mine === undefined) {
      out.push(`no enumeration ${e.name}`);
      continue;
    }
    for (const m of e.members) if (mine[m.name] !== m.value) out.push(`${e.name}.${m.name} is ${String(mine[m.name])}, docs have ${m.value}`);
    for (const key of Object.keys(mine).filter((k) => !/^\d+$/.test(k))) {
      if (!e.members.some((m) => m.name === key)) out.push(`${e.name}.${key} is not in the docs`);
    }
  }
  for (const i of spec.iids) {
    const mine = g.exports[i.name];
    if (mine === undefined) {
      if (departure(i.name, 'missing-iid', i.guid) === undefined) out.push(`no ${i.name}, docs define it as ${i.guid}`);
    } else if (mine !== i.guid) out.push(`${i.name} is ${String(mine)}, docs have ${i.guid}`);
  }
  return out;
}

/** A deep copy of the generated record with one change. */
function changed(edit: (g: { structs: Record<string, { fields: { name: string; type: string }[]; zero: unknown }>; exports: Record<string, unknown>; SYNCSTATE: Record<string, string | number> }) => void): Generated {
  const copy = {
    structs: Object.fromEntries(Object.entries(generated.structs).map(([k, v]) => [k, { fields: v.fields.map((f) => ({ ...f })), zero: v.zero }])),
    exports: { ...generated.exports },
    SYNCSTATE: { ...generated.SYNCSTATE },
  };
  edit(copy);
  return copy;
}

describe('the generated structures, constants, SYNCSTATE and IIDs against idl/mapi-sync/spec.json', () => {
  const spec = parseSpec(readFileSync(SPEC_JSON, 'utf8'));

  it('checks every structure, constant, member and IID the spec holds', () => {
    expect([spec.structures.length, spec.constants.length, spec.enums[0]!.members.length, spec.iids.length]).toEqual([23, 63, 12, 11]);
  });

  it('departs from the spec only where spec-check.json documents it', () => {
    expect(undocumented(spec, generated)).toEqual([]);
  });

  it('fails on a renamed member, two swapped members, a changed constant and a missing enum member (the check can fail)', () => {
    expect(undocumented(spec, changed((g) => (g.structs['SYNC']!.fields[1]!.name = 'pwzPathName')))).toEqual([
      'SYNC member 2 is pwzPathName, docs have LPWSTR pwzPath',
    ]);
    expect(
      undocumented(
        spec,
        changed((g) => {
          const f = g.structs['SYNCCONT']!.fields;
          [f[1], f[2]] = [f[2]!, f[1]!];
        }),
      ),
    ).toEqual(['SYNCCONT member 2 is cEnt, docs have UINT iEnt', 'SYNCCONT member 3 is iEnt, docs have UINT cEnt']);
    expect(undocumented(spec, changed((g) => (g.exports['DNH_OK'] = 0x20000)))).toEqual(['DNH_OK is 131072, docs have 0x00010000']);
    expect(undocumented(spec, changed((g) => delete g.SYNCSTATE['LR_SYNC_DOWNLOAD_TABLE']))).toEqual([
      'SYNCSTATE.LR_SYNC_DOWNLOAD_TABLE is undefined, docs have 11',
    ]);
    expect(undocumented(spec, changed((g) => delete g.exports['IID_IOSTX']))).toEqual([
      'no IID_IOSTX, docs define it as d2d85db4-840f-49b8-9982-07d2405ec6b7',
    ]);
    // A departure the list does not document is not accepted: UPTBLE's members under other names.
    expect(undocumented(spec, changed((g) => (g.structs['UPTBLE']!.fields[0]!.name = 'iEntModified')))).toEqual([
      'UPTBLE member 1 is iEntModified, docs have UINTiEntMod',
    ]);
  });
});

describeEachVariant('the generated structures, constants, SYNCSTATE and IIDs against the %s pages', (variant) => {
  it('depart from the spec extracted from the pages only where spec-check.json documents it', () => {
    const spec = extractVariant(variant);
    expect([spec.structures.length, spec.constants.length, spec.enums[0]!.members.length, spec.iids.length]).toEqual([23, 63, 12, 11]);
    expect(undocumented(spec, generated)).toEqual([]);
  });
});
