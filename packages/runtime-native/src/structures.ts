/**
 * Structures and unions declared for koffi from their descriptors. koffi lays them out by the platform's C ABI,
 * which is the Windows layout once every field has its Windows machine type (the descriptors give those);
 * `#pragma pack(n)` caps each field's alignment at n (`koffi.pack` for n = 1). Where the model's layout is
 * given, koffi's is checked against it.
 */
import type { TypeObject } from 'koffi';
import type { NativeField, NativeStructure, NativeType } from './descriptor.js';
import { koffi, POINTER_SIZE, type KoffiType } from './platform.js';

export interface FieldInfo {
  readonly name: string;
  readonly type: NativeType;
  readonly offset: number;
  /** For a `size_is` pointer: the index (in `fields`) of the count field. */
  readonly sizeIs?: number;
}

export interface StructInfo {
  readonly name: string;
  readonly descriptor: NativeStructure;
  readonly koffiType: TypeObject;
  readonly size: number;
  readonly alignment: number;
  readonly fields: readonly FieldInfo[];
}

/** GUID as C declares it (`guiddef.h`). */
export const GUID_TYPE: TypeObject = koffi.struct({
  Data1: 'uint32_t',
  Data2: 'uint16_t',
  Data3: 'uint16_t',
  Data4: koffi.array('uint8_t', 8),
});

/** A library's structures, declared on first use (so that the descriptors may come in any order). */
export class StructureTable {
  private readonly descriptors = new Map<string, NativeStructure>();
  private readonly declared = new Map<string, StructInfo>();
  private readonly declaring = new Set<string>();

  constructor(
    readonly libraryName: string,
    structures: readonly NativeStructure[],
  ) {
    for (const s of structures) {
      if (this.descriptors.has(s.name)) throw new Error(`${libraryName}: structure ${s.name} is described twice`);
      this.descriptors.set(s.name, s);
    }
  }

  names(): string[] {
    return [...this.descriptors.keys()];
  }

  has(name: string): boolean {
    return this.descriptors.has(name);
  }

  get(name: string): StructInfo {
    const done = this.declared.get(name);
    if (done) return done;
    const d = this.descriptors.get(name);
    if (!d) throw new Error(`${this.libraryName}: no structure named ${name} is described`);
    if (this.declaring.has(name)) throw new Error(`${this.libraryName}: structure ${name} contains itself by value`);
    this.declaring.add(name);
    try {
      const info = this.declare(d);
      this.declared.set(name, info);
      return info;
    } finally {
      this.declaring.delete(name);
    }
  }

  /** The koffi type of a value of type `t` where it is stored (a field, an array element, a pointee). */
  koffiType(t: NativeType): KoffiType {
    if (typeof t === 'string') return t;
    switch (t.kind) {
      case 'pointer':
      case 'opaque':
      case 'string':
      case 'interface':
        return 'void *';
      case 'guid':
        return GUID_TYPE;
      case 'struct':
        return this.get(t.name).koffiType;
      case 'array':
        return koffi.array(this.koffiType(t.of), t.length, isByte(t.of) ? 'Typed' : 'Array');
      case 'text':
        return koffi.array(t.encoding === 'utf16' ? 'char16_t' : 'char', t.length, 'String');
    }
  }

  sizeOf(t: NativeType): number {
    return koffi.sizeof(this.koffiType(t));
  }

  private declare(d: NativeStructure): StructInfo {
    const where = `${this.libraryName}: structure ${d.name}`;
    if (d.fields.length === 0) throw new Error(`${where} has no fields`);
    const pack = typeof d.pack === 'object' ? d.pack[String(POINTER_SIZE)] : d.pack;
    if (pack !== undefined && ![1, 2, 4, 8, 16].includes(pack)) throw new Error(`${where}: #pragma pack(${pack}) is not a packing MIDL knows`);
    const members: Record<string, KoffiType | [number, KoffiType]> = {};
    for (const f of d.fields) {
      if (f.name in members) throw new Error(`${where}: field ${f.name} is described twice`);
      const t = this.koffiType(f.type);
      if (pack !== undefined && pack > 1) {
        const natural = koffi.alignof(t);
        members[f.name] = natural > pack ? [pack, t] : t;
      } else {
        members[f.name] = t;
      }
    }
    const koffiType = d.kind === 'union' ? koffi.union(members) : pack === 1 ? koffi.pack(members) : koffi.struct(members);
    const fields: FieldInfo[] = d.fields.map((f) => ({
      name: f.name,
      type: f.type,
      offset: d.kind === 'union' ? 0 : koffi.offsetof(koffiType, f.name),
      ...(f.sizeIs !== undefined ? { sizeIs: countField(d, f, where) } : {}),
    }));
    const info: StructInfo = { name: d.name, descriptor: d, koffiType, size: koffi.sizeof(koffiType), alignment: koffi.alignof(koffiType), fields };
    checkLayout(info, where);
    return info;
  }
}

function countField(d: NativeStructure, f: NativeField, where: string): number {
  const i = d.fields.findIndex((g) => g.name === f.sizeIs);
  if (i < 0) throw new Error(`${where}: size_is(${f.sizeIs}) of field ${f.name} names no field`);
  if (typeof d.fields[i].type !== 'string') throw new Error(`${where}: size_is(${f.sizeIs}) of field ${f.name} names a field that is not an integer`);
  return i;
}

function checkLayout(info: StructInfo, where: string): void {
  const expected = info.descriptor.layout?.[String(POINTER_SIZE)];
  if (!expected) return;
  const problems: string[] = [];
  if (expected.size !== info.size) problems.push(`size ${info.size}, the model says ${expected.size}`);
  if (expected.align !== info.alignment) problems.push(`alignment ${info.alignment}, the model says ${expected.align}`);
  const members = info.koffiType.members ?? {};
  info.fields.forEach((f, i) => {
    if (expected.offsets[i] !== f.offset) problems.push(`${f.name} at offset ${f.offset}, the model says ${expected.offsets[i]}`);
    const size = members[f.name]?.type.size;
    if (expected.sizes && expected.sizes[i] !== size) problems.push(`${f.name} of ${size} bytes, the model says ${expected.sizes[i]}`);
  });
  if (expected.offsets.length !== info.fields.length) problems.push(`${info.fields.length} fields, the model gives ${expected.offsets.length} offsets`);
  if (problems.length > 0) throw new Error(`${where}: koffi's layout (${POINTER_SIZE * 8}-bit) differs from the model's: ${problems.join('; ')}`);
}

export function isByte(t: NativeType): boolean {
  return t === 'uint8_t' || t === 'int8_t';
}

export function is64(t: NativeType): boolean {
  return t === 'int64_t' || t === 'uint64_t' || t === 'intptr_t' || t === 'uintptr_t';
}
