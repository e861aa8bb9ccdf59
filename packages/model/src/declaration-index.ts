/**
 * The declarations one file makes, indexed once: type names, tags, interfaces, constants. WinRT declarations
 * inside `namespace A.B { ... }` are indexed under their qualified names.
 */
import type {
  Attribute,
  DelegateDeclaration,
  DispinterfaceDeclaration,
  IdlFile,
  InterfaceDeclaration,
  Statement,
  TypeSpecifier,
  DeclareBlock,
  StructMember,
  StructType,
  UnionType,
  EncapsulatedUnionType,
  EnumType,
  Declarator,
} from '@comidl/parser';
import { hasAttribute } from './attributes';
import type { ConstantSymbol, TypeSymbol } from './types';

export type AggregateNode = StructType | UnionType | EncapsulatedUnionType | EnumType;

export type InterfaceLike = InterfaceDeclaration | DispinterfaceDeclaration | DelegateDeclaration;

export interface InterfaceEntry {
  name: string;
  namespace: string;
  declaration: InterfaceLike;
  /** true when it has a body (not a forward declaration). */
  defined: boolean;
}

export interface DeclareEntry {
  namespace: string;
  block: DeclareBlock;
}

export class DeclarationIndex {
  readonly types = new Map<string, TypeSymbol>();
  readonly tags = new Map<string, TypeSymbol>();
  /** Qualified names of the enums declared `[flags]` (their WinRT signature says `u4`). */
  readonly flagsEnums = new Set<string>();
  readonly constants = new Map<string, ConstantSymbol>();
  /** Interface definitions and forward declarations, in source order. */
  readonly interfaces: InterfaceEntry[] = [];
  readonly interfacesByName = new Map<string, InterfaceEntry>();
  readonly declares: DeclareEntry[] = [];
  /**
   * The name each structure, union and enum defined here is known by in C: the first plain declarator of the
   * typedef that defines it (`typedef struct _MAPIERROR {...} MAPIERROR, *LPMAPIERROR` -> `MAPIERROR`), else
   * its tag (`struct tagX {...};` -> `tagX`). Anonymous ones nested in a structure have none.
   */
  readonly aggregateNames = new Map<AggregateNode, string>();
  /**
   * The packing in effect where each structure or union was defined, on 64-bit and on 32-bit Windows, when
   * one was set (`#pragma pack(2)`, `#pragma pack(push, 8)`, or `cpp_quote("#include <pshpack8.h>")` as
   * Wine's IDL writes it, also inside `cpp_quote("#ifdef _WIN64")` branches): fields are aligned to at most
   * that many bytes. Absent, or null for a pointer size: natural alignment.
   */
  readonly packs = new Map<AggregateNode, { 8: number | null; 4: number | null }>();
  /** The packing state while statements are read in order, per pointer size, and the quoted #if nesting. */
  private readonly pack = { 8: new PackState(), 4: new PackState(), conditions: [] as { holds: (pointerSize: 4 | 8) => boolean; inElse: boolean }[] };
  /** Enum members -> the enum that declares them (the first one, as in C). */
  readonly enumMembers = new Map<string, EnumType>();

  constructor(readonly file: string) {}

  static of(ast: IdlFile): DeclarationIndex {
    const index = new DeclarationIndex(ast.file);
    index.addStatements(ast.statements, '');
    return index;
  }

  private qualify(namespace: string, name: string): string {
    return namespace && !name.includes('.') ? `${namespace}.${name}` : name;
  }

  private addStatements(statements: Statement[], namespace: string): void {
    for (const s of statements) this.addStatement(s, namespace);
  }

  private addStatement(s: Statement, namespace: string): void {
    const file = s.kind === 'declare' ? this.file : s.span.file;
    switch (s.kind) {
      case 'namespace':
        this.addStatements(s.statements, this.qualify(namespace, s.name));
        return;
      case 'library':
        this.addStatements(s.statements, namespace);
        return;
      case 'module':
        for (const m of s.members) if (m.kind === 'const') this.addConstant(m.name, file, m);
        return;
      case 'interface':
      case 'dispinterface':
      case 'delegate': {
        const name = this.qualify(namespace, s.name);
        const defined = s.kind === 'delegate' || (s.kind === 'interface' ? s.members !== null : s.body !== null);
        const entry: InterfaceEntry = { name, namespace, declaration: s, defined };
        this.interfaces.push(entry);
        const existing = this.interfacesByName.get(name);
        if (!existing || (defined && !existing.defined)) this.interfacesByName.set(name, entry);
        if (!this.types.has(name) || defined) this.types.set(name, { kind: s.kind, name, declaration: s, file });
        if (s.kind === 'interface' && s.members) {
          for (const m of s.members) {
            if (m.kind === 'typedef' || m.kind === 'const' || m.kind === 'declaration') this.addStatement(m, namespace);
          }
        }
        return;
      }
      case 'coclass':
      case 'runtimeclass': {
        const name = this.qualify(namespace, s.name);
        this.types.set(name, { kind: s.kind, name, declaration: s, file });
        return;
      }
      case 'apicontract': {
        const name = this.qualify(namespace, s.name);
        this.types.set(name, { kind: 'apicontract', name, file });
        return;
      }
      case 'typedef':
        this.noteFlags(s.attributes, s.specifiers.type, namespace);
        this.addTypeSpecifier(s.specifiers.type, namespace, file);
        this.nameAggregate(s.specifiers.type, s.declarators.find(isPlain)?.name ?? null);
        s.names.forEach((n, i) => {
          if (n) this.types.set(this.qualify(namespace, n), { kind: 'typedef', name: n, declaration: s, index: i, file });
        });
        return;
      case 'const':
        this.addConstant(s.name, file, s);
        return;
      case 'declaration':
        this.noteFlags(s.attributes, s.specifiers.type, namespace);
        this.addTypeSpecifier(s.specifiers.type, namespace, file);
        this.nameAggregate(s.specifiers.type, null);
        return;
      case 'declare':
        this.declares.push({ namespace, block: s });
        return;
      case 'pragma':
        this.readPack(s.text);
        return;
      case 'cpp-quote':
        this.readPack(s.text);
        return;
      default:
        return;
    }
  }

  /** A defined structure, union or enum takes `name`, else its tag; the first name given stays. */
  private nameAggregate(t: TypeSpecifier, name: string | null): void {
    const defined = t.kind === 'encapsulated-union' || ((t.kind === 'struct' || t.kind === 'union' || t.kind === 'enum') && t.members !== null);
    if (!defined || this.aggregateNames.has(t)) return;
    const chosen = name ?? t.name;
    if (chosen) this.aggregateNames.set(t, chosen);
  }

  private noteFlags(attributes: readonly Attribute[], t: TypeSpecifier, namespace: string): void {
    if (t.kind === 'enum' && t.name && t.members && hasAttribute(attributes, 'flags')) this.flagsEnums.add(this.qualify(namespace, t.name));
  }

  private addConstant(name: string, file: string, declaration: ConstantSymbol['declaration']): void {
    if (name) this.constants.set(name, { name, file, declaration });
  }

  /**
   * Follows `#pragma pack` lines and Wine's `#include <pshpackN.h>` / `<poppack.h>` in cpp_quote, and the
   * quoted `#ifdef _WIN64` / `#else` / `#endif` around them: each pointer size takes the branches that hold
   * for it (a condition on anything else holds for both).
   */
  private readPack(text: string): void {
    const conditions = this.pack.conditions;
    const directive = /^\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b(.*)$/.exec(text);
    if (directive) {
      const [, keyword, rest] = directive;
      if (keyword === 'endif') conditions.pop();
      else if (keyword === 'else' || keyword === 'elif') {
        const top = conditions[conditions.length - 1];
        if (top) top.inElse = true;
      } else conditions.push({ holds: win64Condition(keyword, rest), inElse: false });
      return;
    }
    const change = packChange(text);
    if (!change) return;
    for (const size of [8, 4] as const) {
      if (conditions.every((c) => c.holds(size) !== c.inElse)) this.pack[size].apply(change);
    }
  }

  private addTypeSpecifier(t: TypeSpecifier, namespace: string, file: string): void {
    const [p8, p4] = [this.pack[8].current, this.pack[4].current];
    if ((p8 !== null || p4 !== null) && (t.kind === 'struct' || t.kind === 'union' || t.kind === 'encapsulated-union')) this.packs.set(t, { 8: p8, 4: p4 });
    switch (t.kind) {
      case 'struct':
      case 'union':
        if (t.members) {
          if (t.name) this.tags.set(`${t.kind} ${this.qualify(namespace, t.name)}`, { kind: t.kind, name: t.name, declaration: t, file });
          this.addMembers(t.members, namespace, file);
        }
        return;
      case 'encapsulated-union':
        if (t.name) this.tags.set(`union ${this.qualify(namespace, t.name)}`, { kind: 'union', name: t.name, declaration: t, file });
        for (const arm of t.arms) if (arm.field.specifiers) this.addTypeSpecifier(arm.field.specifiers.type, namespace, file);
        return;
      case 'enum':
        if (t.members) {
          if (t.name) this.tags.set(`enum ${this.qualify(namespace, t.name)}`, { kind: 'enum', name: t.name, declaration: t, file });
          for (const m of t.members) {
            this.addConstant(m.name, file, null);
            if (!this.enumMembers.has(m.name)) this.enumMembers.set(m.name, t);
          }
        }
        return;
      default:
        return;
    }
  }

  private addMembers(members: StructMember[], namespace: string, file: string): void {
    for (const m of members) if (m.kind === 'field' && m.specifiers) this.addTypeSpecifier(m.specifiers.type, namespace, file);
  }
}

/** A declarator that names the type itself: no pointer, no array, no parameter list. */
function isPlain(d: Declarator): boolean {
  return d.prefix.length === 0 && d.suffixes.length === 0 && d.name !== null;
}

/**
 * What a pragma line or a quoted C line does to the packing: push the current value, pop one, and/or set a
 * value (null: back to natural alignment). Undefined when the text is not about packing.
 */
export function packChange(text: string): { push: boolean; pop: boolean; value?: number | null } | undefined {
  const include = /^\s*#\s*include\s*<(pshpack([1248])|poppack)\.h>/.exec(text);
  if (include) return include[2] ? { push: true, pop: false, value: Number(include[2]) } : { push: false, pop: true };
  const pragma = /^\s*#\s*pragma\s+pack\s*\(([^)]*)\)/.exec(text);
  if (!pragma) return undefined;
  const args = pragma[1].split(',').map((a) => a.trim()).filter((a) => a !== '');
  const number = args.map((a) => /^\d+$/.test(a) ? Number(a) : NaN).find((n) => !Number.isNaN(n));
  if (args[0] === 'push') return { push: true, pop: false, ...(number !== undefined ? { value: number } : {}) };
  if (args[0] === 'pop') return { push: false, pop: true };
  if (args.length === 0) return { push: false, pop: false, value: null };
  return number !== undefined ? { push: false, pop: false, value: number } : undefined;
}

/** One pointer size's packing: the current value and the pushed ones. */
class PackState {
  current: number | null = null;
  private readonly stack: (number | null)[] = [];

  apply(change: NonNullable<ReturnType<typeof packChange>>): void {
    if (change.push) this.stack.push(this.current);
    if (change.pop) this.current = this.stack.length ? this.stack.pop()! : null;
    if (change.value !== undefined) this.current = change.value;
  }
}

/**
 * Whether a quoted `#ifdef`/`#ifndef`/`#if` holds for a pointer size: only `_WIN64` is told apart; any other
 * condition holds for both (its first branch is taken).
 */
function win64Condition(keyword: string, rest: string): (pointerSize: 4 | 8) => boolean {
  const e = rest.trim();
  const win64 = /^(defined\s*\(\s*_WIN64\s*\)|defined\s+_WIN64|_WIN64)$/;
  if ((keyword === 'ifdef' || keyword === 'if') && win64.test(e)) return (size) => size === 8;
  if (keyword === 'ifndef' && win64.test(e)) return (size) => size !== 8;
  if (keyword === 'if' && e.startsWith('!') && win64.test(e.slice(1).trim())) return (size) => size !== 8;
  return () => true;
}
