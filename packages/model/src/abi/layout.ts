/**
 * Structure layouts under the Windows data model (LLP64 on 64-bit, ILP32 on 32-bit), as MSVC and
 * widl-generated headers with Wine's type definitions lay them out: `long` is 32-bit everywhere, `wchar_t`
 * 16-bit, pointers and `__int3264` pointer-sized, a GUID 16 bytes aligned to 4, enums 32-bit. Each field is
 * aligned to its natural alignment, capped by the `#pragma pack` in effect where the structure was defined;
 * a structure's size is rounded up to its alignment. Bit-fields follow MSVC: consecutive bit-fields of the
 * same size share storage units of that type. A conformant array (`x[]`) counts one element, as widl and
 * MIDL declare it in C.
 *
 * What the native bindings lay out is computed here, once; no emitter computes a layout again.
 */
import type { Expression } from '@comidl/parser';
import { aggregateFields, aggregateMembers, baseKind, type Aggregate, type AggregateField, type CTypes, type ResolvedType, type TypeUse, typeUse } from './c-types';
import type { ConstantValues } from './constant-values';
import { MAX_REFERENCE_DEPTH } from '../limits';

export interface FieldLayout {
  name: string;
  /** Byte offset from the start of the structure. */
  offset: number;
  size: number;
  align: number;
  /** For a bit-field: its first bit within its storage unit, and its width. */
  bits?: { offset: number; width: number };
  /** The canonical C type, fixed array sizes as numbers: `unsigned long`, `wchar_t[32]`, `struct SYNC*`. */
  type: string;
  /**
   * For a nameless structure or union member (C11, `union { ... };`, name ''): its own layout; its fields are
   * reached as fields of the enclosing structure, at `offset` plus their own.
   */
  anonymous?: StructLayout;
}

export interface StructLayout {
  /** The name the structure is known by in C. */
  name: string;
  kind: 'struct' | 'union';
  size: number;
  align: number;
  /** The `#pragma pack` in effect where it was defined; null for natural alignment. */
  pack: number | null;
  fields: FieldLayout[];
}

export interface LayoutOptions {
  /** 8 on 64-bit Windows (the default), 4 on 32-bit. */
  pointerSize?: 4 | 8;
}

/** Why a structure has no layout: it embeds something of unknown size. */
export class LayoutError extends Error {}

interface Shape {
  size: number;
  align: number;
}

/** Lays out structures of one scope; each structure once per pointer size. */
export class Layouts {
  private readonly cache = new Map<Aggregate, StructLayout | LayoutError>();
  private readonly pointerSize: 4 | 8;
  /** Structures being laid out: one that contains itself by value has no layout. */
  private readonly active = new Set<Aggregate>();

  constructor(
    readonly types: CTypes,
    readonly constants: ConstantValues,
    options: LayoutOptions = {},
  ) {
    this.pointerSize = options.pointerSize ?? 8;
  }

  /** The layout of a defined structure or union; a LayoutError says why there is none. */
  layout(node: Aggregate): StructLayout | LayoutError {
    const cached = this.cache.get(node);
    if (cached) return cached;
    if (this.active.has(node)) return new LayoutError(`${this.types.aggregateName(node) || 'an anonymous structure'} contains itself`);
    // Not cached: the same structure may be reached from a shallower place (the chain is an M014).
    if (this.active.size >= MAX_REFERENCE_DEPTH) return new LayoutError(`structures nested by value more than ${MAX_REFERENCE_DEPTH} deep`);
    this.active.add(node);
    let result: StructLayout | LayoutError;
    try {
      result = this.compute(node);
    } catch (e) {
      if (!(e instanceof LayoutError)) throw e;
      result = e;
    } finally {
      this.active.delete(node);
    }
    this.cache.set(node, result);
    return result;
  }

  private compute(node: Aggregate): StructLayout {
    const pack = this.types.scope.packOf(node, this.pointerSize) ?? null;
    const cap = (align: number) => (pack === null ? align : Math.min(align, pack));
    const name = this.types.aggregateName(node);
    const fields: FieldLayout[] = [];
    const canonical = (use: TypeUse) => this.types.canonical(use, { arraySize: (e) => this.constants.integer(e) });

    if (node.kind === 'encapsulated-union') {
      // `union tag switch (T sw) u { ... }` is, in C, `struct tag { T sw; union { ... } u; }`.
      const [discriminant, ...arms] = aggregateFields(node);
      const switchUse = typeUse(discriminant.specifiers, discriminant.declarator);
      const switchShape = this.shapeOf(switchUse, discriminant.name);
      let union: Shape = { size: 0, align: 1 };
      const armShapes = arms.map((f) => {
        const use = typeUse(f.specifiers, f.declarator, f.attributes);
        const shape = this.shapeOf(use, f.name);
        union = { size: Math.max(union.size, shape.size), align: Math.max(union.align, cap(shape.align)) };
        return { f, use, shape };
      });
      union.size = roundUp(union.size, union.align);
      fields.push({ name: discriminant.name, offset: 0, size: switchShape.size, align: cap(switchShape.align), type: canonical(switchUse) });
      const unionOffset = roundUp(switchShape.size, union.align);
      for (const { f, use, shape } of armShapes) fields.push({ name: f.name, offset: unionOffset, size: shape.size, align: cap(shape.align), type: canonical(use) });
      const align = Math.max(cap(switchShape.align), union.align);
      return { name, kind: 'struct', size: roundUp(unionOffset + union.size, align), align, pack, fields };
    }

    const isUnion = node.kind === 'union';
    let offset = 0;
    let size = 0;
    let align = 1;
    /** The open bit-field storage unit: where it starts, its size, and the bits used. */
    let unit: { offset: number; size: number; used: number } | null = null;
    for (const f of aggregateMembers(node)) {
      if (f.name === null) {
        // A nameless structure or union: laid out in place like a field of its own type.
        const inner = this.layout(f.specifiers.type);
        if (inner instanceof LayoutError) throw new LayoutError(`a nameless member: ${inner.message}`);
        const fieldAlign = cap(inner.align);
        align = Math.max(align, fieldAlign);
        unit = null;
        const at = isUnion ? 0 : roundUp(offset, fieldAlign);
        fields.push({ name: '', offset: at, size: inner.size, align: fieldAlign, type: canonical({ specifiers: f.specifiers, pointers: 0, arrays: [], attributes: f.attributes }), anonymous: inner });
        if (isUnion) size = Math.max(size, inner.size);
        else offset = at + inner.size;
        continue;
      }
      const use = typeUse(f.specifiers, f.declarator, f.attributes);
      const shape = this.shapeOf(use, f.name);
      const fieldAlign = cap(shape.align);
      align = Math.max(align, fieldAlign);
      const type = canonical(use);
      const width = f.bits ? this.bitWidth(f, shape) : null;
      if (isUnion) {
        fields.push({ name: f.name, offset: 0, size: shape.size, align: fieldAlign, type, ...(width !== null ? { bits: { offset: 0, width } } : {}) });
        size = Math.max(size, shape.size);
        continue;
      }
      if (width !== null) {
        if (unit && unit.size === shape.size && unit.used + width <= shape.size * 8 && width > 0) {
          fields.push({ name: f.name, offset: unit.offset, size: shape.size, align: fieldAlign, type, bits: { offset: unit.used, width } });
          unit.used += width;
          continue;
        }
        offset = roundUp(offset, fieldAlign);
        unit = width === 0 ? null : { offset, size: shape.size, used: width };
        fields.push({ name: f.name, offset, size: shape.size, align: fieldAlign, type, bits: { offset: 0, width } });
        if (width > 0) offset += shape.size;
        continue;
      }
      unit = null;
      offset = roundUp(offset, fieldAlign);
      fields.push({ name: f.name, offset, size: shape.size, align: fieldAlign, type });
      offset += shape.size;
    }
    if (!isUnion) size = offset;
    return { name, kind: isUnion ? 'union' : 'struct', size: roundUp(size, align), align, pack, fields };
  }

  private bitWidth(f: AggregateField, shape: Shape): number {
    const width = this.constants.integer(f.bits as Expression);
    if (width === undefined || width > shape.size * 8) throw new LayoutError(`bit-field ${f.name} has no valid width`);
    return width;
  }

  /** Size and natural alignment of a value of this use (arrays included). */
  shapeOf(use: TypeUse, what: string): Shape {
    let count = 1;
    for (const a of use.arrays) {
      if (a === null || a === '*') {
        count *= 1; // a conformant array: one element in C
        continue;
      }
      const n = this.constants.integer(a);
      if (n === undefined) throw new LayoutError(`the size of array ${what} cannot be computed`);
      count *= n;
    }
    const element = this.types.resolveUse({ ...use, arrays: [] });
    const shape = this.elementShape(element, use, what);
    return { size: shape.size * count, align: shape.align };
  }

  private elementShape(r: ResolvedType, use: TypeUse, what: string): Shape {
    if (r.pointers > 0) return { size: this.pointerSize, align: this.pointerSize };
    switch (r.kind) {
      case 'int':
      case 'int64':
      case 'float':
      case 'bool':
      case 'char':
      case 'wchar': {
        const size = this.baseSize(r.name);
        return { size, align: size };
      }
      case 'enum':
        return { size: 4, align: 4 };
      case 'guid':
        return { size: 16, align: 4 };
      case 'struct': {
        const node = r.node && r.node.kind !== 'enum' ? r.node : undefined;
        if (!node) throw new LayoutError(`${what}: ${r.name || 'a structure'} is declared but never defined`);
        const inner = this.layout(node);
        if (inner instanceof LayoutError) throw new LayoutError(`${what}: ${inner.message}`);
        return { size: inner.size, align: inner.align };
      }
      default: {
        if (r.kind === 'unknown' && (r.name === 'handle_t' || r.name === 'HANDLE')) return { size: this.pointerSize, align: this.pointerSize };
        if (r.kind === 'unknown' && r.name === 'error_status_t') return { size: 4, align: 4 };
        const written = use.specifiers.type.kind === 'type-name' ? use.specifiers.type.name : r.name;
        throw new LayoutError(`${what}: the size of ${written || r.kind} is unknown`);
      }
    }
  }

  /** The size in bytes of a C base type under the Windows data model, from its words. */
  baseSize(words: string): number {
    if (words.includes('__int3264')) return this.pointerSize;
    if (words.includes('__int64') || words.includes('hyper') || words.includes('long long') || words.includes('double')) return 8;
    if (words.includes('float') || words.includes('long') || words.includes('int') || words === 'unsigned' || words === 'signed') {
      return words.includes('short') ? 2 : 4;
    }
    if (words.includes('short') || words.includes('wchar_t')) return 2;
    const { kind } = baseKind(words);
    if (kind === 'void') throw new LayoutError('void has no size');
    return 1; // char, small, byte, boolean
  }
}

function roundUp(n: number, align: number): number {
  return align <= 1 ? n : Math.ceil(n / align) * align;
}
