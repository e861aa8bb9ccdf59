/**
 * Layout fingerprints: a hash of what a caller compiled against a vtable depends on: the IID, every slot's
 * name, declaring interface, return type and parameters' directions and C types (typedefs expanded, so
 * `LPMAPIPROGRESS` and `IMAPIProgress *` hash alike), and every structure, union and enum the signatures
 * reach, with their fields' names, C types and order, and their packing. Parameter names and doc comments
 * are left out: they do not change the binary layout.
 */
import { createHash } from 'node:crypto';
import type { EnumType } from '@comidl/parser';
import type { InterfaceModel } from '../types';
import type { ComWorkspace } from '../workspace';
import { aggregateMembers, typeUse, type Aggregate, type TypeUse } from './c-types';
import { abiSlots, interfaceTypes, returnUse, structureOf } from './snapshot';
import type { AbiSlot } from './types';

/** The structures, unions and enums an interface's own and inherited signatures reach, by name, sorted. */
export function reachedStructures(workspace: ComWorkspace, model: InterfaceModel): Map<string, Aggregate | EnumType> {
  const { types } = interfaceTypes(workspace, model);
  const found = new Map<string, Aggregate | EnumType>();
  // A stack rather than a recursion (structures may refer to each other in chains of any length), taken in the
  // order a recursive walk takes them: each list is pushed reversed.
  const uses: TypeUse[] = [];
  for (const slot of model.vtable) {
    uses.push(returnUse(slot.method.declaration));
    for (const p of slot.method.parameters) uses.push(typeUse(p.declaration.specifiers, p.declaration.declarator, p.attributes));
  }
  const pending = uses.reverse();
  while (pending.length) {
    const r = types.resolveUse(pending.pop()!);
    if (!r.node) continue;
    const name = types.aggregateName(r.node) || r.name;
    // A nameless structure inside another is part of it: its fields are followed, it is not listed.
    if (name) {
      if (found.has(name)) continue;
      found.set(name, r.node);
    }
    if (r.node.kind === 'enum') continue;
    const members = aggregateMembers(r.node);
    for (let i = members.length - 1; i >= 0; i--) {
      const f = members[i];
      pending.push(f.name === null ? { specifiers: f.specifiers, pointers: 0, arrays: [], attributes: f.attributes } : typeUse(f.specifiers, f.declarator, f.attributes));
    }
  }
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The fingerprint of an interface's layout (16 hex digits). */
export function fingerprintOf(workspace: ComWorkspace, model: InterfaceModel, slots: readonly AbiSlot[] = abiSlots(workspace, model)): string {
  const abi = interfaceTypes(workspace, model);
  const text = JSON.stringify({
    iid: model.iid,
    slots: slots.map((s) => [s.name, s.declaredIn, s.returns, s.parameters.map((p) => `${p.direction} ${p.type}`)]),
    structures: [...reachedStructures(workspace, model)].map(([name, node]) => structureOf(abi, node, name)),
  });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
