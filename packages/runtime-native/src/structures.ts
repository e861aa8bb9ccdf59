/**
 * Structures and unions declared for koffi from their descriptors. koffi lays them out by the platform's C ABI,
 * which is the Windows layout once every field has its Windows machine type (the descriptors give those);
 * `#pragma pack(n)` caps each field's alignment at n (`koffi.pack` for n = 1). Where the model's layout is
 * given, koffi's is checked against it.
 *
 * koffi has no bit-fields and no nameless members: a storage unit of bit-fields is declared as its integer
 * type and its bit-fields become accessors (`AccessorInfo.bits`); a nameless member is declared as a member
 * of its own structure type, whose fields become the enclosing structure's accessors. An opaque structure is
 * declared as bytes of its size, aligned as the layout says.
 */
import type { TypeObject } from 'koffi';
import type { NativeBitField, NativeField, NativeScalar, NativeStructure, NativeType } from './descriptor.js';
import { koffi, POINTER_SIZE, type KoffiType } from './platform.js';

export interface FieldInfo {
  readonly name: string;
  readonly type: NativeType;
  readonly offset: number;
  /** For a `size_is` pointer: the index (in `fields`) of the count field. */
  readonly sizeIs?: number;
  /** A storage unit: its bit-fields. */
  readonly bitFields?: readonly NativeBitField[];
  /** A nameless member: the structure whose fields are this structure's. */
  readonly anonymous?: StructInfo;
}

/**
 * A field as TypeScript reaches it (the members of views and copies): a field, a bit-field of a storage unit,
 * or a field of a nameless member, at its offset from the start of the structure.
 */
export interface AccessorInfo {
  readonly name: string;
  readonly type: NativeType;
  readonly offset: number;
  /** For a `size_is` pointer: the index (in `accessors`) of the count field. */
  readonly sizeIs?: number;
  /** A bit-field: the storage unit's type at `offset`, and the bits in it. */
  readonly bits?: { readonly unit: NativeScalar; readonly field: NativeBitField };
}

export interface StructInfo {
  readonly name: string;
  readonly descriptor: NativeStructure;
  readonly koffiType: TypeObject;
  readonly size: number;
  readonly alignment: number;
  /** The declared fields (koffi's members), in order. */
  readonly fields: readonly FieldInfo[];
  /** The fields as TypeScript reaches them: bit-fields and the fields of nameless members flattened. */
  readonly accessors: readonly AccessorInfo[];
  /** Declared as bytes (`NativeStructure.opaque`): its values are Uint8Arrays. */
  readonly opaque: boolean;
  /** Whether a value holds no pointer anywhere (strings, interfaces, addresses, arrays by pointer). */
  readonly plain: boolean;
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
    if (d.opaque !== undefined) return this.declareOpaque(d, where);
    if (d.fields.length === 0) throw new Error(`${where} has no fields`);
    const pack = typeof d.pack === 'object' ? d.pack[String(POINTER_SIZE)] : d.pack;
    if (pack !== undefined && ![1, 2, 4, 8, 16].includes(pack)) throw new Error(`${where}: #pragma pack(${pack}) is not a packing MIDL knows`);
    const members: Record<string, KoffiType | [number, KoffiType]> = {};
    for (const f of d.fields) {
      if (f.name in members) throw new Error(`${where}: field ${f.name} is described twice`);
      if (f.bitFields) checkBitFields(f, where);
      if (f.anonymous && (typeof f.type === 'string' || f.type.kind !== 'struct')) throw new Error(`${where}: nameless member ${f.name} is not a structure`);
      const t = this.koffiType(f.type);
      // koffi.pack packs a structure; a union's members (under any packing) get the capped alignment each.
      if (pack !== undefined && (pack > 1 || d.kind === 'union')) {
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
      ...(f.bitFields ? { bitFields: f.bitFields } : {}),
      ...(f.anonymous ? { anonymous: this.get((f.type as { name: string }).name) } : {}),
    }));
    const accessors = accessorsOf(fields, where);
    const plain = fields.every((f) => (f.anonymous ? f.anonymous.plain : f.sizeIs === undefined && this.isPlain(f.type)));
    const info: StructInfo = { name: d.name, descriptor: d, koffiType, size: koffi.sizeof(koffiType), alignment: koffi.alignof(koffiType), fields, accessors, opaque: false, plain };
    checkLayout(info, where);
    return info;
  }

  /** Bytes of the layout's size, aligned as it says. */
  private declareOpaque(d: NativeStructure, where: string): StructInfo {
    const layout = d.layout?.[String(POINTER_SIZE)];
    if (!layout) throw new Error(`${where} is opaque (${d.opaque}) and has no layout for ${POINTER_SIZE * 8}-bit processes`);
    if (d.fields.length !== 0) throw new Error(`${where} is opaque and describes fields`);
    if (layout.size <= 0 || layout.size % layout.align !== 0) throw new Error(`${where}: an opaque structure of ${layout.size} bytes aligned to ${layout.align}`);
    const bytes = koffi.array('uint8_t', layout.size, 'Typed');
    const koffiType = koffi.struct({ __bytes: layout.align > 1 ? [layout.align, bytes] : bytes });
    const type: NativeType = { kind: 'array', of: 'uint8_t', length: layout.size };
    const info: StructInfo = {
      name: d.name,
      descriptor: d,
      koffiType,
      size: koffi.sizeof(koffiType),
      alignment: koffi.alignof(koffiType),
      fields: [{ name: '__bytes', type, offset: 0 }],
      accessors: [],
      opaque: true,
      plain: true,
    };
    checkLayout(info, where);
    return info;
  }

  /** Whether a value of `t` holds no pointer anywhere. */
  isPlain(t: NativeType): boolean {
    if (typeof t === 'string') return true;
    switch (t.kind) {
      case 'guid':
      case 'text':
        return true;
      case 'array':
        return this.isPlain(t.of);
      case 'struct':
        return this.get(t.name).plain;
      default:
        return false;
    }
  }
}

/** The fields as TypeScript reaches them, bit-fields and nameless members flattened; names must not clash. */
function accessorsOf(fields: readonly FieldInfo[], where: string): AccessorInfo[] {
  const out: AccessorInfo[] = [];
  /** Per field (by index): its accessor's index, for plain fields. */
  const at: number[] = [];
  const add = (a: AccessorInfo) => {
    if (out.some((o) => o.name === a.name)) throw new Error(`${where}: two fields are reached as ${a.name}`);
    out.push(a);
  };
  fields.forEach((f, i) => {
    if (f.anonymous) {
      const base = out.length;
      for (const a of f.anonymous.accessors) add({ ...a, offset: f.offset + a.offset, ...(a.sizeIs !== undefined ? { sizeIs: base + a.sizeIs } : {}) });
    } else if (f.bitFields) {
      for (const b of f.bitFields) add({ name: b.name, type: b.type, offset: f.offset, bits: { unit: f.type as NativeScalar, field: b } });
    } else {
      at[i] = out.length;
      add({ name: f.name, type: f.type, offset: f.offset });
    }
  });
  fields.forEach((f, i) => {
    if (f.sizeIs !== undefined) out[at[i]] = { ...out[at[i]], sizeIs: at[f.sizeIs] };
  });
  return out;
}

function checkBitFields(f: NativeField, where: string): void {
  const unit = f.type;
  if (typeof unit !== 'string' || unit === 'float' || unit === 'double') throw new Error(`${where}: storage unit ${f.name} is not an integer`);
  const bits = koffi.sizeof(unit) * 8;
  for (const b of f.bitFields!) {
    if (b.type === 'float' || b.type === 'double') throw new Error(`${where}: bit-field ${b.name} is not an integer`);
    if (!Number.isInteger(b.width) || b.width < 1 || !Number.isInteger(b.offset) || b.offset < 0 || b.offset + b.width > bits) {
      throw new Error(`${where}: bit-field ${b.name} (bits ${b.offset}+${b.width}) does not fit its ${bits}-bit unit ${f.name}`);
    }
  }
}

function countField(d: NativeStructure, f: NativeField, where: string): number {
  const i = d.fields.findIndex((g) => g.name === f.sizeIs);
  if (i < 0) throw new Error(`${where}: size_is(${f.sizeIs}) of field ${f.name} names no field`);
  if (typeof d.fields[i].type !== 'string' || d.fields[i].bitFields) throw new Error(`${where}: size_is(${f.sizeIs}) of field ${f.name} names a field that is not an integer`);
  return i;
}

function checkLayout(info: StructInfo, where: string): void {
  const expected = info.descriptor.layout?.[String(POINTER_SIZE)];
  if (!expected) return;
  const problems: string[] = [];
  if (expected.size !== info.size) problems.push(`size ${info.size}, the model says ${expected.size}`);
  if (expected.align !== info.alignment) problems.push(`alignment ${info.alignment}, the model says ${expected.align}`);
  if (!info.opaque) {
    const members = info.koffiType.members ?? {};
    info.fields.forEach((f, i) => {
      if (expected.offsets[i] !== f.offset) problems.push(`${f.name} at offset ${f.offset}, the model says ${expected.offsets[i]}`);
      const size = members[f.name]?.type.size;
      if (expected.sizes && expected.sizes[i] !== size) problems.push(`${f.name} of ${size} bytes, the model says ${expected.sizes[i]}`);
    });
    if (expected.offsets.length !== info.fields.length) problems.push(`${info.fields.length} fields, the model gives ${expected.offsets.length} offsets`);
  }
  if (problems.length > 0) throw new Error(`${where}: koffi's layout (${POINTER_SIZE * 8}-bit) differs from the model's: ${problems.join('; ')}`);
}

/** A bit-field's value in its storage unit's value (sign-extended for a signed type). */
export function readBits(unit: number | bigint, b: NativeBitField, unitType: NativeScalar): number | bigint {
  const u = BigInt.asUintN(koffi.sizeof(unitType) * 8, BigInt(unit));
  const v = BigInt.asUintN(b.width, u >> BigInt(b.offset));
  const value = isSigned(b.type) ? BigInt.asIntN(b.width, v) : v;
  return is64(b.type) ? value : Number(value);
}

/** The storage unit's value with a bit-field's bits replaced by `value` (truncated to its width, as C does). */
export function writeBits(unit: number | bigint, b: NativeBitField, unitType: NativeScalar, value: number | bigint): number | bigint {
  const bits = koffi.sizeof(unitType) * 8;
  const mask = ((1n << BigInt(b.width)) - 1n) << BigInt(b.offset);
  const u = (BigInt.asUintN(bits, BigInt(unit)) & ~mask) | ((BigInt(value) << BigInt(b.offset)) & mask);
  const out = isSigned(unitType) ? BigInt.asIntN(bits, u) : u;
  return is64(unitType) ? out : Number(out);
}

function isSigned(t: NativeScalar): boolean {
  return t.startsWith('int') || t === 'float' || t === 'double';
}

export function isByte(t: NativeType): boolean {
  return t === 'uint8_t' || t === 'int8_t';
}

export function is64(t: NativeType): boolean {
  return t === 'int64_t' || t === 'uint64_t' || t === 'intptr_t' || t === 'uintptr_t';
}
