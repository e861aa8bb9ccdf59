/**
 * Structures passed by value (a `GUID`, a `POINT` parameter): koffi passes them itself, given the object it
 * encodes; this converts the TypeScript value to that object. Only structures of plain data can be passed so
 * (scalars, GUIDs, fixed arrays and text, nested such structures): a pointer inside would need memory that
 * outlives the conversion, so such a slot gets no binding.
 */
import { ComError, E_INVALIDARG } from '@comidl/runtime';
import type { NativeType } from './descriptor.js';
import { guidToFields } from './guid-bytes.js';
import type { StructureTable } from './structures.js';

type Convert = (value: unknown, where: string) => unknown;

/** The converter for structure `name`, or why it cannot be passed by value. */
export function structByValue(lib: { readonly structures: StructureTable }, name: string): Convert | string {
  const c = converter(lib.structures, { kind: 'struct', name });
  return typeof c === 'string' ? `a ${name} passed by value ${c}` : c;
}

function converter(table: StructureTable, t: NativeType): Convert | string {
  if (typeof t === 'string') return (v) => v;
  switch (t.kind) {
    case 'guid':
      return (v, where) => {
        if (typeof v !== 'string') throw new ComError(E_INVALIDARG, `${where}: expected a GUID string`);
        return guidToFields(v);
      };
    case 'text':
      return (v) => v;
    case 'array': {
      const of = converter(table, t.of);
      if (typeof of === 'string') return of;
      return (v, where) => (ArrayBuffer.isView(v) ? v : Array.from(v as ArrayLike<unknown>, (e, i) => of(e, `${where}[${i}]`)));
    }
    case 'struct': {
      const info = table.get(t.name);
      const fields: [string, Convert][] = [];
      for (const f of info.fields) {
        const c = f.sizeIs === undefined ? converter(table, f.type) : 'holds a size_is pointer';
        if (typeof c === 'string') return `${c} (${t.name}.${f.name})`;
        fields.push([f.name, c]);
      }
      return (v, where) => {
        if (typeof v !== 'object' || v === null) throw new ComError(E_INVALIDARG, `${where}: expected a ${t.name} structure`);
        const out: Record<string, unknown> = {};
        for (const [name, c] of fields) {
          const x = (v as Record<string, unknown>)[name];
          if (x !== undefined) out[name] = c(x, `${where}.${name}`);
        }
        return out;
      };
    }
    default:
      return `holds a ${t.kind} pointer`;
  }
}
