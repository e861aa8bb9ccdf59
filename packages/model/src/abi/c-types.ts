/**
 * IDL types as C sees them: every typedef followed to what it names, and the canonical C type text that
 * layout fingerprints, the vtable lock and `comidl diff` compare (`unsigned long`, `struct MAPIERROR**`,
 * `interface IMAPIProgress*`, `guid GUID*`). Names resolve in the scope of one file (its own declarations,
 * its imports', and its importers', as widl reads them), so what C compiles is what is compared.
 */
import type {
  Attribute,
  DeclarationSpecifiers,
  Declarator,
  EncapsulatedUnionType,
  EnumType,
  Expression,
  StructType,
  UnionType,
} from '@comidl/parser';
import { duplicateIndexes } from '../duplicates';
import { MAX_REFERENCE_DEPTH } from '../limits';
import type { Scope } from '../scope';

export type Aggregate = StructType | UnionType | EncapsulatedUnionType;

export type CKind = 'int' | 'int64' | 'float' | 'bool' | 'char' | 'wchar' | 'void' | 'guid' | 'struct' | 'enum' | 'interface' | 'function' | 'unknown';

/** A type with every typedef expanded. */
export interface ResolvedType {
  kind: CKind;
  /** The IDL name of the struct, enum or interface; the base type's words for the others. */
  name: string;
  pointers: number;
  /** 8-bit element (BYTE, unsigned char, byte): arrays of it are Uint8Array. */
  byte: boolean;
  /** A `[string]` typedef or attribute somewhere along the chain. */
  string: boolean;
  /** The definition of a structure, union or enum, when the scope has one. */
  node?: Aggregate | EnumType;
}

/** A type as it appears in one place: specifiers plus the declarator's pointers and array suffixes. */
export interface TypeUse {
  specifiers: DeclarationSpecifiers;
  pointers: number;
  /** Array suffixes, outermost first: `null` for `[]`/`[*]`. */
  arrays: (Expression | '*' | null)[];
  attributes: readonly Attribute[];
}

export function typeUse(specifiers: DeclarationSpecifiers, declarator: Declarator | null, attributes: readonly Attribute[] = []): TypeUse {
  let pointers = 0;
  const arrays: TypeUse['arrays'] = [];
  const walk = (d: Declarator) => {
    for (const p of d.prefix) if (p.kind === 'pointer') pointers++;
    if (d.nested) walk(d.nested);
    for (const s of d.suffixes) {
      if (s.kind === 'array') arrays.push(s.size);
      else pointers = Math.max(pointers, 1); // a function declarator: treated as a function pointer
    }
  };
  if (declarator) walk(declarator);
  return { specifiers, pointers, arrays, attributes };
}

/** The kind of a C base type from its words (`unsigned long`, `__int64`, `wchar_t`). */
export function baseKind(words: string): { kind: CKind; byte: boolean } {
  if (words.includes('void')) return { kind: 'void', byte: false };
  if (words.includes('wchar_t')) return { kind: 'wchar', byte: false };
  if (words === 'unsigned char' || words === 'byte' || words === 'unsigned small') return { kind: 'int', byte: true };
  if (words.includes('char')) return { kind: 'char', byte: false };
  if (words.includes('boolean')) return { kind: 'bool', byte: false };
  if (words.includes('float') || words.includes('double')) return { kind: 'float', byte: false };
  if (words.includes('__int64') || words.includes('hyper') || words.includes('long long') || words.includes('__int3264')) {
    return { kind: 'int64', byte: false };
  }
  return { kind: 'int', byte: false };
}

export interface AggregateField {
  name: string;
  specifiers: DeclarationSpecifiers;
  declarator: Declarator;
  attributes: Attribute[];
  doc: string | null;
  /** Union arm or encapsulated-union member: optional in TypeScript. */
  optional: boolean;
  /** A bit-field's width expression. */
  bits: Expression | null;
  /**
   * The index (in this list) of an earlier field with the same name (M002, which a lenient run lets
   * through); null for the first of its name.
   */
  duplicateOf: number | null;
}

/** The named fields of a struct or union, in order; an encapsulated union gives its switch and its arms. */
export function aggregateFields(node: Aggregate): AggregateField[] {
  const out: AggregateField[] = [];
  const addField = (
    f: { attributes: Attribute[]; doc: string | null; specifiers: DeclarationSpecifiers | null; declarators: { declarator: Declarator; bits?: Expression | null }[] },
    optional: boolean,
  ) => {
    if (!f.specifiers) return;
    for (const { declarator, bits } of f.declarators) {
      const name = declaratorName(declarator);
      if (name) out.push({ name, specifiers: f.specifiers, declarator, attributes: f.attributes, doc: f.doc, optional, bits: bits ?? null, duplicateOf: null });
    }
  };
  if (node.kind === 'encapsulated-union') {
    out.push({
      name: node.switchName,
      specifiers: node.switchType,
      declarator: { kind: 'declarator', prefix: [], name: node.switchName, nested: null, suffixes: [], span: node.span },
      attributes: [],
      doc: null,
      optional: false,
      bits: null,
      duplicateOf: null,
    });
    for (const arm of node.arms) addField(arm.field, true);
    return markDuplicates(out);
  }
  for (const m of node.members ?? []) if (m.kind === 'field') addField(m, node.kind === 'union');
  return markDuplicates(out);
}

function markDuplicates(fields: AggregateField[]): AggregateField[] {
  duplicateIndexes(fields.map((f) => f.name)).forEach((d, i) => (fields[i].duplicateOf = d));
  return fields;
}

/**
 * Every member of a struct or union as C lays it out: the named fields of `aggregateFields`, and, where they
 * stand, the nameless structures and unions C11 embeds (`union { UINT FirstElement; UINT ElementOffset; };`),
 * with a null name. An encapsulated union gives its switch and its arms.
 */
export function aggregateMembers(node: Aggregate): (AggregateField | { name: null; specifiers: DeclarationSpecifiers & { type: Aggregate }; attributes: Attribute[]; doc: string | null })[] {
  if (node.kind === 'encapsulated-union') return aggregateFields(node);
  const out: ReturnType<typeof aggregateMembers> = [];
  for (const m of node.members ?? []) {
    if (m.kind !== 'field' || !m.specifiers) continue;
    const t = m.specifiers.type;
    if (m.declarators.length === 0 && isInlineAggregate(t)) {
      out.push({ name: null, specifiers: m.specifiers as DeclarationSpecifiers & { type: Aggregate }, attributes: m.attributes, doc: m.doc });
      continue;
    }
    for (const { declarator, bits } of m.declarators) {
      const name = declaratorName(declarator);
      if (name) out.push({ name, specifiers: m.specifiers, declarator, attributes: m.attributes, doc: m.doc, optional: node.kind === 'union', bits: bits ?? null, duplicateOf: null });
    }
  }
  duplicateIndexes(out.map((f) => f.name)).forEach((d, i) => {
    const f = out[i];
    if (f.name !== null) f.duplicateOf = d;
  });
  return out;
}

export function declaratorName(d: Declarator): string | null {
  return d.name ?? (d.nested ? declaratorName(d.nested) : null);
}

/** An aggregate written in place, with its members (`struct { ... } x;`). */
export function isInlineAggregate(t: DeclarationSpecifiers['type']): t is Aggregate {
  return t.kind === 'struct' || t.kind === 'union' ? t.members !== null : t.kind === 'encapsulated-union';
}

export function isGuidName(name: string): boolean {
  return name === 'GUID' || name === '_GUID';
}

const primitiveKinds: ReadonlySet<CKind> = new Set(['int', 'float', 'char', 'wchar', 'int64', 'bool', 'void']);

export interface CanonicalOptions {
  /**
   * Fixed array sizes as numbers (`WCHAR[32]`) where they can be computed, for structure fields, whose
   * layout depends on them; otherwise every fixed size is `[n]` (parameters, where arrays decay).
   */
  arraySize?: (size: Expression) => number | undefined;
}

/** Resolves the types used in one scope; results are cached per name. */
export class CTypes {
  private readonly resolving = new Map<string, ResolvedType>();
  /** Names being resolved: a typedef chain past `MAX_REFERENCE_DEPTH` resolves to unknown (and is an M014). */
  private depth = 0;

  constructor(
    readonly scope: Scope,
    /** The WinRT namespace names are used in (`Windows.Foundation`), '' outside one. */
    readonly namespace = '',
  ) {}

  /** The resolved form of a name (typedef chain followed); a cycle resolves to `unknown`. */
  resolveName(name: string): ResolvedType {
    const cached = this.resolving.get(name);
    if (cached) return cached;
    const unknown: ResolvedType = { kind: 'unknown', name, pointers: 0, byte: false, string: false };
    if (this.depth >= MAX_REFERENCE_DEPTH) return unknown;
    this.resolving.set(name, unknown); // cycle guard
    this.depth++;
    try {
      this.resolving.set(name, this.resolveSymbol(name, unknown));
    } finally {
      this.depth--;
    }
    return this.resolving.get(name)!;
  }

  private resolveSymbol(name: string, unknown: ResolvedType): ResolvedType {
    let r: ResolvedType = unknown;
    const symbol = this.scope.type(name, this.namespace);
    if (symbol) {
      switch (symbol.kind) {
        case 'typedef': {
          const declarator = symbol.declaration.declarators[symbol.index];
          const inner = this.resolveUse(typeUse(symbol.declaration.specifiers, declarator ?? null, symbol.declaration.attributes));
          r = { ...inner, string: inner.string || symbol.declaration.attributes.some((a) => a.name === 'string') };
          break;
        }
        case 'interface':
        case 'dispinterface':
        case 'delegate':
          r = { ...unknown, kind: 'interface', name: symbol.name };
          break;
        default:
          if (isGuidName(name)) r = { ...unknown, kind: 'guid', name };
          break;
      }
    } else {
      // A bare tag used as a type name (`struct tagX {...};`, then `tagX *p`), as MIDL allows.
      const tag = this.scope.tag('struct', name, this.namespace) ?? this.scope.tag('union', name, this.namespace) ?? this.scope.tag('enum', name, this.namespace);
      const node = tag?.symbol.kind === 'struct' || tag?.symbol.kind === 'union' || tag?.symbol.kind === 'enum' ? tag.symbol.declaration : undefined;
      if (node) r = this.resolveAggregate(node, name);
      else if (isGuidName(name)) r = { ...unknown, kind: 'guid', name };
    }
    return r;
  }

  resolveSpecifiers(s: DeclarationSpecifiers): ResolvedType {
    const t = s.type;
    const none: ResolvedType = { kind: 'unknown', name: '', pointers: 0, byte: false, string: false };
    switch (t.kind) {
      case 'base-type':
        return { ...none, ...baseKind(t.name), name: t.name };
      case 'type-name':
        return this.resolveName(t.name);
      case 'struct':
      case 'union':
      case 'encapsulated-union':
      case 'enum': {
        // A tag (`struct _HOLDER`) stands for the definition that carries it (`HOLDER`); an anonymous
        // structure is known by the typedef that declares it (`typedef struct { ... } ENTRYID`).
        const definition = t.kind === 'encapsulated-union' || t.members !== null ? t : this.tagDefinition(t);
        return this.resolveAggregate(definition ?? t, t.name ?? '');
      }
      case 'safearray':
        return { ...none, kind: 'unknown', name: 'SAFEARRAY' };
      default:
        return none;
    }
  }

  resolveUse(use: TypeUse): ResolvedType {
    const r = this.resolveSpecifiers(use.specifiers);
    return { ...r, pointers: r.pointers + use.pointers + use.arrays.length };
  }

  /** The name a defined or referenced aggregate is known by: its defining typedef's name, else its tag. */
  aggregateName(node: Aggregate | EnumType): string {
    return this.scope.aggregateName(node) ?? node.name ?? '';
  }

  /** The definition a tag reference (`struct tagX`) stands for, if the scope has one. */
  tagDefinition(t: StructType | UnionType | EnumType): Aggregate | EnumType | undefined {
    if (!t.name) return undefined;
    const symbol = this.scope.tag(t.kind, t.name, this.namespace)?.symbol;
    return symbol && (symbol.kind === 'struct' || symbol.kind === 'union' || symbol.kind === 'enum') ? symbol.declaration : undefined;
  }

  private resolveAggregate(node: Aggregate | EnumType, fallbackName: string): ResolvedType {
    const none: ResolvedType = { kind: 'unknown', name: '', pointers: 0, byte: false, string: false };
    if (node.name && isGuidName(node.name)) return { ...none, kind: 'guid', name: 'GUID' };
    const name = this.scope.aggregateName(node) ?? (node.name || fallbackName);
    if (isGuidName(name)) return { ...none, kind: 'guid', name: 'GUID' };
    const defined = node.kind === 'encapsulated-union' || node.members !== null;
    return { ...none, kind: node.kind === 'enum' ? 'enum' : 'struct', name, ...(defined ? { node } : {}) };
  }

  /**
   * The C type with typedefs expanded: `unsigned long`, `struct MAPIERROR**`, `interface IMAPIProgress*`.
   * An anonymous structure is written out with its fields.
   */
  canonical(use: TypeUse, options: CanonicalOptions = {}): string {
    const t = use.specifiers.type;
    const dims = use.arrays
      .map((a) => {
        if (a === null || a === '*') return '[]';
        const n = options.arraySize?.(a);
        return n === undefined ? '[n]' : `[${n}]`;
      })
      .join('');
    if (isInlineAggregate(t) && !this.scope.aggregateName(t) && !t.name) {
      const fields = aggregateMembers(t)
        .map((f) => this.canonical(f.name === null ? { specifiers: f.specifiers, pointers: 0, arrays: [], attributes: f.attributes } : typeUse(f.specifiers, f.declarator, f.attributes), options))
        .join('; ');
      return `${t.kind === 'struct' ? 'struct' : 'union'} { ${fields} }${'*'.repeat(use.pointers)}${dims}`;
    }
    const r = this.resolveUse(use);
    const base = primitiveKinds.has(r.kind) ? r.name : `${r.kind} ${r.name}`;
    return `${base}${'*'.repeat(r.pointers - use.arrays.length)}${dims}`;
  }
}
