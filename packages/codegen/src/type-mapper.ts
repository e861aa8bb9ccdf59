/**
 * The COM type mapping: IDL types to TypeScript types, to marshalling descriptors, to zero values and to the
 * canonical C types a layout fingerprint hashes. Typedef names stay as written (`LPMAPIERROR`); what a
 * typedef means is decided once, where it is declared:
 *
 * - 8/16/32-bit integers, enums, `float`, `double` -> `number`; 64-bit integers -> `bigint`; `boolean` -> `boolean`
 * - `char *`/`wchar_t *` (and typedefs of them: LPSTR, LPWSTR) -> `string | null`
 * - `void *` -> `unknown`; `GUID` (IID, CLSID) -> `GUID`, a lowercase string; `REFIID` -> `GUID`
 * - `T *` -> `T | null`; a pointer with `size_is`/`length_is` -> `T[] | null` (`Uint8Array` for bytes)
 * - fixed arrays `T x[n]` -> `T[]` (`Uint8Array` for bytes, `string` for `char`/`wchar_t`)
 * - interface pointers `IFoo *` -> `IFoo | null`
 * - `[out] T *p` -> `Out<T>`, `[in, out] T *p` -> `InOut<T>`; `[out, iid_is(r)] void **pp` -> `Out<IUnknown | null>`
 */
import type { Attribute, DeclarationSpecifiers, Declarator, Expression } from '@comidl/parser';
import type { Aggregate, Library, LibraryDeclaration } from './library';

export type Kind = 'int' | 'int64' | 'float' | 'bool' | 'char' | 'wchar' | 'void' | 'guid' | 'struct' | 'enum' | 'interface' | 'function' | 'unknown';

/** A type with every typedef expanded. */
export interface Resolved {
  kind: Kind;
  /** The IDL name of the struct, enum or interface; the base type's words for the others. */
  name: string;
  pointers: number;
  /** 8-bit element (BYTE, unsigned char, byte): arrays of it are Uint8Array. */
  byte: boolean;
  /** A `[string]` typedef or attribute somewhere along the chain. */
  string: boolean;
}

export type MarshalText = string;

/** A type as it appears in one place: specifiers plus the declarator's pointers and array suffixes. */
export interface TypeUse {
  specifiers: DeclarationSpecifiers;
  pointers: number;
  /** Array suffixes, outermost first: `null` for `[]`/`[*]`. */
  arrays: (Expression | '*' | null)[];
  attributes: readonly Attribute[];
}

const sizeAttributes = new Set(['size_is', 'length_is', 'max_is', 'first_is', 'last_is']);

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

function baseKind(words: string): { kind: Kind; byte: boolean } {
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

const primitive: Record<Kind, string> = {
  int: 'number', int64: 'bigint', float: 'number', bool: 'boolean', char: 'number', wchar: 'number',
  void: 'void', guid: 'GUID', struct: 'unknown', enum: 'number', interface: 'unknown', function: 'unknown', unknown: 'unknown',
};

const nullable = (t: string) => (/\bnull$/.test(t) || t === 'unknown' ? t : `${t} | null`);
const element = (t: string) => (/[|&]/.test(t) ? `(${t})[]` : `${t}[]`);

export class TypeMapper {
  private readonly resolving = new Map<string, Resolved>();
  private readonly itfInside = new Map<string, boolean>();

  constructor(readonly library: Library) {}

  /** Where an IDL name is declared in the library (typedefs and tags). */
  lookup(name: string): LibraryDeclaration | undefined {
    return this.library.symbols.get(name)?.declaration ?? this.library.tags.get(name)?.declaration;
  }

  /** The TypeScript name for an IDL type name, or null when the library does not declare it. */
  tsName(name: string): string | null {
    return this.library.symbols.get(name)?.tsName ?? this.library.tags.get(name)?.tsName ?? null;
  }

  /** The resolved form of a name (typedef chain followed). */
  resolveName(name: string): Resolved {
    const cached = this.resolving.get(name);
    if (cached) return cached;
    const unknown: Resolved = { kind: 'unknown', name, pointers: 0, byte: false, string: false };
    this.resolving.set(name, unknown); // cycle guard
    const d = this.lookup(name);
    let r: Resolved = unknown;
    if (d) {
      switch (d.kind) {
        case 'struct':
          r = { ...unknown, kind: isGuid(d.name) ? 'guid' : 'struct', name: d.name };
          break;
        case 'enum':
          r = { ...unknown, kind: 'enum', name: d.name };
          break;
        case 'interface':
        case 'opaque-interface':
          r = { ...unknown, kind: 'interface', name: d.kind === 'interface' && d.model.kind === 'interface' ? d.name : d.kind === 'interface' ? d.name : d.name };
          break;
        case 'alias': {
          const use = typeUse(d.typedef.specifiers, d.declarator, d.typedef.attributes);
          const inner = this.resolveUse(use);
          r = { ...inner, string: inner.string || d.typedef.attributes.some((a) => a.name === 'string') };
          break;
        }
        default:
          break;
      }
    } else if (isGuid(name)) {
      r = { ...unknown, kind: 'guid', name };
    }
    this.resolving.set(name, r);
    return r;
  }

  resolveSpecifiers(s: DeclarationSpecifiers): Resolved {
    const t = s.type;
    const none: Resolved = { kind: 'unknown', name: '', pointers: 0, byte: false, string: false };
    switch (t.kind) {
      case 'base-type': {
        const b = baseKind(t.name);
        return { ...none, ...b, name: t.name };
      }
      case 'type-name':
        return this.resolveName(t.name);
      case 'struct':
      case 'union':
      case 'encapsulated-union':
        if (t.name && isGuid(t.name)) return { ...none, kind: 'guid', name: 'GUID' };
        // A tag (`struct _HOLDER`) stands for the declaration that carries it (`HOLDER`); an anonymous
        // structure is known by the typedef that declares it (`typedef struct { ... } ENTRYID`).
        return { ...none, kind: 'struct', name: this.library.aggregateNames.get(t) ?? (t.name && this.library.tags.get(t.name)?.declaration.name) ?? t.name ?? '' };
      case 'enum':
        return { ...none, kind: 'enum', name: this.library.aggregateNames.get(t) ?? (t.name && this.library.tags.get(t.name)?.declaration.name) ?? t.name ?? '' };
      case 'safearray':
        return { ...none, kind: 'unknown', name: 'SAFEARRAY' };
      default:
        return none;
    }
  }

  resolveUse(use: TypeUse): Resolved {
    const r = this.resolveSpecifiers(use.specifiers);
    return { ...r, pointers: r.pointers + use.pointers + use.arrays.length };
  }

  /** The TypeScript type of a name reference or inline specifier, with no pointers applied. */
  specifierType(s: DeclarationSpecifiers): string {
    const t = s.type;
    switch (t.kind) {
      case 'base-type':
        return primitive[baseKind(t.name).kind];
      case 'type-name': {
        const n = this.tsName(t.name);
        if (n) return n;
        return isGuid(t.name) ? 'GUID' : 'unknown';
      }
      case 'struct':
      case 'union':
      case 'encapsulated-union':
      case 'enum': {
        const declared = this.library.aggregateNames.get(t);
        if (declared) return this.tsName(declared) ?? 'unknown';
        if (t.name) {
          const n = this.tsName(t.name);
          if (n) return n;
        }
        if (t.kind === 'enum') return 'number';
        // An anonymous structure or union inside another: its fields, inline.
        if (t.kind === 'encapsulated-union' || t.members !== null) return this.inlineType(t);
        return 'Record<string, unknown>';
      }
      case 'safearray':
        return element(this.typeOf(typeUse(t.element.specifiers, null)));
      default:
        return 'unknown';
    }
  }

  /** The TypeScript type of a use: specifiers, pointers and arrays. */
  typeOf(use: TypeUse): string {
    const base = this.resolveSpecifiers(use.specifiers);
    let ts = this.specifierType(use.specifiers);
    const sized = use.attributes.some((a) => sizeAttributes.has(a.name));
    const stringAttr = use.attributes.some((a) => a.name === 'string');
    for (let level = 0; level < use.pointers; level++) {
      if (level === 0 && base.pointers === 0 && (base.kind === 'char' || base.kind === 'wchar') && !(sized && !stringAttr)) ts = 'string | null';
      else if (level === 0 && base.pointers === 0 && base.kind === 'void') ts = 'unknown';
      else if (level === 0 && sized) ts = base.byte && base.pointers === 0 ? 'Uint8Array | null' : `${element(ts)} | null`;
      else ts = nullable(ts);
    }
    for (let i = use.arrays.length - 1; i >= 0; i--) {
      if (i === use.arrays.length - 1 && use.pointers === 0 && base.pointers === 0) {
        if (base.byte) { ts = 'Uint8Array'; continue; }
        if (base.kind === 'char' || base.kind === 'wchar') { ts = 'string'; continue; }
      }
      ts = element(ts);
    }
    return ts;
  }

  /** The alias a typedef declares: `typedef IID *REFIID` is a `GUID` (a reference is never null). */
  aliasType(name: string, use: TypeUse): string {
    const r = this.resolveUse(use);
    if (/^REF/.test(name) && r.kind === 'guid' && r.pointers === 1 && use.arrays.length === 0) return 'GUID';
    return this.typeOf(use);
  }

  /** For an [out] or [in, out] parameter: the use of the value behind its top-level pointer. */
  pointee(use: TypeUse): TypeUse | null {
    if (use.arrays.length) return { ...use, arrays: use.arrays.slice(1) };
    if (use.pointers > 0) return { ...use, pointers: use.pointers - 1, attributes: use.attributes.filter((a) => !sizeAttributes.has(a.name) && a.name !== 'string') };
    if (use.specifiers.type.kind === 'type-name') {
      const d = this.lookup(use.specifiers.type.name);
      if (d?.kind === 'alias') {
        const inner = typeUse(d.typedef.specifiers, d.declarator, d.typedef.attributes);
        if (inner.pointers > 0 || inner.arrays.length) return this.pointee(inner);
      }
    }
    return null;
  }

  /** An anonymous structure or union as an inline object type: `{ a: ULONG; b?: LPWSTR }`. */
  private inlineType(node: Aggregate, depth = 0): string {
    if (depth > 8) return 'Record<string, unknown>';
    const fields = aggregateFields(node).map((f) => `${propertyKey(f.name)}${f.optional ? '?' : ''}: ${this.typeOf(typeUse(f.specifiers, f.declarator, f.attributes))}`);
    return fields.length ? `{ ${fields.join('; ')} }` : 'Record<string, never>';
  }

  /** Whether a struct holds an interface pointer anywhere inside (then it is marshalled field by field). */
  structHasInterfaces(name: string): boolean {
    const cached = this.itfInside.get(name);
    if (cached !== undefined) return cached;
    this.itfInside.set(name, false);
    const d = this.lookup(name);
    let found = false;
    if (d?.kind === 'struct') {
      for (const f of aggregateFields(d.node)) {
        const m = this.marshalOf(typeUse(f.specifiers, f.declarator, f.attributes), []);
        if (m !== "'value'") found = true;
      }
    }
    this.itfInside.set(name, found);
    return found;
  }

  /**
   * How a value of this use crosses a channel, as the source text of a `Marshal` (layout.ts in the runtime).
   * `parameters` names the method's parameters for `iid_is`.
   */
  marshalOf(use: TypeUse, parameters: readonly string[]): MarshalText {
    const iidIs = use.attributes.find((a) => a.name === 'iid_is');
    const r = this.resolveUse(use);
    if (iidIs) {
      const arg = iidIs.arguments?.[0];
      const index = arg && arg.kind === 'name' ? parameters.indexOf(arg.name) : -1;
      if (index >= 0) return `{ iidIs: ${index} }`;
      return `{ itf: 'IUnknown' }`;
    }
    const sized = use.attributes.some((a) => sizeAttributes.has(a.name)) || use.arrays.length > 0;
    if (r.kind === 'interface' && r.pointers === 1 + (sized ? 1 : 0)) {
      const itf = this.interfaceKey(r.name);
      return sized ? `{ array: { itf: ${quote(itf)} } }` : `{ itf: ${quote(itf)} }`;
    }
    if (r.kind === 'struct' && r.pointers <= 1 + (sized ? 1 : 0) && this.structHasInterfaces(r.name)) {
      const s = `{ struct: ${quote(r.name)} }`;
      return sized ? `{ array: ${s} }` : s;
    }
    if (r.kind === 'void' && r.pointers >= 1) return "'opaque'";
    if (r.kind === 'unknown' && r.pointers >= 1) return "'opaque'";
    return "'value'";
  }

  /** The vtable key of an interface pointer's target; interfaces without a vtable here travel as IUnknown. */
  interfaceKey(name: string): string {
    this.withVtable ??= new Set(this.library.interfaces.map((i) => i.name));
    return this.withVtable.has(name) ? name : 'IUnknown';
  }

  private withVtable: Set<string> | undefined;

  /** The C type with typedefs expanded, for fingerprints: `unsigned long`, `MAPIERROR**`, `IMAPIProgress*`. */
  canonical(use: TypeUse): string {
    const t = use.specifiers.type;
    if (isInline(t) && !this.library.aggregateNames.has(t) && !t.name) {
      // An anonymous structure: its layout is its fields'.
      const fields = aggregateFields(t).map((f) => this.canonical(typeUse(f.specifiers, f.declarator, f.attributes))).join('; ');
      const dims = use.arrays.map((a) => (a === null || a === '*' ? '[]' : '[n]')).join('');
      return `${t.kind === 'struct' ? 'struct' : 'union'} { ${fields} }${'*'.repeat(use.pointers)}${dims}`;
    }
    const r = this.resolveUse(use);
    const dims = use.arrays.map((a) => (a === null || a === '*' ? '[]' : '[n]')).join('');
    return `${r.kind === 'int' || r.kind === 'float' || r.kind === 'char' || r.kind === 'wchar' || r.kind === 'int64' || r.kind === 'bool' || r.kind === 'void' ? r.name : `${r.kind} ${r.name}`}${'*'.repeat(r.pointers - use.arrays.length)}${dims}`;
  }

  /** Source text of the zero value of a field or variable of this use. */
  zeroOf(use: TypeUse, depth = 0): string {
    const base = this.resolveSpecifiers(use.specifiers);
    if (use.arrays.length) {
      const size = use.arrays[0];
      const n = size && size !== '*' && size.kind === 'number' ? Number(size.text.replace(/[uUlL]+$/, '')) : 0;
      const rest = { ...use, arrays: use.arrays.slice(1) };
      if (use.arrays.length === 1 && use.pointers === 0 && base.pointers === 0) {
        if (base.byte) return `new Uint8Array(${n})`;
        if (base.kind === 'char' || base.kind === 'wchar') return "''";
      }
      if (!Number.isFinite(n) || n <= 0 || n > 256) return '[]';
      return `[${Array.from({ length: n }, () => this.zeroOf(rest, depth + 1)).join(', ')}]`;
    }
    const r = this.resolveUse(use);
    if (r.pointers > 0) return 'null';
    switch (r.kind) {
      case 'int': case 'float': case 'char': case 'wchar': case 'enum': return '0';
      case 'int64': return '0n';
      case 'bool': return 'false';
      case 'guid': return "'00000000-0000-0000-0000-000000000000'";
      case 'struct': {
        const t = use.specifiers.type;
        const d = this.lookup(r.name);
        const node = d?.kind === 'struct' ? d.node : isInline(t) ? t : null;
        if (!node || depth > 8) return '{}';
        const fields = aggregateFields(node).filter((f) => !f.optional);
        if (!fields.length) return '{}';
        return `{ ${fields.map((f) => `${propertyKey(f.name)}: ${this.zeroOf(typeUse(f.specifiers, f.declarator, f.attributes), depth + 1)}`).join(', ')} }`;
      }
      default:
        return 'null';
    }
  }
}

export interface AggregateField {
  name: string;
  specifiers: DeclarationSpecifiers;
  declarator: Declarator;
  attributes: Attribute[];
  doc: string | null;
  /** Union arm or encapsulated-union member: optional in TypeScript. */
  optional: boolean;
}


/** The named fields of a struct or union, in order; an encapsulated union gives its switch and its arms. */
export function aggregateFields(node: Aggregate): AggregateField[] {
  const out: AggregateField[] = [];
  const addField = (f: { attributes: Attribute[]; doc: string | null; specifiers: DeclarationSpecifiers | null; declarators: { declarator: Declarator }[] }, optional: boolean) => {
    if (!f.specifiers) return;
    for (const { declarator } of f.declarators) {
      const name = declaratorName(declarator);
      if (name) out.push({ name, specifiers: f.specifiers, declarator, attributes: f.attributes, doc: f.doc, optional });
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
    });
    for (const arm of node.arms) addField(arm.field, true);
    return out;
  }
  for (const m of node.members ?? []) if (m.kind === 'field') addField(m, node.kind === 'union');
  return out;
}

export function declaratorName(d: Declarator): string | null {
  return d.name ?? (d.nested ? declaratorName(d.nested) : null);
}

/** An aggregate written in place, with its members (`struct { ... } x;`). */
function isInline(t: DeclarationSpecifiers['type']): t is Aggregate {
  return (t.kind === 'struct' || t.kind === 'union') ? t.members !== null : t.kind === 'encapsulated-union';
}

function isGuid(name: string): boolean {
  return name === 'GUID' || name === '_GUID';
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** A single-quoted TypeScript string literal. */
export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
