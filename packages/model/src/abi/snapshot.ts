/**
 * The ABI snapshot of a set of interfaces and files: for every interface with a vtable, its IID, base and
 * slots with canonical C types, resolved in the scope of the file that defines it; and every structure,
 * union and enum the files define, with its fields (or members) as compiled code sees them.
 */
import type { EnumType } from '@comidl/parser';
import type { InterfaceModel } from '../types';
import type { ComWorkspace, Unit } from '../workspace';
import { aggregateMembers, typeUse, type Aggregate, type TypeUse } from './c-types';
import { scopeTypes, type ScopeTypes } from './scope-types';
import { located, type AbiInterface, type AbiSlot, type AbiSnapshot, type AbiStructure } from './types';

/** The C types an interface's signatures are read in. */
export function interfaceTypes(workspace: ComWorkspace, model: InterfaceModel): ScopeTypes {
  const { scope, namespace } = workspace.interfaceScope(model);
  return scopeTypes(scope, namespace);
}

/** The slots of an interface as the ABI sees them. */
export function abiSlots(workspace: ComWorkspace, model: InterfaceModel): AbiSlot[] {
  const { types } = interfaceTypes(workspace, model);
  return model.vtable.map((slot) => {
    const declaration = slot.method.declaration;
    return located<AbiSlot>({
      index: slot.index,
      name: slot.name,
      returns: types.canonical(returnUse(slot.method.declaration)),
      parameters: slot.method.parameters.map((p) => ({
        name: p.name,
        direction: p.direction,
        type: types.canonical(typeUse(p.declaration.specifiers, p.declaration.declarator, p.attributes)),
      })),
      declaredIn: slot.declaredIn,
      doc: declaration.doc,
    }, slot.method.span);
  });
}

/** A method's return type as a use: its specifiers and the pointers before its name. */
export function returnUse(method: InterfaceModel['methods'][number]['declaration']): TypeUse {
  return { ...typeUse(method.returnType, null), pointers: method.prefix.filter((x) => x.kind === 'pointer').length };
}

/**
 * Snapshots `interfaces` (those with a vtable, in order) and the structures `files` define themselves (not
 * their imports'), first definition of a name winning.
 */
export function abiOf(workspace: ComWorkspace, interfaces: readonly InterfaceModel[], files: readonly Unit[]): AbiSnapshot {
  return {
    interfaces: interfaces.map(
      (model): AbiInterface =>
        located({ name: model.name, iid: model.iid, base: model.base, doc: model.doc, slots: abiSlots(workspace, model) }, model.span),
    ),
    structures: structuresOf(workspace, files),
  };
}

/** Every structure, union and enum the files define, each name once, in file and declaration order. */
export function structuresOf(workspace: ComWorkspace, files: readonly Unit[]): AbiStructure[] {
  const out: AbiStructure[] = [];
  const seen = new Set<string>();
  for (const unit of files) {
    const abi = scopeTypes(workspace.scope(unit));
    const nodes = new Set<Aggregate | EnumType>(unit.index.aggregateNames.keys());
    for (const symbol of unit.index.tags.values()) {
      if (symbol.kind === 'struct' || symbol.kind === 'union' || symbol.kind === 'enum') nodes.add(symbol.declaration);
    }
    for (const node of nodes) {
      const name = abi.types.aggregateName(node);
      if (!name || seen.has(name)) continue;
      seen.add(name);
      out.push(structureOf(abi, node, name));
    }
  }
  return out;
}

/** A structure, union or enum as the ABI records it, read in `abi`'s scope. */
export function structureOf(abi: ScopeTypes, node: Aggregate | EnumType, name: string): AbiStructure {
  if (node.kind === 'enum') {
    const values = abi.constants.enumValues(node);
    const members = (node.members ?? []).map((m) => located({ name: m.name, value: String(values.get(m.name) ?? '') }, m.span));
    return located<AbiStructure>({ kind: 'enum', name, members }, node.span);
  }
  const arraySize = (e: Parameters<typeof abi.constants.integer>[0]) => abi.constants.integer(e);
  return located<AbiStructure>({
    kind: node.kind === 'union' ? 'union' : 'struct',
    name,
    pack: abi.types.scope.packOf(node, 8) ?? null,
    ...((abi.types.scope.packOf(node, 4) ?? null) !== (abi.types.scope.packOf(node, 8) ?? null) ? { pack32: abi.types.scope.packOf(node, 4) ?? null } : {}),
    fields: aggregateMembers(node).map((f) => {
      if (f.name === null) {
        return located({ name: '', type: abi.types.canonical({ specifiers: f.specifiers, pointers: 0, arrays: [], attributes: f.attributes }, { arraySize }) }, f.specifiers.span);
      }
      const type = abi.types.canonical(typeUse(f.specifiers, f.declarator, f.attributes), { arraySize });
      const bits = f.bits ? abi.constants.integer(f.bits) : undefined;
      return located({ name: f.name, type: f.bits ? `${type} : ${bits ?? '?'}` : type }, f.declarator.span);
    }),
  }, node.span);
}
