/**
 * Deterministic JSON for a `SpecDocument`: fixed key order (as declared in `types.ts`), 2-space indent,
 * trailing newline. Only the declared fields are written.
 */
import type {
  SpecConstant,
  SpecDocument,
  SpecEnum,
  SpecIid,
  SpecInterface,
  SpecNote,
  SpecParam,
  SpecSignature,
  SpecSlot,
  SpecState,
  SpecStructure,
} from './types';

function param(p: SpecParam): SpecParam {
  return { name: p.name, type: p.type, direction: p.direction };
}

function signature(s: SpecSignature | null): SpecSignature | null {
  return s === null ? null : { returnType: s.returnType, params: s.params.map(param), url: s.url };
}

function slot(s: SpecSlot): SpecSlot {
  return { index: s.index, name: s.name, placeholder: s.placeholder, url: s.url, signature: signature(s.signature) };
}

function iface(i: SpecInterface): SpecInterface {
  return {
    name: i.name,
    base: i.base,
    iidName: i.iidName,
    iid: i.iid,
    iidSource: i.iidSource,
    url: i.url,
    slots: i.slots.map(slot),
  };
}

function structure(s: SpecStructure): SpecStructure {
  return { name: s.name, url: s.url, fields: s.fields.map((f) => ({ name: f.name, type: f.type })) };
}

function enumeration(e: SpecEnum): SpecEnum {
  return { name: e.name, url: e.url, members: e.members.map((m) => ({ name: m.name, value: m.value })) };
}

function constant(c: SpecConstant): SpecConstant {
  return { name: c.name, value: c.value, text: c.text, section: c.section, url: c.url };
}

function iid(i: SpecIid): SpecIid {
  return { name: i.name, guid: i.guid, section: i.section, url: i.url };
}

function state(s: SpecState): SpecState {
  return { identifier: s.identifier, structure: s.structure, parents: [...s.parents], url: s.url };
}

function note(n: SpecNote): SpecNote {
  return { url: n.url, message: n.message };
}

/** Canonical copy of a document (declared fields only, declared key order). */
export function canonicalSpec(doc: SpecDocument): SpecDocument {
  return {
    source: doc.source,
    interfaces: doc.interfaces.map(iface),
    structures: doc.structures.map(structure),
    enums: doc.enums.map(enumeration),
    constants: doc.constants.map(constant),
    iids: doc.iids.map(iid),
    states: doc.states.map(state),
    notes: doc.notes.map(note),
  };
}

/** The document as pretty-printed JSON with a trailing newline. */
export function serializeSpec(doc: SpecDocument): string {
  return `${JSON.stringify(canonicalSpec(doc), null, 2)}\n`;
}

/** Reads a document written by `serializeSpec` (shape-checked, throws on anything else). */
export function parseSpec(json: string): SpecDocument {
  const doc = JSON.parse(json) as SpecDocument;
  const fail = (what: string): never => {
    throw new Error(`not a spec document: ${what}`);
  };
  if (typeof doc !== 'object' || doc === null) fail('not an object');
  if (typeof doc.source !== 'string') fail('source');
  if (!Array.isArray(doc.interfaces)) fail('interfaces');
  for (const i of doc.interfaces) {
    if (typeof i.name !== 'string' || !Array.isArray(i.slots)) fail(`interface ${String(i.name)}`);
    for (const s of i.slots) {
      if (typeof s.index !== 'number' || typeof s.name !== 'string' || typeof s.placeholder !== 'boolean') {
        fail(`slot of ${i.name}`);
      }
      if (s.signature !== null && !Array.isArray(s.signature.params)) fail(`signature of ${i.name}::${s.name}`);
    }
  }
  for (const key of ['structures', 'enums', 'constants', 'iids', 'states'] as const) {
    if (!Array.isArray(doc[key])) fail(key);
  }
  for (const s of doc.structures) {
    if (typeof s.name !== 'string' || !Array.isArray(s.fields)) fail(`structure ${String(s.name)}`);
  }
  for (const e of doc.enums) {
    if (typeof e.name !== 'string' || !Array.isArray(e.members)) fail(`enumeration ${String(e.name)}`);
    if (e.members.some((m) => typeof m.name !== 'string' || typeof m.value !== 'number')) fail(`member of ${e.name}`);
  }
  if (doc.constants.some((c) => typeof c.name !== 'string' || (c.value !== null && typeof c.value !== 'number'))) fail('constant');
  if (doc.iids.some((i) => typeof i.name !== 'string' || typeof i.guid !== 'string')) fail('iid');
  if (doc.states.some((s) => typeof s.identifier !== 'string' || !Array.isArray(s.parents))) fail('state');
  return canonicalSpec({ ...doc, notes: Array.isArray(doc.notes) ? doc.notes : [] });
}
