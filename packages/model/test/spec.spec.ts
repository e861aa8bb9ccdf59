/**
 * Spec vs model: the vtables the model builds from `idl/mapi-sync/mapi-sync.idl` (which imports the whole
 * library) for the five MAPI replication interfaces equal `idl/mapi-sync/spec.json`, the facts extracted
 * from Microsoft's reference pages: IID, base, slot order with the placeholder slots, each method's
 * parameter names, directions and types.
 *
 * Conventions bridged here, as the IDL states them (idl/mapi-sync/README.md):
 *  - the spec gives a placeholder slot an empty name; the IDL names it `Placeholder<slot>` and tags it
 *    `@placeholder`, with no parameters;
 *  - where a page gives no direction (`direction: null`) the IDL marks the parameter `[in]`;
 *  - types compare after dropping `FAR`/`NEAR` (empty Win32 macros) and the spaces around `*`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ComWorkspace, type InterfaceModel } from '../src';
import { REPO_ROOT } from './helpers';

/**
 * The shape of spec.json, as `packages/learn/src/types.ts` declares it (SpecDocument and its parts). It is
 * restated rather than imported because the model may depend on the parser only; the first test checks
 * that the file still has this shape.
 */
interface SpecParam {
  name: string;
  type: string;
  direction: 'in' | 'out' | 'in,out' | null;
}
interface SpecSlot {
  index: number;
  name: string;
  placeholder: boolean;
  url: string | null;
  signature: { returnType: string; params: SpecParam[]; url: string } | null;
}
interface SpecInterface {
  name: string;
  base: string;
  iidName: string | null;
  iid: string | null;
  iidSource: string | null;
  url: string;
  slots: SpecSlot[];
}
interface SpecDocument {
  source: string;
  interfaces: SpecInterface[];
  structures: { name: string; url: string; fields: { name: string; type: string }[] }[];
  enums: { name: string; url: string; members: { name: string; value: number }[] }[];
  constants: { name: string; value: number | null; text: string; section: string; url: string }[];
  iids: { name: string; guid: string; section: string; url: string }[];
  states: { identifier: string; structure: string | null; parents: string[]; url: string }[];
  notes: { url: string; message: string }[];
}

const SPEC_FILE = path.join(REPO_ROOT, 'idl/mapi-sync/spec.json');
const IDL_FILE = path.join(REPO_ROOT, 'idl/mapi-sync/mapi-sync.idl');
const MAPI_SYNC_INTERFACES = ['IOSTX', 'IPSTX', 'IMAPISync', 'IMAPISyncProgressCallback', 'IMAPIProgress'];

const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as SpecDocument;
const models = new ComWorkspace().loadWithImports(IDL_FILE);
const byName = new Map<string, InterfaceModel>(models.flatMap((m) => m.interfaces.map((i) => [i.name, i] as const)));

function canonicalType(t: string): string {
  return t
    .replace(/\b(FAR|NEAR)\b/g, ' ')
    .replace(/\s*\*\s*/g, '*')
    .replace(/\s+/g, ' ')
    .trim();
}

/** One comparable line per slot: `index name [placeholder] (param:direction:type, ...)`. */
function specSlots(i: SpecInterface): string[] {
  return i.slots.map((s) => {
    const name = s.placeholder ? `Placeholder${s.index} [placeholder]` : s.name;
    const params = (s.signature?.params ?? []).map((p) => `${p.name}:${p.direction ?? 'in'}:${canonicalType(p.type)}`);
    return `${s.index} ${name} (${params.join(', ')})`;
  });
}

function modelSlots(i: InterfaceModel, first: number): string[] {
  return i.vtable.slice(first).map((s) => {
    const name = s.method.placeholder ? `${s.name} [placeholder]` : s.name;
    const params = s.method.parameters.map((p) => `${p.name}:${p.direction}:${canonicalType(p.type)}`);
    return `${s.index} ${name} (${params.join(', ')})`;
  });
}

describe('spec.json vs the model of idl/mapi-sync/mapi-sync.idl', () => {
  it('spec.json has the shape of packages/learn/src/types.ts', () => {
    expect(Object.keys(spec)).toEqual(['source', 'interfaces', 'structures', 'enums', 'constants', 'iids', 'states', 'notes']);
    for (const s of spec.structures) {
      expect(Object.keys(s)).toEqual(['name', 'url', 'fields']);
      for (const f of s.fields) expect(Object.keys(f)).toEqual(['name', 'type']);
    }
    for (const e of spec.enums) {
      expect(Object.keys(e)).toEqual(['name', 'url', 'members']);
      for (const m of e.members) expect(Object.keys(m)).toEqual(['name', 'value']);
    }
    for (const c of spec.constants) expect(Object.keys(c)).toEqual(['name', 'value', 'text', 'section', 'url']);
    for (const i of spec.iids) expect(Object.keys(i)).toEqual(['name', 'guid', 'section', 'url']);
    for (const s of spec.states) expect(Object.keys(s)).toEqual(['identifier', 'structure', 'parents', 'url']);
    for (const i of spec.interfaces) {
      expect(Object.keys(i)).toEqual(['name', 'base', 'iidName', 'iid', 'iidSource', 'url', 'slots']);
      for (const s of i.slots) {
        expect(Object.keys(s)).toEqual(['index', 'name', 'placeholder', 'url', 'signature']);
        if (s.signature) {
          expect(Object.keys(s.signature)).toEqual(['returnType', 'params', 'url']);
          for (const p of s.signature.params) expect(Object.keys(p)).toEqual(['name', 'type', 'direction']);
        }
      }
    }
  });

  it('describes the five interfaces: 29 slots, 10 placeholders, 33 parameters', () => {
    expect(spec.interfaces.map((i) => i.name)).toEqual(MAPI_SYNC_INTERFACES);
    const slots = spec.interfaces.flatMap((i) => i.slots);
    expect(slots).toHaveLength(29);
    expect(slots.filter((s) => s.placeholder)).toHaveLength(10);
    expect(slots.reduce((n, s) => n + (s.signature?.params.length ?? 0), 0)).toBe(33);
  });

  it('the IDL and everything it imports load without diagnostics', () => {
    expect(models.flatMap((m) => m.diagnostics)).toEqual([]);
    expect(models[0].interfaces).toEqual([]);
  });

  describe.each(MAPI_SYNC_INTERFACES)('%s', (name) => {
    const expected = spec.interfaces.find((i) => i.name === name)!;
    const actual = () => {
      const i = byName.get(name);
      if (!i) throw new Error(`the model of ${path.relative(REPO_ROOT, IDL_FILE)} and its imports has no interface ${name}`);
      return i;
    };

    it('is a COM interface on the documented base, after its three IUnknown slots', () => {
      const i = actual();
      expect(i.kind).toBe('interface');
      expect(i.object).toBe(true);
      expect(i.base).toBe(expected.base);
      expect(i.vtable.slice(0, 3).map((s) => `${s.index} ${s.declaredIn}::${s.name}`)).toEqual([
        '0 IUnknown::QueryInterface',
        '1 IUnknown::AddRef',
        '2 IUnknown::Release',
      ]);
      expect(expected.slots[0].index).toBe(3);
    });

    it('has the documented IID', () => {
      if (expected.iid === null) {
        // The docs define no value (IMAPIProgress); the IDL takes it from MAPI's headers.
        expect(actual().iid).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
      } else {
        expect(actual().iid).toBe(expected.iid);
      }
    });

    it('has the documented slots in order, placeholders included, with parameter names, directions and types', () => {
      expect(modelSlots(actual(), 3)).toEqual(specSlots(expected));
    });

    it('declares every slot itself, with the names the docs give (empty for placeholders)', () => {
      const own = actual().vtable.slice(3);
      expect(own.every((s) => s.declaredIn === name)).toBe(true);
      expect(own.map((s) => (s.method.placeholder ? '' : s.name))).toEqual(expected.slots.map((s) => s.name));
    });
  });
});

describe('documentation in idl/mapi-sync', () => {
  const learn = /https:\/\/learn\.microsoft\.com\/office\/client-developer\/outlook\/mapi\/[a-z0-9-]+/;
  const names = ['IOSTX', 'IPSTX', 'IMAPISync', 'IMAPISyncProgressCallback', 'IMAPIProgress'];
  const interfaces = models.flatMap((m) => m.interfaces).filter((i) => names.includes(i.name));

  it('finds the five interfaces', () => {
    expect(interfaces.map((i) => i.name).sort()).toEqual([...names].sort());
  });

  it.each(names)('%s and each of its methods carry a doc comment with the Learn URL of their page', (name) => {
    const i = interfaces.find((x) => x.name === name)!;
    expect(i.doc).toMatch(learn);
    for (const m of i.methods) {
      expect({ method: m.name, doc: m.doc }).toEqual({ method: m.name, doc: expect.stringMatching(m.placeholder ? /@placeholder/ : learn) });
    }
  });
});
