/**
 * The structures of a native descriptor: every structure and union the library defines (GUID aside: the
 * runtime has its own), with each field's machine type and the model's layout for both pointer sizes, read
 * from @comidl/model's `StructLayout` (never laid out again here):
 *
 * - a storage unit of bit-fields (the model gives each bit-field its unit's offset and its bits) is one field,
 *   `__bits<n>`, of the unit's integer type, listing its bit-fields;
 * - a nameless member is one field, `__anon<n>`, of a structure described after its parent
 *   (`PARENT.__anon<n>`), whose fields the runtime reaches as the parent's; a named field of an inline
 *   structure type gets its own structure (`PARENT.field`); an encapsulated union's arms are a nameless member
 *   named as widl names the union in C (`u`), so that TypeScript reaches them as the structure's fields;
 * - a structure with a member koffi cannot declare (a zero-length array) is declared as bytes of its size and
 *   alignment (warning N002); one without a layout is left out (N003).
 */
import type { Diagnostic, EnumType, Span } from '@comidl/parser';
import { aggregateMembers, isGuidName, isInlineAggregate, LayoutError, scopeTypes, sizeAttributes, typeUse, type FieldLayout, type Layouts, type StructLayout, type TypeUse } from '@comidl/model';
import type { Aggregate, Library } from '../library';
import type { NativeBitField, NativeField, NativeLayout, NativeScalar, NativeStructure } from '@comidl/runtime';
import { BOUND_ATTRIBUTES, isUnrepresentable, NativeTypes, plainSizeName, Unrepresentable } from './native-types';
import { NATIVE_WARNINGS, nativeWarning } from './warnings';

/** Where a structure is declared, for warnings. */
interface Origin {
  readonly file: string;
  readonly node: Aggregate;
}

export class NativeStructures {
  readonly types: NativeTypes;
  readonly warnings: Diagnostic[] = [];
  private readonly names = new Map<Aggregate, string>();
  private readonly layouts: Record<'4' | '8', Layouts>;
  private readonly described: NativeStructure[] = [];

  constructor(private readonly library: Library) {
    const abi = scopeTypes(library.scope);
    this.layouts = { '4': abi.layouts(4), '8': abi.layouts(8) };
    this.types = new NativeTypes(abi.types, this.layouts['8'], (node) => this.names.get(node), (e) => abi.constants.integer(e));
  }

  /**
   * Describes every structure the library's files define, in file and declaration order (inline ones after
   * their parent), each name once, as the model lists them (`structuresOf`): by the name C knows them by, the
   * defining typedef's or the tag.
   */
  describeLibrary(): readonly NativeStructure[] {
    const declared: { name: string; origin: Origin }[] = [];
    const seen = new Set<string>();
    const types = scopeTypes(this.library.scope).types;
    for (const module of this.library.modules) {
      const nodes = new Set<Aggregate | EnumType>(module.unit.index.aggregateNames.keys());
      for (const symbol of module.unit.index.tags.values()) {
        if (symbol.kind === 'struct' || symbol.kind === 'union') nodes.add(symbol.declaration);
      }
      for (const node of nodes) {
        if (node.kind === 'enum') continue;
        const name = types.aggregateName(node);
        if (!name || seen.has(name) || isGuidName(name)) continue;
        seen.add(name);
        const origin = { file: module.source, node };
        const missing = this.layoutError(node);
        if (missing) {
          this.warnings.push(nativeWarning(NATIVE_WARNINGS.noLayout, origin.file, node.span, `structure ${name} has no layout (${missing}): it is not described, and pointers to it are addresses`, `struct ${name}`));
          continue;
        }
        // Named before any is described: a structure may point to one defined after it.
        this.names.set(node, name);
        declared.push({ name, origin });
      }
    }
    for (const { name, origin } of declared) this.described.push(...this.describe(name, origin));
    return this.described;
  }

  /** The described name of an aggregate, if it is described. */
  nameOf(node: Aggregate | EnumType): string | undefined {
    return node.kind === 'enum' ? undefined : this.names.get(node);
  }

  private layoutError(node: Aggregate): string | undefined {
    for (const size of ['8', '4'] as const) {
      const l = this.layouts[size].layout(node);
      if (l instanceof LayoutError) return l.message;
    }
    return undefined;
  }

  private layoutOf(node: Aggregate): Record<'4' | '8', StructLayout> {
    return { '4': this.layouts['4'].layout(node) as StructLayout, '8': this.layouts['8'].layout(node) as StructLayout };
  }

  /** The structure `name` and the inline ones it embeds (after it); bytes when a member cannot be declared. */
  private describe(name: string, origin: Origin): NativeStructure[] {
    const { node } = origin;
    const layout = this.layoutOf(node);
    const inner: NativeStructure[] = [];
    const built = node.kind === 'encapsulated-union' ? this.encapsulated(name, origin, inner) : this.fieldsOf(name, origin, layout, inner);
    const packs = { '4': this.library.scope.packOf(node, 4), '8': this.library.scope.packOf(node, 8) };
    const pack = packs['4'] === packs['8'] ? packs['8'] : { ...(packs['4'] !== undefined ? { '4': packs['4'] } : {}), ...(packs['8'] !== undefined ? { '8': packs['8'] } : {}) };
    const kind = layout['8'].kind === 'union' ? { kind: 'union' as const } : {};
    const layouts = (offsets: (l: StructLayout) => number[], sizes: ((l: StructLayout) => number[]) | null) => ({
      '4': nativeLayout(layout['4'], offsets, sizes),
      '8': nativeLayout(layout['8'], offsets, sizes),
    });
    if (built instanceof Unrepresentable) {
      this.warnings.push(nativeWarning(NATIVE_WARNINGS.opaque, origin.file, node.span, `structure ${name} is declared as bytes of its size and alignment: ${built.reason}`, `struct ${name}`));
      return [{ name, fields: [], opaque: built.reason, layout: layouts(() => [], null) }];
    }
    return [
      { name, ...kind, ...(pack !== undefined ? { pack } : {}), fields: built.fields, layout: layouts(built.offsets, built.sizes) },
      ...inner,
    ];
  }

  /**
   * The fields of a structure or union from the model's layout (one FieldLayout per member, in order), with
   * how to read each descriptor field's offset and size out of a layout of either pointer size.
   */
  private fieldsOf(name: string, origin: Origin, layout: Record<'4' | '8', StructLayout>, inner: NativeStructure[]): Built | Unrepresentable {
    const members = aggregateMembers(origin.node);
    const l8 = layout['8'];
    if (members.length !== l8.fields.length) return new Unrepresentable(`the model lays out ${l8.fields.length} of its ${members.length} members`);
    const fields: NativeField[] = [];
    /** Per descriptor field: the index of the FieldLayout its offset and size come from. */
    const from: number[] = [];
    const isUnion = l8.kind === 'union';
    let units = 0;
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      const f = l8.fields[i];
      if (m.name === null) {
        const innerName = `${name}.__anon${i}`;
        const described = this.inline(m.specifiers.type, innerName, origin, inner);
        if (described instanceof Unrepresentable) return described;
        fields.push({ name: `__anon${i}`, type: { kind: 'struct', name: innerName }, anonymous: true });
        from.push(i);
        continue;
      }
      const use = typeUse(m.specifiers, m.declarator, m.attributes);
      if (f.bits) {
        const bitField: NativeBitField = { name: m.name, type: this.bitFieldType(use), offset: f.bits.offset, width: f.bits.width };
        const previous = fields[fields.length - 1];
        const sameUnit = !isUnion && previous?.bitFields && l8.fields[from[from.length - 1]].offset === f.offset && layout['4'].fields[from[from.length - 1]].offset === layout['4'].fields[i].offset;
        if (sameUnit) {
          fields[fields.length - 1] = { ...previous, bitFields: [...previous.bitFields!, bitField] };
        } else {
          fields.push({ name: `__bits${units++}`, type: unitType(f, bitField.type), bitFields: [bitField] });
          from.push(i);
        }
        continue;
      }
      const field = this.named(name, m, members, origin, inner);
      if (field instanceof Unrepresentable) return field;
      fields.push(field);
      from.push(i);
    }
    return {
      fields,
      offsets: (l) => from.map((i) => l.fields[i].offset),
      sizes: (l) => from.map((i) => l.fields[i].size),
    };
  }

  /** An encapsulated union (`struct { T sw; union { arms }; }` in C): its switch, and its arms as a nameless union. */
  private encapsulated(name: string, origin: Origin, inner: NativeStructure[]): Built | Unrepresentable {
    const members = aggregateMembers(origin.node);
    const [sw, ...arms] = members;
    if (sw.name === null || arms.length === 0 || arms.some((a) => a.name === null)) return new Unrepresentable('an encapsulated union without arms');
    const switchField = this.named(name, sw, members, origin, inner);
    if (switchField instanceof Unrepresentable) return switchField;
    // Named in C as widl names it (`u` unless the IDL names it): the conformance check reaches the arms so.
    const member = (origin.node as Extract<Aggregate, { kind: 'encapsulated-union' }>).unionName ?? 'u';
    const unionName = `${name}.${member}`;
    const armFields: NativeField[] = [];
    const armInner: NativeStructure[] = [];
    for (const arm of arms) {
      const f = this.named(unionName, arm, members, origin, armInner);
      if (f instanceof Unrepresentable) return f;
      armFields.push(f);
    }
    // The arms' union has no layout of its own in the model (it lays the arms out in place): the runtime checks
    // the enclosing structure's offsets, and the conformance check compares every arm's offset with C's.
    inner.push({ name: unionName, kind: 'union', fields: armFields }, ...armInner);
    return {
      fields: [switchField, { name: member, type: { kind: 'struct', name: unionName }, anonymous: true }],
      offsets: (l) => [l.fields[0].offset, l.fields[1].offset],
      sizes: null,
    };
  }

  /** A named member: a field, after describing the inline structure it has as its type, if any (`PARENT.field`). */
  private named(owner: string, m: ReturnType<typeof aggregateMembers>[number], members: ReturnType<typeof aggregateMembers>, origin: Origin, inner: NativeStructure[]): NativeField | Unrepresentable {
    if (m.name === null) return new Unrepresentable('a nameless member where a named one is expected');
    if (isInlineAggregate(m.specifiers.type) && !this.names.has(m.specifiers.type)) {
      const described = this.inline(m.specifiers.type, `${owner}.${m.name}`, origin, inner);
      if (described instanceof Unrepresentable) return described;
    }
    const field = this.field(owner, m.name, typeUse(m.specifiers, m.declarator, m.attributes), members, { ...origin, span: m.declarator.span });
    return field instanceof Unrepresentable ? new Unrepresentable(`${m.name}: ${field.reason}`) : field;
  }

  /** Describes an inline structure under `name` (and what it embeds), appending it to `inner`. */
  private inline(node: Aggregate, name: string, origin: Origin, inner: NativeStructure[]): void | Unrepresentable {
    this.names.set(node, name);
    const described = this.describe(name, { file: origin.file, node });
    if (described[0].opaque !== undefined) return new Unrepresentable(`${name}: ${described[0].opaque}`);
    inner.push(...described);
  }

  /**
   * A named field: its machine type, or a `size_is` pointer and its count field (`[size_is(cb)] void *` is cb
   * bytes). A pointer whose count cannot be read from a field of the structure (an expression, `max_is`,
   * `first_is`), or whose elements past `length_is` may hold pointers, is read as an address (warning N004).
   */
  private field(owner: string, name: string, use: TypeUse, members: ReturnType<typeof aggregateMembers>, origin: Origin & { span: Span }): NativeField | Unrepresentable {
    const type = this.types.valueType(use);
    if (isUnrepresentable(type)) return type;
    const sized = use.attributes.some((a) => sizeAttributes.has(a.name));
    // Not sized, or a conformant array in place (one element, as C declares it).
    if (!sized || use.arrays.length > 0) return { name, type };
    const size = plainSizeName(use.attributes, 'size_is');
    const bound = BOUND_ATTRIBUTES.find((a) => use.attributes.some((x) => x.name === a));
    const count = size ? members.find((m) => m.name === size) : undefined;
    const countType = count && count.name !== null && !count.bits ? this.types.valueType(typeUse(count.specifiers, count.declarator, count.attributes)) : undefined;
    const element = this.types.sizedElement(use);
    const untyped = typeof type !== 'string' && type.kind === 'opaque';
    let why: string | undefined;
    if (bound) why = `${bound} bounds it`;
    else if (typeof countType !== 'string') why = `its size (${size ? size : 'an expression'}) is not an integer field of ${owner}`;
    else if (isUnrepresentable(element)) why = element.reason;
    else if (use.attributes.some((a) => a.name === 'length_is') && typeof element !== 'string' && element.kind !== 'guid') {
      why = 'length_is gives its length, and the elements past it, which are read too, may hold pointers';
    }
    if (why === undefined && !isUnrepresentable(element)) return { name, type: { kind: 'pointer', to: element }, sizeIs: size! };
    // An address of untyped memory says what it is; a pointer of a type does not, and is warned about.
    if (!untyped) this.warnings.push(nativeWarning(NATIVE_WARNINGS.address, origin.file, origin.span, `${owner}.${name} is read as an address: ${why}`, `struct ${owner}`));
    return { name, type: { kind: 'opaque' } };
  }

  private bitFieldType(use: TypeUse): NativeScalar {
    const t = this.types.valueType(use);
    return typeof t === 'string' ? t : 'uint32_t';
  }
}

interface Built {
  readonly fields: NativeField[];
  readonly offsets: (l: StructLayout) => number[];
  readonly sizes: ((l: StructLayout) => number[]) | null;
}

/** A storage unit's type: an integer of the unit's size, signed as its first bit-field. */
function unitType(f: FieldLayout, first: NativeScalar): NativeScalar {
  const signed = first.startsWith('int');
  switch (f.size) {
    case 1:
      return signed ? 'int8_t' : 'uint8_t';
    case 2:
      return signed ? 'int16_t' : 'uint16_t';
    case 8:
      return signed ? 'int64_t' : 'uint64_t';
    default:
      return signed ? 'int32_t' : 'uint32_t';
  }
}

function nativeLayout(l: StructLayout, offsets: (l: StructLayout) => number[], sizes: ((l: StructLayout) => number[]) | null): NativeLayout {
  return { size: l.size, align: l.align, offsets: offsets(l), ...(sizes ? { sizes: sizes(l) } : {}) };
}
