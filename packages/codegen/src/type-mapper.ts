/**
 * The COM type mapping: IDL types to TypeScript types, to marshalling descriptors and to zero values. What a
 * type is in C (typedefs followed, canonical C types) is the model's (`CTypes` in @comidl/model); this maps
 * it to TypeScript. Typedef names stay as written (`LPMAPIERROR`); what a typedef means is decided once,
 * where it is declared:
 *
 * - 8/16/32-bit integers, enums, `float`, `double` -> `number`; 64-bit integers -> `bigint`; `boolean` -> `boolean`
 * - `char *`/`wchar_t *` (and typedefs of them: LPSTR, LPWSTR) -> `string | null`
 * - `void *` -> `unknown`; `GUID` (IID, CLSID) -> `GUID`, a lowercase string; `REFIID` -> `GUID`
 * - `T *` -> `T | null`; a pointer with `size_is`/`length_is` -> `T[] | null` (`Uint8Array` for bytes)
 * - fixed arrays `T x[n]` -> `T[]` (`Uint8Array` for bytes, `string` for `char`/`wchar_t`)
 * - interface pointers `IFoo *` -> `IFoo | null`
 * - `[out] T *p` -> `Out<T>`, `[in, out] T *p` -> `InOut<T>`; `[out, iid_is(r)] void **pp` -> `Out<IUnknown | null>`
 * - a structure -> an object of its fields; a union -> a union of one-member objects (an encapsulated one
 *   discriminated on its switch); nameless members flattened as C reaches them (`aggregateType`)
 * - what has no TypeScript type falls back to `unknown` (or an untyped record) with a G002 warning (`fallbacks`)
 *
 * TypeScript types are values of the type model (`ts-type.ts`) whose references name symbols; marshalling
 * descriptors and zero values are data (`Marshal`, `Literal`). Nothing here is TypeScript text.
 */
import type { Attribute, DeclarationSpecifiers, Diagnostic, Expression, Span } from '@comidl/parser';
import type { TsMember } from './ts-type';
import { aggregateFields, aggregateMembers, baseKind, isGuidName, isInlineAggregate, scopeTypes, sizeAttributes, typeUse, type CKind, type CTypes, type ResolvedType, type TypeUse } from '@comidl/model';
import type { Aggregate, Library, LibraryDeclaration } from './library';
import { construct, type Literal, type LiteralObject } from './literal';
import { enumMemberKey } from './naming';
import { globalSymbols, LibrarySymbols, type TsSymbol } from './symbols';
import { arrayOf, enumMemberType, intersection, literalType, nullable, objectType, reference, tsBigint, tsBoolean, tsNever, tsNull, tsNumber, tsString, tsUnknown, tsVoid, union, type TsType } from './ts-type';

export { aggregateFields, typeUse, type TypeUse } from '@comidl/model';
export type { AggregateField } from '@comidl/model';

export type Kind = CKind;
export type Resolved = ResolvedType;

/** How a value crosses a channel: the runtime's `Marshal` (layout.ts), as data. */
export type Marshal = 'value' | 'opaque' | { readonly itf: string } | { readonly iidIs: number } | { readonly struct: string } | { readonly array: Marshal };

/** The TypeScript type of a base type's kind (`guid` never comes from a base type). */
const primitive: Record<Exclude<Kind, 'guid'>, TsType> = {
  int: tsNumber, int64: tsBigint, float: tsNumber, bool: tsBoolean, char: tsNumber, wchar: tsNumber,
  void: tsVoid, struct: tsUnknown, enum: tsNumber, interface: tsUnknown, function: tsUnknown, unknown: tsUnknown,
};

/** Names winnt.h defines as nothing unless NONAMELESSUNION: their members are nameless in C. */
const DUMMY_NAMES = /^DUMMY(UNION|STRUCT)NAME\d?$/;

const nullableUint8Array = union(reference(globalSymbols.Uint8Array), tsNull);
const nullableString = union(tsString, tsNull);
const unknownRecord = reference(globalSymbols.Record, tsString, tsUnknown);
const emptyRecord = reference(globalSymbols.Record, tsString, tsNever);

/** The most bytes of byte arrays a zero value a generated package builds when it is imported holds: 1 MiB. */
export const MAX_ZERO_BYTES = 1 << 20;

/** The most values (numbers, strings, arrays, objects) a zero value holds: 65,536. */
export const MAX_ZERO_VALUES = 1 << 16;

interface SizedZero {
  value: Literal;
  bytes: number;
  values: number;
}

/** What `zeroOf` gives for a value with no zero value built (see MAX_ZERO_BYTES and MAX_ZERO_VALUES). */
export const noZero: unique symbol = Symbol('no zero value');

type AggregateMember = ReturnType<typeof aggregateMembers>[number];

/** A union a structure holds: nameless (flattened, `name` null) or a named `[switch_is]` member. */
interface HeldUnion {
  member: AggregateMember;
  node: Aggregate;
  name: string | null;
  depth: number;
}

/** What a union is discriminated on: the structure field a `[switch_is]` names, or an encapsulated union's switch. */
interface Discriminant {
  name: string;
  type: TsType;
  use: TypeUse;
}

/** One arm of a union: its `[case]` labels (null for `[default]`, none without either), its members. */
interface UnionArm {
  labels: readonly (Expression | null)[] | null;
  members: TsMember[];
  /** A nameless member's alternatives, flattened. */
  nested: readonly TsType[];
}

interface CaseType {
  type: TsType;
  /** Only the arm's values (literals or enum members), not the discriminant's whole type. */
  exact: boolean;
}

export class TypeMapper {
  private readonly itfInside = new Map<string, boolean>();
  /**
   * G002: where a type could not be mapped as the IDL says and fell back (to `unknown`, or an untyped
   * record), one warning per place in the IDL, naming the declaration being mapped and the reason.
   */
  readonly fallbacks = new Map<string, Diagnostic>();
  /** The declaration whose types are being mapped (`struct tagX`, `interface IFoo`), for `fallbacks`. */
  context: string | undefined;
  /** The WinRT namespace of the declaration being mapped (`Windows.UI`): where a short name is looked up first. */
  namespace = '';
  /** The type parameters of the parameterized interface being mapped (`T`): TypeScript type parameters. */
  templateParameters: readonly string[] = [];
  /** The library's C types: typedefs followed in the scope of every module of the library, first one winning. */
  readonly c: CTypes;

  constructor(
    readonly library: Library,
    readonly symbols: LibrarySymbols = new LibrarySymbols(library),
  ) {
    this.c = scopeTypes(library.scope).types;
  }

  /** Where an IDL name is declared in the library (typedefs and tags). */
  lookup(name: string): LibraryDeclaration | undefined {
    return this.library.symbols.get(name)?.declaration ?? this.library.tags.get(name)?.declaration;
  }

  /** The TypeScript name for an IDL type name, or null when the library does not declare it. */
  tsName(name: string): string | null {
    return this.library.symbols.get(name)?.tsName ?? this.library.tags.get(name)?.tsName ?? null;
  }

  /** The symbol of an IDL type name, or null when the library does not declare it. */
  symbolOf(name: string): TsSymbol | null {
    const tsName = this.tsName(name);
    return tsName === null ? null : this.symbols.declared(tsName);
  }

  /** A reference to the library's declaration of an IDL name, or null when it has none. */
  private referenceTo(name: string): TsType | null {
    // Inside a namespace, a short name is its declaration there first (innermost namespace first, as widl).
    const inNamespace = this.namespace && !name.includes('.') ? this.library.scope.qualifiedTypeName(name, this.namespace) : name;
    const symbol = (inNamespace !== name ? this.symbolOf(inNamespace) : null) ?? this.symbolOf(name);
    return symbol && reference(symbol);
  }

  /**
   * An instantiated parameterized interface (`Windows.Foundation.Collections.IVectorView<HSTRING>`) is its
   * generic TypeScript interface instantiated with the arguments' types; null when the library declares no
   * parameterized interface of that name and arity.
   */
  private instantiationType(t: Extract<DeclarationSpecifiers['type'], { kind: 'type-name' }>): TsType | null {
    const args = t.typeArguments ?? [];
    const name = this.library.symbols.has(t.name) || !this.namespace ? t.name : this.library.scope.qualifiedTypeName(t.name, this.namespace);
    const d = this.library.symbols.get(name)?.declaration;
    if (d?.kind !== 'interface' || d.model.templateParameters?.length !== args.length) return null;
    const symbol = this.symbolOf(name);
    return symbol && reference(symbol, ...args.map((a) => this.typeOf({ specifiers: a.specifiers, pointers: a.pointers.length, arrays: [], attributes: [] })));
  }

  /** The resolved form of a name (typedef chain followed). */
  resolveName(name: string): Resolved {
    return this.c.resolveName(name);
  }

  resolveSpecifiers(s: DeclarationSpecifiers): Resolved {
    return this.c.resolveSpecifiers(s);
  }

  resolveUse(use: TypeUse): Resolved {
    return this.c.resolveUse(use);
  }

  /** Why a type name has no TypeScript type of the library. */
  private unmappedReason(name: string, instantiated: boolean): string {
    const kind = this.library.scope.type(name, this.namespace)?.kind;
    if (instantiated) return `the parameterized type ${name}<...> is declared nowhere in the library`;
    if (kind === 'runtimeclass') return `the runtimeclass ${name} has no [default] interface the library declares`;
    if (kind === 'coclass') return `the coclass ${name} has no TypeScript type`;
    if (kind) return `the ${kind} ${name} has no TypeScript type`;
    return `type ${name} is declared nowhere in the library`;
  }

  /**
   * A runtime class used as a type is its default interface, as the Windows Runtime passes it
   * (`Windows.System.User *` is an `IUser` pointer): a reference to that interface, or null when it has none
   * the library declares.
   */
  private runtimeClassType(name: string): TsType | null {
    const found = this.defaultInterface(name);
    // A class whose default interface is an instantiation naming the class itself maps once: then unknown.
    if (!found || this.classesMapped.has(found.runtimeClass)) return null;
    const outer = this.namespace;
    this.namespace = found.namespace;
    this.classesMapped.add(found.runtimeClass);
    try {
      return found.type.typeArguments ? this.instantiationType(found.type) : this.referenceTo(found.qualified);
    } finally {
      this.namespace = outer;
      this.classesMapped.delete(found.runtimeClass);
    }
  }

  /** The `[default]` interface of a runtime class (`name` as written where it is used), with its qualified name. */
  private defaultInterface(name: string): { runtimeClass: string; namespace: string; type: Extract<DeclarationSpecifiers['type'], { kind: 'type-name' }>; qualified: string } | null {
    const symbol = this.library.scope.type(name, this.namespace);
    if (symbol?.kind !== 'runtimeclass') return null;
    // A forward declaration may come first in the closure: the definition holds the members.
    let members = symbol.declaration.members;
    for (const m of this.library.modules) {
      if (members) break;
      const t = m.unit.index.types.get(symbol.name);
      if (t?.kind === 'runtimeclass') members = t.declaration.members;
    }
    const preferred = members?.find((m) => m.attributes.some((a) => a.name === 'default'));
    if (!preferred) return null;
    const dot = symbol.name.lastIndexOf('.');
    const namespace = dot < 0 ? '' : symbol.name.slice(0, dot);
    return { runtimeClass: symbol.name, namespace, type: preferred.type, qualified: this.library.scope.qualifiedTypeName(preferred.type.name, namespace) };
  }

  /** The runtime classes whose default interface is being mapped (`runtimeClassType`). */
  private readonly classesMapped = new Set<string>();

  /** Records a G002 fallback at `span` and returns `type`. */
  private fallback(span: Span, reason: string, type: TsType): TsType {
    const key = `${span.file}:${span.line}:${span.column}`;
    if (!this.fallbacks.has(key)) {
      const d: Diagnostic = { file: span.file, line: span.line, column: span.column, code: 'G002', severity: 'warning', message: `${reason}: mapped to ${type === tsUnknown ? 'unknown' : 'an untyped record'}` };
      if (this.context) d.context = this.context;
      this.fallbacks.set(key, d);
    }
    return type;
  }

  /** The TypeScript type of a name reference or inline specifier, with no pointers applied. */
  specifierType(s: DeclarationSpecifiers): TsType {
    const t = s.type;
    switch (t.kind) {
      case 'base-type':
        return primitive[baseKind(t.name).kind as Exclude<Kind, 'guid'>];
      case 'type-name':
        if (this.templateParameters.includes(t.name)) return reference({ name: t.name, home: { kind: 'global' } });
        if (t.typeArguments) return this.instantiationType(t) ?? this.fallback(t.span, this.unmappedReason(t.name, true), tsUnknown);
        return this.referenceTo(t.name) ?? (isGuidName(t.name) ? reference(this.symbols.guid()) : null) ?? (t.typeArguments ? null : this.runtimeClassType(t.name)) ?? this.fallback(t.span, this.unmappedReason(t.name, t.typeArguments !== null), tsUnknown);
      case 'struct':
      case 'union':
      case 'encapsulated-union':
      case 'enum': {
        const declared = this.library.aggregateNames.get(t);
        if (declared) return this.referenceTo(declared) ?? tsUnknown;
        if (t.name) {
          const named = this.referenceTo(t.name);
          if (named) return named;
        }
        if (t.kind === 'enum') return tsNumber;
        // An anonymous structure or union inside another: its fields, inline.
        if (t.kind === 'encapsulated-union' || t.members !== null) return this.aggregateType(t);
        return this.fallback(t.span, `${t.kind} ${t.name ?? '(anonymous)'} is defined nowhere in the library and no typedef names it`, unknownRecord);
      }
      case 'safearray':
        return arrayOf(this.typeOf(typeUse(t.element.specifiers, null)));
      default:
        return tsUnknown;
    }
  }

  /** The TypeScript type of a use: specifiers, pointers and arrays. */
  typeOf(use: TypeUse): TsType {
    const base = this.resolveSpecifiers(use.specifiers);
    let ts = this.specifierType(use.specifiers);
    const sized = use.attributes.some((a) => sizeAttributes.has(a.name));
    const stringAttr = use.attributes.some((a) => a.name === 'string');
    for (let level = 0; level < use.pointers; level++) {
      if (level === 0 && base.pointers === 0 && (base.kind === 'char' || base.kind === 'wchar') && !(sized && !stringAttr)) ts = nullableString;
      else if (level === 0 && base.pointers === 0 && base.kind === 'void') ts = tsUnknown;
      else if (level === 0 && sized) ts = base.byte && base.pointers === 0 ? nullableUint8Array : union(arrayOf(ts), tsNull);
      else ts = nullable(ts);
    }
    for (let i = use.arrays.length - 1; i >= 0; i--) {
      if (i === use.arrays.length - 1 && use.pointers === 0 && base.pointers === 0) {
        if (base.byte) { ts = reference(globalSymbols.Uint8Array); continue; }
        if (base.kind === 'char' || base.kind === 'wchar') { ts = tsString; continue; }
      }
      ts = arrayOf(ts);
    }
    return ts;
  }

  /** The alias a typedef declares: `typedef IID *REFIID` is a `GUID` (a reference is never null). */
  aliasType(name: string, use: TypeUse): TsType {
    const r = this.resolveUse(use);
    if (/^REF/.test(name) && r.kind === 'guid' && r.pointers === 1 && use.arrays.length === 0) return reference(this.symbols.guid());
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

  /**
   * A structure or union as a TypeScript type, as C lays out its names: a structure is an object of its
   * fields; a union is a union of one-member objects (`{ lVal: LONG } | { bstrVal: BSTR }`); an encapsulated
   * union (`union switch (DWORD kind) u { case 1: ...}`) is discriminated on its switch (`{ kind: 1; a: LONG }`);
   * a nameless member (or one a `cpp_quote` defines as nothing) is flattened into the enclosing object, as C
   * reaches its members (`v.vt`, `v.lVal`), a union inside a structure as an intersection. A `[switch_is]`
   * union is discriminated on the field it names, before or after it (`discriminated`).
   */
  aggregateType(node: Aggregate, depth = 0): TsType {
    if (depth > 8) return this.fallback(node.span, `structures and unions nested more than 8 deep inline`, unknownRecord);
    if (node.kind !== 'struct') return union(...this.alternatives(node, depth));
    const { fields, uses, held } = this.structShape(node, depth);
    const unions: TsType[][] = [];
    const moved = new Set<string>();
    // Once every field is known: a [switch_is] field may come after its union (oaidl's VARDESC).
    for (const h of held) {
      const discriminant = this.switchField(h.member, fields, uses);
      if (h.name !== null) {
        if (!discriminant || discriminant.name === h.name) continue;
        moved.add(h.name);
      }
      unions.push(this.alternatives(h.node, h.depth, discriminant, h.name));
    }
    const own = fields.filter((f) => !moved.has(f.name));
    const object = own.length || !unions.length ? [objectType(own)] : [];
    return intersection(...object, ...unions.map((u) => union(...u)));
  }

  /** Whether a member is nameless in C: no name, or a name a `cpp_quote` defines as nothing. */
  private nameless(m: AggregateMember): Aggregate | null {
    const t = m.specifiers.type;
    if (!isInlineAggregate(t)) return null;
    if (m.name === null) return t;
    const empty = this.library.namelessNames.has(m.name) || DUMMY_NAMES.test(m.name);
    return empty && m.declarator.prefix.length === 0 && m.declarator.suffixes.length === 0 ? t : null;
  }

  /** The field a `[switch_is(field)]` names, when it is one of the structure's fields: the union's discriminant. */
  private switchField(m: AggregateMember, fields: readonly TsMember[], uses: ReadonlyMap<string, TypeUse>): Discriminant | null {
    const arg = m.attributes.find((a) => a.name === 'switch_is')?.arguments?.[0];
    if (!arg || arg.kind !== 'name') return null;
    const field = fields.find((f) => f.name === arg.name);
    const use = uses.get(arg.name);
    return field && use ? { name: field.name, type: field.type, use } : null;
  }

  /** The union a named `[switch_is]` member holds, in place or through a typedef (not through a pointer). */
  private switchedUnion(m: AggregateMember): Aggregate | null {
    if (m.name === null || !m.attributes.some((a) => a.name === 'switch_is')) return null;
    const t = m.specifiers.type;
    if (t.kind === 'union' && t.members !== null) return m.declarator.prefix.length === 0 && m.declarator.suffixes.length === 0 ? t : null;
    const use = typeUse(m.specifiers, m.declarator, m.attributes);
    if (use.pointers || use.arrays.length) return null;
    const r = this.resolveUse(use);
    return r.pointers === 0 && r.node?.kind === 'union' && r.node.members !== null ? r.node : null;
  }

  /**
   * A structure's own fields (nameless structures' fields included), their IDL uses, and the unions it holds:
   * the nameless ones flattened into it, and the named `[switch_is]` ones.
   */
  private structShape(node: Aggregate, depth: number): { fields: TsMember[]; uses: Map<string, TypeUse>; held: HeldUnion[] } {
    const fields: TsMember[] = [];
    const uses = new Map<string, TypeUse>();
    const held: HeldUnion[] = [];
    for (const m of aggregateMembers(node)) {
      const inner = this.nameless(m);
      if (inner && inner.kind === 'struct') {
        const s = this.structShape(inner, depth + 1);
        fields.push(...s.fields);
        for (const [name, use] of s.uses) if (!uses.has(name)) uses.set(name, use);
        held.push(...s.held);
      } else if (inner) held.push({ member: m, node: inner, name: null, depth: depth + 1 });
      else if (m.name !== null) {
        const use = typeUse(m.specifiers, m.declarator, m.attributes);
        fields.push({ name: m.name, optional: false, type: this.typeOf(use) });
        if (!uses.has(m.name)) uses.set(m.name, use);
        const switched = this.switchedUnion(m);
        if (switched) held.push({ member: m, node: switched, name: m.name, depth: depth + 1 });
      }
    }
    return { fields, uses, held };
  }

  /**
   * A union's alternatives, one object each (a nameless member's own, flattened). With a discriminant (the
   * structure field a `[switch_is]` names, or an encapsulated union's switch) each arm carries its value:
   * `{ ulKind: 1; propid: PROPID }`, `{ varkind: VARKIND.VAR_CONST; lpvarValue: VARIANT | null }`; a
   * `[default]` arm every other value (`Exclude<VARKIND, ...>` for an enum). An arm without a field
   * (`[default] ;`) is kept, holding none of the other arms' members (`{ hBitmap?: never; ... }`). `wrap`
   * names the member that holds the union when it is not flattened (`{ eKind: ...; uGuid: { guid: GUID } }`).
   */
  private alternatives(node: Aggregate, depth: number, discriminant: Discriminant | null = null, wrap: string | null = null): TsType[] {
    const arms = this.arms(node, depth);
    if (node.kind === 'encapsulated-union') discriminant = { name: node.switchName, type: this.typeOf(typeUse(node.switchType, null)), use: typeUse(node.switchType, null) };
    const cases = discriminant ? arms.map((a) => (a.labels && !a.labels.includes(null) ? this.caseType(discriminant, a.labels) : null)) : [];
    const exact = cases.filter((c): c is CaseType => c !== null);
    const otherwise = discriminant && exact.length && exact.every((c) => c.exact) && this.enumOf(discriminant.use)
      ? reference(globalSymbols.Exclude, discriminant.type, union(...exact.map((c) => c.type)))
      : discriminant?.type;
    const named = [...new Set(arms.flatMap((a) => a.members.map((m) => m.name)))];
    const out: TsType[] = [];
    arms.forEach((arm, i) => {
      const members = arm.members.length || arm.nested.length ? arm.members : named.map((name): TsMember => ({ name, optional: true, type: tsNever }));
      const objects = arm.nested.length ? arm.nested : [objectType(members)];
      for (const o of objects) {
        const held = wrap === null ? (o.kind === 'object' ? o.members : []) : [{ name: wrap, optional: false, type: o }];
        const tag: TsMember[] = discriminant && arm.labels ? [{ name: discriminant.name, optional: false, type: cases[i]?.type ?? otherwise ?? discriminant.type }] : [];
        out.push(wrap === null && o.kind !== 'object' ? o : objectType([...tag, ...held]));
      }
    });
    return out.length ? out : [emptyRecord];
  }

  /**
   * A union's arms in order: each named member with its `[case]` labels (null for `[default]`; no labels
   * without either), each arm without a field, and the alternatives of a nameless member (`nested`).
   */
  private arms(node: Aggregate, depth: number): UnionArm[] {
    if (node.kind === 'encapsulated-union') {
      return node.arms.map((arm) => ({
        labels: arm.labels,
        nested: [],
        members: arm.field.specifiers
          ? arm.field.declarators.flatMap(({ declarator }) => {
              const name = declarator.name ?? declarator.nested?.name;
              return name ? [{ name, optional: false, type: this.typeOf(typeUse(arm.field.specifiers!, declarator, arm.field.attributes)) }] : [];
            })
          : [],
      }));
    }
    const labelsOf = (attributes: readonly Attribute[]): (Expression | null)[] | null => {
      const c = attributes.find((a) => a.name === 'case');
      if (c) return (c.arguments ?? []).map((l) => (l === null || l.kind === 'uuid' || l.kind === 'type' ? null : l));
      return attributes.some((a) => a.name === 'default') ? [null] : null;
    };
    // Each named member is an arm; arms are kept by the field line they come from, to be put in source order.
    const byField = new Map<readonly Attribute[], UnionArm[]>();
    const add = (attributes: readonly Attribute[], arm: UnionArm) => byField.set(attributes, [...(byField.get(attributes) ?? []), arm]);
    for (const m of aggregateMembers(node)) {
      const inner = this.nameless(m);
      if (inner) {
        const t = this.aggregateType(inner, depth + 1);
        add(m.attributes, { labels: null, members: [], nested: t.kind === 'union' ? t.types : [t] });
      } else if (m.name !== null) {
        add(m.attributes, { labels: labelsOf(m.attributes), members: [{ name: m.name, optional: false, type: this.typeOf(typeUse(m.specifiers, m.declarator, m.attributes)) }], nested: [] });
      }
    }
    // In source order, the arms without a field (`[default] ;`) among them.
    const out: UnionArm[] = [];
    for (const m of node.members ?? []) {
      if (m.kind !== 'field') continue;
      if (m.specifiers) out.push(...(byField.get(m.attributes) ?? []));
      else out.push({ labels: labelsOf(m.attributes), members: [], nested: [] });
    }
    return out;
  }

  /** The type of a `[case]` arm's discriminant: its values as literals, or the enum's members; exact when so. */
  private caseType(discriminant: Discriminant, labels: readonly (Expression | null)[]): CaseType {
    const constants = scopeTypes(this.library.scope).constants;
    const values = labels.map((l) => (l === null ? undefined : constants.evaluate(l)));
    const integers = values.every((v): v is bigint => typeof v === 'bigint' && v >= BigInt(-Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER));
    if (!integers || !values.length) return { type: discriminant.type, exact: false };
    const e = this.enumOf(discriminant.use);
    if (!e) return { type: union(...values.map((v) => literalType(Number(v)))), exact: true };
    // A number literal and an enum type have no value in common (`VARKIND & 2` is never): the enum's members.
    const keys = values.map((v) => e.keys.get(BigInt.asIntN(32, v)));
    if (keys.some((k) => k === undefined)) return { type: discriminant.type, exact: false };
    return { type: union(...[...new Set(keys as string[])].map((k) => enumMemberType(e.symbol, k))), exact: true };
  }

  /** The TypeScript enum a use is of (not through a pointer), with its members' keys by value. */
  private enumOf(use: TypeUse): { symbol: TsSymbol; keys: Map<bigint, string> } | null {
    const r = this.resolveUse(use);
    if (r.kind !== 'enum' || r.pointers !== 0 || r.node?.kind !== 'enum') return null;
    const name = this.library.aggregateNames.get(r.node);
    const d = name === undefined ? undefined : this.lookup(name);
    const symbol = d?.kind === 'enum' ? this.symbolOf(d.name) : null;
    if (!symbol || d?.kind !== 'enum') return null;
    const keys = new Map<bigint, string>();
    for (const [member, value] of scopeTypes(this.library.scope).constants.enumValues(d.node)) {
      const v = BigInt.asIntN(32, value);
      if (!keys.has(v)) keys.set(v, enumMemberKey(member));
    }
    return { symbol, keys };
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
        if (m !== 'value') found = true;
      }
    }
    this.itfInside.set(name, found);
    return found;
  }

  /**
   * How a value of this use crosses a channel: a `Marshal` (layout.ts in the runtime). `parameters` names
   * the method's parameters for `iid_is`.
   */
  marshalOf(use: TypeUse, parameters: readonly string[]): Marshal {
    const iidIs = use.attributes.find((a) => a.name === 'iid_is');
    const r = this.resolveUse(use);
    if (iidIs) {
      const arg = iidIs.arguments?.[0];
      const index = arg && arg.kind === 'name' ? parameters.indexOf(arg.name) : -1;
      if (index >= 0) return { iidIs: index };
      return { itf: 'IUnknown' };
    }
    const sized = use.attributes.some((a) => sizeAttributes.has(a.name)) || use.arrays.length > 0;
    if (r.kind === 'interface' && r.pointers === 1 + (sized ? 1 : 0)) {
      const itf = { itf: this.interfaceKey(r.name) };
      return sized ? { array: itf } : itf;
    }
    if (r.kind === 'struct' && r.pointers <= 1 + (sized ? 1 : 0) && this.structHasInterfaces(r.name)) {
      const s = { struct: r.name };
      return sized ? { array: s } : s;
    }
    // A runtime class travels as its default interface (an instantiation as IUnknown, as instantiations do).
    const t = use.specifiers.type;
    const preferred = r.kind === 'unknown' && t.kind === 'type-name' ? this.defaultInterface(t.name) : null;
    if (preferred && r.pointers === 1 + (sized ? 1 : 0)) {
      const itf = { itf: preferred.type.typeArguments ? 'IUnknown' : this.interfaceKey(preferred.qualified) };
      return sized ? { array: itf } : itf;
    }
    if (r.kind === 'void' && r.pointers >= 1) return 'opaque';
    if (r.kind === 'unknown' && r.pointers >= 1) return 'opaque';
    return 'value';
  }

  /** The vtable key of an interface pointer's target; interfaces without a vtable here travel as IUnknown. */
  interfaceKey(name: string): string {
    this.withVtable ??= new Set(this.library.interfaces.map((i) => i.name));
    return this.withVtable.has(name) ? name : 'IUnknown';
  }

  private withVtable: Set<string> | undefined;

  /** The C type with typedefs expanded: `unsigned long`, `MAPIERROR**`, `IMAPIProgress*`. */
  canonical(use: TypeUse): string {
    return this.c.canonical(use);
  }

  /** A structure field's C type, fixed array sizes computed (`unsigned long[4][2]`), as its layout has them. */
  fieldCanonical(use: TypeUse): string {
    const constants = scopeTypes(this.library.scope).constants;
    return this.c.canonical(use, { arraySize: (e) => constants.integer(e) });
  }

  /**
   * The zero value of a field or variable of this use, as a literal; `noZero` when it is too large to build
   * when the package is imported: more than `MAX_ZERO_BYTES` bytes of byte arrays, or more than
   * `MAX_ZERO_VALUES` values in all (`BYTE b[0x7fffffffff]` could not be built at all, and arrays of
   * structures holding arrays multiply).
   */
  zeroOf(use: TypeUse): Literal | typeof noZero {
    const zero = this.sizedZero(use, 0);
    return zero === noZero || zero.bytes > MAX_ZERO_BYTES || zero.values > MAX_ZERO_VALUES ? noZero : zero.value;
  }

  /** A zero value with its size: bytes of byte arrays, and values (numbers, strings, arrays, objects...). */
  private sizedZero(use: TypeUse, depth: number): SizedZero | typeof noZero {
    const base = this.resolveSpecifiers(use.specifiers);
    if (use.arrays.length) {
      const size = use.arrays[0];
      const n = size && size !== '*' ? (scopeTypes(this.library.scope).constants.integer(size) ?? 0) : 0;
      const rest = { ...use, arrays: use.arrays.slice(1) };
      if (use.arrays.length === 1 && use.pointers === 0 && base.pointers === 0) {
        if (base.byte) return Number.isSafeInteger(n) && n >= 0 && n <= MAX_ZERO_BYTES ? { value: construct(globalSymbols.Uint8Array, n), bytes: n, values: 1 } : noZero;
        if (base.kind === 'char' || base.kind === 'wchar') return { value: '', bytes: 0, values: 1 };
      }
      if (!Number.isFinite(n) || n <= 0 || n > 256) return { value: [], bytes: 0, values: 1 };
      const element = this.sizedZero(rest, depth + 1);
      if (element === noZero || element.bytes * n > MAX_ZERO_BYTES || element.values * n > MAX_ZERO_VALUES) return noZero;
      return { value: Array.from({ length: n }, () => element.value), bytes: element.bytes * n, values: element.values * n + 1 };
    }
    const r = this.resolveUse(use);
    const scalar = (value: Literal): SizedZero => ({ value, bytes: 0, values: 1 });
    if (r.pointers > 0) return scalar(null);
    switch (r.kind) {
      case 'int': case 'float': case 'char': case 'wchar': case 'enum': return scalar(0);
      case 'int64': return scalar(0n);
      case 'bool': return scalar(false);
      case 'guid': return scalar('00000000-0000-0000-0000-000000000000');
      case 'struct': {
        const t = use.specifiers.type;
        const d = this.lookup(r.name);
        const node = d?.kind === 'struct' ? d.node : isInlineAggregate(t) ? t : null;
        if (!node || depth > 8) return scalar({});
        const fields = aggregateFields(node).filter((f) => !f.optional);
        const entries: [string, Literal][] = [];
        let bytes = 0;
        let values = 1;
        for (const f of fields) {
          const z = this.sizedZero(typeUse(f.specifiers, f.declarator, f.attributes), depth + 1);
          if (z === noZero) return noZero;
          entries.push([f.name, z.value]);
          bytes += z.bytes;
          values += z.values;
          if (bytes > MAX_ZERO_BYTES || values > MAX_ZERO_VALUES) return noZero;
        }
        return { value: Object.fromEntries(entries) as LiteralObject, bytes, values };
      }
      default:
        return scalar(null);
    }
  }
}
