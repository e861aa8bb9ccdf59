/**
 * The ABI snapshot of a library: for every interface with a vtable, its IID, base and slots with canonical
 * C types, read through the emit context so the types are the ones the layout fingerprints hash.
 */
import type { InterfaceModel } from '@comidl/model';
import type { EmitContext } from '../emit-context';
import { typeUse } from '../type-mapper';
import type { AbiInterface, AbiSnapshot } from './types';

/** Snapshots `interfaces` (default: every interface of the library that has a vtable), in that order. */
export function abiOf(ctx: EmitContext, interfaces: readonly InterfaceModel[] = ctx.library.interfaces): AbiSnapshot {
  return interfaces.map((model): AbiInterface => ({
    name: model.name,
    iid: model.iid,
    base: model.base,
    doc: model.doc,
    slots: model.vtable.map((slot) => {
      const sig = ctx.signature(slot);
      const declaration = slot.method.declaration;
      const pointers = declaration.prefix.filter((x) => x.kind === 'pointer').length;
      return {
        index: slot.index,
        name: slot.name,
        returns: ctx.types.canonical({ ...typeUse(declaration.returnType, null), pointers }),
        parameters: sig.parameters.map((p) => ({ name: p.idlName, direction: p.direction, type: p.canonical })),
        declaredIn: slot.declaredIn,
        doc: slot.method.doc,
      };
    }),
  }));
}
