/**
 * Values of described types, between native memory and TypeScript: copies read from memory (what an [out]
 * parameter receives, what an exported object is given), and writes into memory (an [in] parameter's data,
 * an assignment to a live view, what an exported object hands out).
 *
 * Copies are decoded by koffi (`koffi.decode` of the whole structure) and then given their COM meaning: GUIDs
 * as strings, string pointers as strings, interface pointers as wrappers, `size_is` pointers as arrays. Writes
 * go through a DataView over the target memory; out-of-line data (strings, pointed-to structures) goes to a
 * Sink. Multi-byte values are little-endian, as on every Windows platform.
 */
import { ComError, E_INVALIDARG, type GUID } from '@comidl/runtime';
import { allocators, freeWith } from './allocators.js';
import type { NativeAllocatorName, NativeScalar, NativeType } from './descriptor.js';
import { guidFromFields, writeGuid } from './guid-bytes.js';
import { writePointer, type Block, type Sink } from './memory.js';
import { koffi, POINTER_SIZE, toAddress, type NativePointer } from './platform.js';
import { is64, isByte, readBits, writeBits, type StructInfo, type StructureTable } from './structures.js';

/** What values need from the library they belong to: its structures and its interface pointers. */
export interface ValueContext {
  readonly structures: StructureTable;
  /** A TypeScript value for an interface pointer the caller may keep: an AddRef'd wrapper, or the exported object's implementation. */
  readInterface(name: string, p: NativePointer): unknown;
  /**
   * The pointer to write for an interface value: a wrapper's pointer, or an exported object's. With `give`,
   * the written pointer carries a reference of its own (the memory owns it); without, the reference is only
   * good until `sink`'s memory is released.
   */
  writeInterface(name: string, value: unknown, give: boolean, sink: Sink): NativePointer;
  /** Releases one reference of an interface pointer. */
  releaseInterface(p: NativePointer): void;
}

/** Callee-allocated memory reached while copying, to be freed once the copy is made. */
export class Reached {
  readonly pointers: NativePointer[] = [];
  readonly bstrs: NativePointer[] = [];
  readonly interfaces: NativePointer[] = [];

  /**
   * Frees what was reached: interface pointers are released, BSTRs go to SysFreeString, and with `deep` every
   * other pointer goes to the deallocator (CoTaskMemFree: each block was allocated on its own); MAPI buffers
   * allocated with MAPIAllocateMore go with their parent, so only the top one is freed (`deep` false).
   */
  free(ctx: ValueContext, deallocator: NativeAllocatorName): void {
    for (const p of this.interfaces) ctx.releaseInterface(p);
    for (const p of this.bstrs) allocators().SysFreeString(p);
    if (deallocator !== 'MAPIFreeBuffer') for (const p of this.pointers) freeWith(deallocator, p);
  }
}

// ---- copies ------------------------------------------------------------------------------------------

/** The TypeScript value of a scalar koffi decoded. */
export function scalarFromRaw(t: NativeScalar, raw: unknown): number | bigint {
  if (is64(t)) return typeof raw === 'bigint' ? raw : BigInt(raw as number);
  return raw as number;
}

/** A string pointer's text (null for NULL). */
export function readString(encoding: 'utf16' | 'ansi' | 'bstr', p: NativePointer): string | null {
  if (p === 0n) return null;
  if (encoding === 'ansi') return koffi.decode.string(p);
  if (encoding === 'utf16') return koffi.decode.string16(p);
  // A BSTR: its byte length is the 32-bit value before the characters.
  const bytes = koffi.decode.uint32(p - 4n);
  return koffi.decode.string16(p, bytes / 2);
}

/** Copies the value of type `t` at address `p`; with `reached`, records callee memory to free. */
export function copyAt(ctx: ValueContext, t: NativeType, p: NativePointer, reached: Reached | null): unknown {
  return fromRaw(ctx, t, koffi.decode(p, ctx.structures.koffiType(t)), reached);
}

/** The TypeScript value of what koffi decoded for type `t`. */
export function fromRaw(ctx: ValueContext, t: NativeType, raw: unknown, reached: Reached | null): unknown {
  if (typeof t === 'string') return scalarFromRaw(t, raw);
  switch (t.kind) {
    case 'opaque':
      return raw === null || raw === 0n ? null : raw;
    case 'string': {
      const p = toAddress(raw as bigint | null);
      const text = readString(t.encoding, p);
      if (p !== 0n && reached) (t.encoding === 'bstr' ? reached.bstrs : reached.pointers).push(p);
      return text;
    }
    case 'guid':
      return guidFromFields(raw as Parameters<typeof guidFromFields>[0]);
    case 'interface': {
      const p = toAddress(raw as bigint | null);
      if (p === 0n) return null;
      if (reached) reached.interfaces.push(p);
      return ctx.readInterface(t.name, p);
    }
    case 'pointer': {
      const p = toAddress(raw as bigint | null);
      if (p === 0n) return null;
      if (reached) reached.pointers.push(p);
      return copyAt(ctx, t.to, p, reached);
    }
    case 'struct': {
      const info = ctx.structures.get(t.name);
      if (info.opaque) return Uint8Array.from((raw as Record<string, ArrayLike<number>>).__bytes);
      return structFromRaw(ctx, info, raw as Record<string, unknown>, reached);
    }
    case 'array': {
      if (isByte(t.of)) return Uint8Array.from(raw as ArrayLike<number>);
      return Array.from(raw as ArrayLike<unknown>, (e) => fromRaw(ctx, t.of, e, reached));
    }
    case 'text':
      return raw as string;
  }
}

/**
 * A structure's copy, field by field: bit-fields taken from their storage units, a nameless member's fields
 * as the structure's own. A union's arms that hold pointers are left out: which arm is live is not known,
 * and following another arm's bits as a pointer reads memory at random.
 */
function structFromRaw(ctx: ValueContext, info: StructInfo, raw: Record<string, unknown>, reached: Reached | null, out: Record<string, unknown> = {}): Record<string, unknown> {
  const isUnion = info.descriptor.kind === 'union';
  for (const f of info.fields) {
    const value = raw[f.name];
    if (f.anonymous) {
      if (!isUnion || f.anonymous.plain) structFromRaw(ctx, f.anonymous, value as Record<string, unknown>, reached, out);
    } else if (f.bitFields) {
      for (const b of f.bitFields) out[b.name] = readBits(value as number | bigint, b, f.type as NativeScalar);
    } else if (isUnion && !ctx.structures.isPlain(f.type)) {
      continue;
    } else if (f.sizeIs !== undefined) {
      const count = Number(raw[info.fields[f.sizeIs].name]);
      out[f.name] = copyArrayAt(ctx, elementOf(f.type, info.name, f.name), toAddress(value as bigint | null), count, reached);
    } else {
      out[f.name] = fromRaw(ctx, f.type, value, reached);
    }
  }
  return out;
}

/** `count` elements of type `element` at `p` (a `size_is` pointer): Uint8Array for bytes, else an array; null for NULL. */
export function copyArrayAt(ctx: ValueContext, element: NativeType, p: NativePointer, count: number, reached: Reached | null): unknown {
  if (p === 0n) return null;
  if (reached) reached.pointers.push(p);
  if (count === 0) return isByte(element) ? new Uint8Array(0) : [];
  const raw = koffi.decode(p, ctx.structures.koffiType(element), count) as ArrayLike<unknown>;
  if (isByte(element)) return Uint8Array.from(raw as ArrayLike<number>);
  return Array.from(raw, (e) => fromRaw(ctx, element, e, reached));
}

/** The element type of a `size_is` pointer. */
export function elementOf(t: NativeType, owner: string, name: string): NativeType {
  if (typeof t !== 'string' && t.kind === 'pointer') return t.to;
  throw new Error(`${owner}.${name}: size_is on a type that is not a pointer`);
}

// ---- writes ------------------------------------------------------------------------------------------

const scalarSetters: Record<NativeScalar, (v: DataView, o: number, x: number | bigint) => void> = {
  int8_t: (v, o, x) => v.setInt8(o, Number(x)),
  uint8_t: (v, o, x) => v.setUint8(o, Number(x)),
  int16_t: (v, o, x) => v.setInt16(o, Number(x), true),
  uint16_t: (v, o, x) => v.setUint16(o, Number(x), true),
  int32_t: (v, o, x) => v.setInt32(o, Number(x), true),
  uint32_t: (v, o, x) => v.setUint32(o, Number(x), true),
  int64_t: (v, o, x) => v.setBigInt64(o, BigInt(x), true),
  uint64_t: (v, o, x) => v.setBigUint64(o, BigInt(x), true),
  float: (v, o, x) => v.setFloat32(o, Number(x), true),
  double: (v, o, x) => v.setFloat64(o, Number(x), true),
  intptr_t: (v, o, x) => (POINTER_SIZE === 8 ? v.setBigInt64(o, BigInt(x), true) : v.setInt32(o, Number(x), true)),
  uintptr_t: (v, o, x) => (POINTER_SIZE === 8 ? v.setBigUint64(o, BigInt(x), true) : v.setUint32(o, Number(x), true)),
};

const scalarGetters: Record<NativeScalar, (v: DataView, o: number) => number | bigint> = {
  int8_t: (v, o) => v.getInt8(o),
  uint8_t: (v, o) => v.getUint8(o),
  int16_t: (v, o) => v.getInt16(o, true),
  uint16_t: (v, o) => v.getUint16(o, true),
  int32_t: (v, o) => v.getInt32(o, true),
  uint32_t: (v, o) => v.getUint32(o, true),
  int64_t: (v, o) => v.getBigInt64(o, true),
  uint64_t: (v, o) => v.getBigUint64(o, true),
  float: (v, o) => v.getFloat32(o, true),
  double: (v, o) => v.getFloat64(o, true),
  intptr_t: (v, o) => (POINTER_SIZE === 8 ? v.getBigInt64(o, true) : BigInt(v.getInt32(o, true))),
  uintptr_t: (v, o) => (POINTER_SIZE === 8 ? v.getBigUint64(o, true) : BigInt(v.getUint32(o, true))),
};

export function readScalar(t: NativeScalar, view: DataView, offset: number): number | bigint {
  return scalarGetters[t](view, offset);
}

export function writeScalar(t: NativeScalar, view: DataView, offset: number, value: unknown, where: string): void {
  if (typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean') {
    throw new ComError(E_INVALIDARG, `${where}: expected a number, got ${describe(value)}`);
  }
  scalarSetters[t](view, offset, typeof value === 'boolean' ? Number(value) : value);
}

/** A string written out of line (NUL-terminated; a BSTR from SysAllocString, freed with the sink's memory). */
export function writeString(encoding: 'utf16' | 'ansi' | 'bstr', text: string, sink: Sink): NativePointer {
  if (encoding === 'bstr') {
    const p = allocators().SysAllocString(text);
    sink.defer(() => allocators().SysFreeString(p));
    return p;
  }
  if (encoding === 'utf16') {
    const block = sink.allocate(2 * text.length + 2);
    for (let i = 0; i < text.length; i++) block.view.setUint16(block.offset + 2 * i, text.charCodeAt(i), true);
    return block.address;
  }
  const bytes = new TextEncoder().encode(text);
  const block = sink.allocate(bytes.length + 1);
  new Uint8Array(block.view.buffer, block.view.byteOffset + block.offset, bytes.length).set(bytes);
  return block.address;
}

/**
 * Writes `value` of type `t` at `offset` of `view`. `give`: interface pointers written carry a reference of
 * their own (a live view's fields, data handed to a caller); otherwise they are borrowed for a call.
 */
export function writeValue(ctx: ValueContext, t: NativeType, view: DataView, offset: number, value: unknown, sink: Sink, give: boolean, where: string): void {
  if (typeof t === 'string') return writeScalar(t, view, offset, value, where);
  switch (t.kind) {
    case 'opaque':
      if (value !== null && value !== undefined && typeof value !== 'bigint' && typeof value !== 'number') {
        throw new ComError(E_INVALIDARG, `${where}: expected an address (bigint) or null, got ${describe(value)}`);
      }
      return writePointer(view, offset, toAddress(value as bigint | null));
    case 'string':
      if (value === null || value === undefined) return writePointer(view, offset, 0n);
      if (typeof value !== 'string') throw new ComError(E_INVALIDARG, `${where}: expected a string or null, got ${describe(value)}`);
      return writePointer(view, offset, writeString(t.encoding, value, sink));
    case 'guid':
      if (typeof value !== 'string') throw new ComError(E_INVALIDARG, `${where}: expected a GUID string, got ${describe(value)}`);
      return writeGuid(view, offset, value as GUID);
    case 'interface':
      return writePointer(view, offset, value === null || value === undefined ? 0n : ctx.writeInterface(t.name, value, give, sink));
    case 'pointer': {
      if (value === null || value === undefined) return writePointer(view, offset, 0n);
      const address = addressOfView(value);
      if (address !== undefined) return writePointer(view, offset, address);
      const block = sink.allocate(ctx.structures.sizeOf(t.to));
      writeValue(ctx, t.to, block.view, block.offset, value, sink, give, where);
      return writePointer(view, offset, block.address);
    }
    case 'struct':
      return writeStruct(ctx, ctx.structures.get(t.name), view, offset, value, sink, give, where);
    case 'array':
      return writeArray(ctx, t.of, t.length, view, offset, value, sink, give, where);
    case 'text': {
      if (typeof value !== 'string') throw new ComError(E_INVALIDARG, `${where}: expected a string, got ${describe(value)}`);
      const width = t.encoding === 'utf16' ? 2 : 1;
      const units = t.encoding === 'utf16' ? Array.from(value, (_c, i) => value.charCodeAt(i)) : [...new TextEncoder().encode(value)];
      const n = Math.min(units.length, t.length - 1);
      for (let i = 0; i < t.length; i++) {
        const u = i < n ? units[i] : 0;
        if (width === 2) view.setUint16(offset + 2 * i, u, true);
        else view.setUint8(offset + i, u);
      }
      return;
    }
  }
}

/**
 * Writes a structure. A trailing array may be longer than declared (C's `BYTE ab[1]` idiom of ENTRYID): the
 * extra elements go past the structure's end, where `structureSize` made room for them.
 */
export function writeStruct(ctx: ValueContext, info: StructInfo, view: DataView, offset: number, value: unknown, sink: Sink, give: boolean, where: string): void {
  if (info.opaque) {
    if (!(value instanceof Uint8Array) || value.length !== info.size) throw new ComError(E_INVALIDARG, `${where}: expected the ${info.size} bytes of an opaque ${info.name} (a Uint8Array), got ${describe(value)}`);
    new Uint8Array(view.buffer, view.byteOffset + offset, info.size).set(value);
    return;
  }
  if (typeof value !== 'object' || value === null) throw new ComError(E_INVALIDARG, `${where}: expected a ${info.name} structure, got ${describe(value)}`);
  const record = value as Record<string, unknown>;
  const isUnion = info.descriptor.kind === 'union';
  for (let i = 0; i < info.fields.length; i++) {
    const f = info.fields[i];
    if (f.anonymous) {
      if (isUnion && !f.anonymous.accessors.some((a) => record[a.name] !== undefined)) continue;
      writeStruct(ctx, f.anonymous, view, offset + f.offset, record, sink, give, where);
      if (isUnion) return;
      continue;
    }
    if (f.bitFields) {
      const unit = f.type as NativeScalar;
      if (isUnion && f.bitFields.every((b) => record[b.name] === undefined)) continue;
      let bits: number | bigint = 0;
      for (const b of f.bitFields) {
        const v = record[b.name];
        if (typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'boolean') throw new ComError(E_INVALIDARG, `${where}.${b.name}: expected a number, got ${describe(v)}`);
        bits = writeBits(bits, b, unit, typeof v === 'boolean' ? Number(v) : v);
      }
      writeScalar(unit, view, offset + f.offset, bits, `${where}.${f.name}`);
      if (isUnion) return;
      continue;
    }
    const v = record[f.name];
    if (isUnion && v === undefined) continue;
    const at = `${where}.${f.name}`;
    if (f.sizeIs !== undefined) {
      writePointer(view, offset + f.offset, writeArrayOutOfLine(ctx, elementOf(f.type, info.name, f.name), v, sink, give, at));
    } else if (v === undefined) {
      throw new ComError(E_INVALIDARG, `${at}: missing`);
    } else if (i === info.fields.length - 1 && typeof f.type !== 'string' && f.type.kind === 'array' && lengthOf(v) > f.type.length) {
      writeArray(ctx, f.type.of, lengthOf(v), view, offset + f.offset, v, sink, give, at);
    } else {
      writeValue(ctx, f.type, view, offset + f.offset, v, sink, give, at);
    }
    if (isUnion) return;
  }
}

/** The bytes a structure value needs: its size, or more when its trailing array is longer than declared. */
export function structureSize(ctx: ValueContext, info: StructInfo, value: unknown): number {
  const last = info.fields[info.fields.length - 1];
  if (info.opaque || last.bitFields || last.anonymous || typeof last.type === 'string' || last.type.kind !== 'array' || typeof value !== 'object' || value === null) return info.size;
  const n = lengthOf((value as Record<string, unknown>)[last.name]);
  if (n <= last.type.length) return info.size;
  return Math.max(info.size, last.offset + n * ctx.structures.sizeOf(last.type.of));
}

function writeArray(ctx: ValueContext, element: NativeType, length: number, view: DataView, offset: number, value: unknown, sink: Sink, give: boolean, where: string): void {
  if (!isArrayLike(value)) throw new ComError(E_INVALIDARG, `${where}: expected an array, got ${describe(value)}`);
  if (value.length > length) throw new ComError(E_INVALIDARG, `${where}: ${value.length} elements do not fit in ${length}`);
  const size = ctx.structures.sizeOf(element);
  if (isByte(element) && value instanceof Uint8Array) {
    new Uint8Array(view.buffer, view.byteOffset + offset, value.length).set(value);
    return;
  }
  for (let i = 0; i < value.length; i++) writeValue(ctx, element, view, offset + i * size, value[i], sink, give, `${where}[${i}]`);
}

/** An array written out of line (a `size_is` pointer's target); 0n for null. */
export function writeArrayOutOfLine(ctx: ValueContext, element: NativeType, value: unknown, sink: Sink, give: boolean, where: string): NativePointer {
  if (value === null || value === undefined) return 0n;
  if (!isArrayLike(value)) throw new ComError(E_INVALIDARG, `${where}: expected an array or null, got ${describe(value)}`);
  const block: Block = sink.allocate(Math.max(1, value.length * ctx.structures.sizeOf(element)));
  writeArray(ctx, element, value.length, block.view, block.offset, value, sink, give, where);
  return block.address;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

function lengthOf(value: unknown): number {
  return isArrayLike(value) ? value.length : 0;
}

/** The address of a live view (views carry it); undefined for other values. */
export function addressOfView(value: unknown): NativePointer | undefined {
  if (typeof value === 'object' && value !== null && viewAddress in value) return (value as { [viewAddress]: NativePointer })[viewAddress];
  return undefined;
}

/** The symbol under which live views keep their address. */
export const viewAddress: unique symbol = Symbol('comidl.native.address');

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return typeof value === 'string' ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}` : `${typeof value} ${String(value)}`;
}

