/**
 * M006 duplicate-iid: two different interfaces may not share an IID, in a file or across its imports; the
 * asynchronous twins of `[async_uuid]` interfaces count with theirs.
 */
import type { Diagnostic } from '@comidl/parser';
import { asyncName } from '../async-interface';
import { uuidOf } from '../attributes';
import type { DeclarationIndex } from '../declaration-index';
import { diagnostic, type Rule } from './rule';

/**
 * The IIDs a file defines, `[iid, interface]` in order, worked out once per file: every file that imports it
 * (a widely imported one like objidl.idl: most of them) checks its own IIDs against these.
 */
const definedIids = new WeakMap<DeclarationIndex, [string, string][]>();

function iidsOf(index: DeclarationIndex): [string, string][] {
  let iids = definedIids.get(index);
  if (!iids) {
    iids = [];
    for (const entry of index.interfaces) {
      if (!entry.defined || entry.declaration.kind === 'dispinterface') continue;
      const iid = uuidOf(entry.declaration.attributes);
      if (iid) iids.push([iid, entry.name]);
      const asyncIid = uuidOf(entry.declaration.attributes, 'async_uuid');
      if (asyncIid) iids.push([asyncIid, asyncName(entry.name)]);
    }
    definedIids.set(index, iids);
  }
  return iids;
}

export const duplicateIid: Rule = {
  code: 'M006',
  id: 'duplicate-iid',
  check({ imported, interfaces }) {
    const out: Diagnostic[] = [];
    // IID -> interface name, over the imported files first, then this file in order.
    const owners = new Map<string, string>();
    for (const index of imported) {
      for (const [iid, name] of iidsOf(index)) if (!owners.has(iid)) owners.set(iid, name);
    }
    for (const i of interfaces) {
      if (!i.iid || i.kind === 'dispinterface' || i.templateParameters || i.name.includes('<')) continue;
      const owner = owners.get(i.iid);
      if (owner && owner !== i.name) {
        out.push(diagnostic(duplicateIid, i.span, `IID ${i.iid} of ${i.name} is already the IID of ${owner}`, `interface ${i.name}`));
      } else owners.set(i.iid, i.name);
    }
    return out;
  },
};
