/**
 * The koffi prototype of a slot, shared by the caller side (the function decoded from the vtable) and the
 * callee side (the callback an exported vtable holds): `This` first, then each parameter as C passes it.
 * [in] strings are koffi strings (koffi converts them both ways and frees its copy after the call), GUIDs and
 * structures passed by value are koffi structures, every other pointer is `void *` and is marshalled here.
 */
import type { TypeObject } from 'koffi';
import type { NativeParameter, NativeReturn, NativeSlot } from './descriptor.js';
import { comPrototype, type KoffiType } from './platform.js';
import { GUID_TYPE, type StructureTable } from './structures.js';

export function parameterKoffiType(structures: StructureTable, p: NativeParameter): KoffiType {
  const t = p.type;
  if (typeof t === 'string') return t;
  if (p.direction !== 'in') return 'void *';
  switch (t.kind) {
    case 'string':
      return t.encoding === 'utf16' ? 'const char16_t *' : t.encoding === 'ansi' ? 'const char *' : 'void *';
    case 'guid':
      return GUID_TYPE;
    case 'struct':
      return structures.get(t.name).koffiType;
    default:
      return 'void *';
  }
}

export function returnKoffiType(returns: NativeReturn): string {
  return returns === 'HRESULT' ? 'int32_t' : returns;
}

export function slotPrototype(structures: StructureTable, slot: NativeSlot): TypeObject {
  return comPrototype(returnKoffiType(slot.returns), ['void *', ...slot.parameters.map((p) => parameterKoffiType(structures, p))]);
}
