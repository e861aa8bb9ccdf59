/**
 * Structures passed by value (a `GUID`, a `POINT` parameter): koffi passes them itself, given the object it
 * encodes; this converts the TypeScript value to that object. Only structures of plain data can be passed so
 * (scalars, GUIDs, fixed arrays and text, nested such structures): a pointer inside would need memory that
 * outlives the conversion, so such a slot gets no binding.
 */
import { ComError, E_INVALIDARG } from '@comidl/runtime';
import type { NativeScalar, NativeType } from './descriptor.js';
import { guidToFields } from './guid-bytes.js';
import { writeBits, type StructureTable } from './structures.js';

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
      if (info.opaque) {
        return (v, where) => {
          if (!(v instanceof Uint8Array) || v.length !== info.size) throw new ComError(E_INVALIDARG, `${where}: expected the ${info.size} bytes of an opaque ${t.name}`);
          return { __bytes: v };
        };
      }
      const fields: [string, (record: Record<string, unknown>, where: string) => unknown][] = [];
      for (const f of info.fields) {
        if (f.bitFields) {
          const unit = f.type as NativeScalar;
          const bitFields = f.bitFields;
          fields.push([
            f.name,
            (record) => {
              if (bitFields.every((b) => record[b.name] === undefined)) return undefined;
              let bits: number | bigint = 0;
              for (const b of bitFields) bits = writeBits(bits, b, unit, Number(record[b.name] ?? 0));
              return bits;
            },
          ]);
          continue;
        }
        const c = f.sizeIs === undefined ? converter(table, f.type) : 'holds a size_is pointer';
        if (typeof c === 'string') return `${c} (${t.name}.${f.name})`;
        // A nameless member's fields are the enclosing record's.
        fields.push([f.name, f.anonymous ? (record, where) => c(record, where) : (record, where) => (record[f.name] === undefined ? undefined : c(record[f.name], `${where}.${f.name}`))]);
      }
      return (v, where) => {
        if (typeof v !== 'object' || v === null) throw new ComError(E_INVALIDARG, `${where}: expected a ${t.name} structure`);
        const out: Record<string, unknown> = {};
        for (const [name, c] of fields) {
          const x = c(v as Record<string, unknown>, where);
          if (x !== undefined) out[name] = x;
        }
        return out;
      };
    }
    default:
      return `holds a ${t.kind} pointer`;
  }
}
