/**
 * Live views of native structures: objects whose properties read and write the structure's memory, so that
 * what the caller assigns lands in native memory and what native code writes later is seen. A structure that
 * a callee hands out through a pointer (IOSTX::SyncBeg's `ppv`) is given to TypeScript this way, for as long as
 * the protocol lets the caller use it: a lease, ended by the slot the descriptor names, after which every
 * access throws instead of touching freed memory.
 *
 * Field kinds read as in copies (values.ts), except that nested structures, pointed-to structures and arrays
 * of them are views too, and byte arrays are Uint8Arrays over the memory. Strings and structures assigned to a
 * view are allocated for the view and freed when its lease ends; interface pointers assigned carry a reference
 * the structure owns (as COM has it for [in, out] interface pointers), and the one they replace is released.
 */
import { ComError, E_INVALIDARG, E_NOTIMPL, E_UNEXPECTED } from '@comidl/runtime';
import type { NativeType } from './descriptor.js';
import { readGuid } from './guid-bytes.js';
import { OwnedBlock, OwnedBlocks, readPointer, writePointer } from './memory.js';
import { koffi, type NativePointer } from './platform.js';
import { isByte, readBits, writeBits, type AccessorInfo, type StructInfo } from './structures.js';
import {
  addressOfView,
  copyArrayAt,
  copyAt,
  describe,
  elementOf,
  readScalar,
  readString,
  viewAddress,
  writeArrayOutOfLine,
  writeScalar,
  writeStruct,
  writeValue,
  type ValueContext,
} from './values.js';

/** How long a view may be used, and the memory assigned through it. */
export class Lease {
  alive = true;
  private why = '';
  readonly sink = new OwnedBlocks();

  constructor(readonly owner: string) {}

  /** Ends the lease: later accesses throw, and memory assigned through its views is freed. */
  end(why: string): void {
    if (!this.alive) return;
    this.alive = false;
    this.why = why;
    this.sink.freeAll();
  }

  check(structure: string, field: string): void {
    if (!this.alive) {
      throw new ComError(E_UNEXPECTED, `${structure}.${field}: this view of native memory (${this.owner}) ended: ${this.why}; copy what is needed before`);
    }
  }
}

interface ViewState {
  readonly [viewAddress]: NativePointer;
  readonly $view: DataView;
  readonly $offset: number;
  readonly $lease: Lease;
  readonly $cache: Map<string, unknown>;
}

type ViewClass = new (view: DataView, offset: number, address: NativePointer, lease: Lease) => object;

/** One class per structure, its fields as accessors on the prototype. */
export class ViewFactory {
  private readonly classes = new Map<string, ViewClass>();

  constructor(private readonly ctx: ValueContext) {}

  /** A view of the structure at `address` (koffi.view of its memory), valid while `lease` is. */
  viewAt(info: StructInfo, address: NativePointer, lease: Lease): object {
    return this.viewIn(info, new DataView(koffi.view(address, info.size)), 0, address, lease);
  }

  /** A view of the structure at `offset` of `view` (a nested structure shares its container's DataView). */
  viewIn(info: StructInfo, view: DataView, offset: number, address: NativePointer, lease: Lease): object {
    if (info.opaque) throw new ComError(E_NOTIMPL, `${info.name} is declared as bytes (${info.descriptor.opaque}), so it has no view; read its bytes where it is a field`);
    return new (this.classOf(info))(view, offset, address, lease);
  }

  /** A zeroed structure in memory of its own, and its view; `free` of the returned lease frees it. */
  allocate(info: StructInfo, owner: string): { view: object; lease: Lease } {
    const lease = new Lease(owner);
    const block = new OwnedBlock(info.size);
    lease.sink.defer(() => block.free());
    return { view: this.viewIn(info, block.view, 0, block.address, lease), lease };
  }

  /** A plain copy of a view (nested views copied too), for printing and comparing. */
  copyOf(view: object): Record<string, unknown> {
    const info = (view.constructor as unknown as { info: StructInfo }).info;
    if (!info) throw new TypeError('not a view of a native structure');
    const out: Record<string, unknown> = {};
    for (const f of info.accessors) {
      const v = (view as Record<string, unknown>)[f.name];
      out[f.name] = copyValue(this, v);
    }
    return out;
  }

  private classOf(info: StructInfo): ViewClass {
    let cls = this.classes.get(info.name);
    if (cls) return cls;
    const factory = this;
    const ctx = this.ctx;
    cls = class {
      static readonly info = info;
      readonly [viewAddress]: NativePointer;
      declare readonly $view: DataView;
      declare readonly $offset: number;
      declare readonly $lease: Lease;
      declare readonly $cache: Map<string, unknown>;
      constructor(view: DataView, offset: number, address: NativePointer, lease: Lease) {
        this[viewAddress] = address;
        for (const [k, v] of [['$view', view], ['$offset', offset], ['$lease', lease], ['$cache', new Map()]] as const) {
          Object.defineProperty(this, k, { value: v, enumerable: false });
        }
        Object.preventExtensions(this);
      }
      toJSON(): Record<string, unknown> {
        return factory.copyOf(this);
      }
    };
    Object.defineProperty(cls, 'name', { value: `${info.name}View` });
    for (const f of info.accessors) {
      Object.defineProperty(cls.prototype, f.name, {
        enumerable: true,
        get(this: ViewState) {
          this.$lease.check(info.name, f.name);
          return readField(ctx, factory, info, f, this);
        },
        set(this: ViewState, value: unknown) {
          this.$lease.check(info.name, f.name);
          writeField(ctx, info, f, this, value);
        },
      });
    }
    this.classes.set(info.name, cls);
    return cls;
  }
}

function copyValue(factory: ViewFactory, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((e) => copyValue(factory, e));
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  if (addressOfView(v) !== undefined) return factory.copyOf(v as object);
  return v;
}

function cached<T>(s: ViewState, key: string, make: () => T): T {
  if (s.$cache.has(key)) return s.$cache.get(key) as T;
  const v = make();
  s.$cache.set(key, v);
  return v;
}

function readField(ctx: ValueContext, factory: ViewFactory, info: StructInfo, f: AccessorInfo, s: ViewState): unknown {
  const at = s.$offset + f.offset;
  const view = s.$view;
  if (f.bits) return readBits(readScalar(f.bits.unit, view, at), f.bits.field, f.bits.unit);
  if (f.sizeIs !== undefined) {
    const count = Number(readScalarField(info.accessors[f.sizeIs], s));
    const p = readPointer(view, at);
    const element = elementOf(f.type, info.name, f.name);
    if (p === 0n) return null;
    if (isByte(element)) return cached(s, `${f.name}@${p}:${count}`, () => new Uint8Array(count === 0 ? new ArrayBuffer(0) : koffi.view(p, count)));
    if (typeof element !== 'string' && element.kind === 'struct') {
      const e = ctx.structures.get(element.name);
      return cached(s, `${f.name}@${p}:${count}`, () => {
        if (count === 0) return [];
        const dv = new DataView(koffi.view(p, count * e.size));
        return Array.from({ length: count }, (_x, i) => factory.viewIn(e, dv, i * e.size, p + BigInt(i * e.size), s.$lease));
      });
    }
    return copyArrayAt(ctx, element, p, count, null);
  }
  return readTyped(ctx, factory, f.type, f.name, view, at, s);
}

function readScalarField(f: AccessorInfo, s: ViewState): number | bigint {
  if (typeof f.type !== 'string') throw new Error(`${f.name} is not an integer`);
  return readScalar(f.type, s.$view, s.$offset + f.offset);
}

function readTyped(ctx: ValueContext, factory: ViewFactory, t: NativeType, key: string, view: DataView, at: number, s: ViewState): unknown {
  if (typeof t === 'string') return readScalar(t, view, at);
  switch (t.kind) {
    case 'opaque': {
      const p = readPointer(view, at);
      return p === 0n ? null : p;
    }
    case 'string':
      return readString(t.encoding, readPointer(view, at));
    case 'guid':
      return readGuid(view, at);
    case 'interface': {
      const p = readPointer(view, at);
      return p === 0n ? null : ctx.readInterface(t.name, p);
    }
    case 'text': {
      let text = '';
      for (let i = 0; i < t.length; i++) {
        const u = t.encoding === 'utf16' ? view.getUint16(at + 2 * i, true) : view.getUint8(at + i);
        if (u === 0) break;
        text += String.fromCharCode(u);
      }
      return t.encoding === 'ansi' ? Buffer.from(text, 'latin1').toString('utf8') : text;
    }
    case 'struct': {
      const info = ctx.structures.get(t.name);
      if (info.opaque) return cached(s, key, () => new Uint8Array(view.buffer, view.byteOffset + at, info.size));
      return cached(s, key, () => factory.viewIn(info, view, at, s[viewAddress] + BigInt(at - s.$offset), s.$lease));
    }
    case 'pointer': {
      const p = readPointer(view, at);
      if (p === 0n) return null;
      if (typeof t.to !== 'string' && t.to.kind === 'struct') {
        const info = ctx.structures.get(t.to.name);
        return cached(s, `${key}@${p}`, () => factory.viewAt(info, p, s.$lease));
      }
      return copyAt(ctx, t.to, p, null);
    }
    case 'array': {
      const of = t.of;
      if (isByte(of)) return cached(s, key, () => new Uint8Array(view.buffer, view.byteOffset + at, t.length));
      const size = ctx.structures.sizeOf(of);
      if (typeof of !== 'string' && of.kind === 'struct') {
        const info = ctx.structures.get(of.name);
        return cached(s, key, () =>
          Array.from({ length: t.length }, (_x, i) => factory.viewIn(info, view, at + i * size, s[viewAddress] + BigInt(at - s.$offset + i * size), s.$lease)),
        );
      }
      return Array.from({ length: t.length }, (_x, i) => readTyped(ctx, factory, of, `${key}[${i}]`, view, at + i * size, s));
    }
  }
}

function writeField(ctx: ValueContext, info: StructInfo, f: AccessorInfo, s: ViewState, value: unknown): void {
  const at = s.$offset + f.offset;
  const where = `${info.name}.${f.name}`;
  const sink = s.$lease.sink;
  if (f.bits) {
    if (typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean') throw new ComError(E_INVALIDARG, `${where}: expected a number, got ${describe(value)}`);
    const unit = readScalar(f.bits.unit, s.$view, at);
    writeScalar(f.bits.unit, s.$view, at, writeBits(unit, f.bits.field, f.bits.unit, typeof value === 'boolean' ? Number(value) : value), where);
    return;
  }
  if (f.sizeIs !== undefined) {
    writePointer(s.$view, at, writeArrayOutOfLine(ctx, elementOf(f.type, info.name, f.name), value, sink, true, where));
    return;
  }
  const t = f.type;
  if (typeof t !== 'string' && t.kind === 'interface') {
    const old = readPointer(s.$view, at);
    writeValue(ctx, t, s.$view, at, value, sink, true, where);
    if (old !== 0n) ctx.releaseInterface(old);
    return;
  }
  if (typeof t !== 'string' && t.kind === 'struct') {
    writeStruct(ctx, ctx.structures.get(t.name), s.$view, at, value, sink, true, where);
    return;
  }
  writeValue(ctx, t, s.$view, at, value, sink, true, where);
}
