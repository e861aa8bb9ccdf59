/**
 * Layout fingerprints: a hash of what a caller compiled against a vtable depends on: the base chain, every
 * slot's name, return type and parameters' directions and C types (typedefs expanded, so `LPMAPIPROGRESS`
 * and `IMAPIProgress *` hash alike). Parameter names and doc comments are left out: they do not change the
 * binary layout.
 */
import { createHash } from 'node:crypto';
import type { InterfaceModel, VtableSlot } from '@comidl/model';

export interface SlotShape {
  returns: string;
  parameters: { direction: string; type: string }[];
}

export function fingerprintOf(model: InterfaceModel, shape: (slot: VtableSlot) => SlotShape): string {
  const text = JSON.stringify({
    iid: model.iid,
    slots: model.vtable.map((s) => {
      const { returns, parameters } = shape(s);
      return [s.name, s.declaredIn, returns, parameters.map((p) => `${p.direction} ${p.type}`)];
    }),
  });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
