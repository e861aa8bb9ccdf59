/**
 * What one file can see: its own declarations and those of every file it imports, transitively. Names are
 * looked up innermost namespace first, as widl does for WinRT.
 */
import type { EnumType } from '@comidl/parser';
import type { AggregateNode, DeclarationIndex, InterfaceEntry } from './declaration-index';
import type { ConstantSymbol, TypeSymbol } from './types';

/** Types widl knows without any declaration. */
const builtinTypes = new Set(['handle_t', 'error_status_t']);

export class Scope {
  constructor(private readonly closure: readonly DeclarationIndex[]) {}

  /** Candidate qualified names for `name` used inside `namespace`, innermost first. */
  static candidates(name: string, namespace: string): string[] {
    const out: string[] = [];
    let ns = namespace;
    while (ns) {
      out.push(`${ns}.${name}`);
      const dot = ns.lastIndexOf('.');
      ns = dot < 0 ? '' : ns.slice(0, dot);
    }
    out.push(name);
    return out;
  }

  type(name: string, namespace = '', templateParameters: readonly string[] = []): TypeSymbol | undefined {
    if (templateParameters.includes(name)) return { kind: 'builtin', name, file: '' };
    if (builtinTypes.has(name)) return { kind: 'builtin', name, file: '' };
    for (const candidate of Scope.candidates(name, namespace)) {
      for (const index of this.closure) {
        const t = index.types.get(candidate);
        if (t) return t;
      }
    }
    return undefined;
  }

  /** The qualified name a type reference resolves to, or the name as written when unknown. */
  qualifiedTypeName(name: string, namespace: string): string {
    for (const candidate of Scope.candidates(name, namespace)) {
      for (const index of this.closure) if (index.types.has(candidate)) return candidate;
    }
    return name;
  }

  /** A struct or enum tag as `name` used inside `namespace` finds it: its symbol, qualified name and `[flags]`. */
  tag(kind: 'struct' | 'union' | 'enum', name: string, namespace = ''): { symbol: TypeSymbol; qualified: string; flags: boolean } | undefined {
    for (const candidate of Scope.candidates(name, namespace)) {
      for (const index of this.closure) {
        const symbol = index.tags.get(`${kind} ${candidate}`);
        if (symbol) return { symbol, qualified: candidate, flags: index.flagsEnums.has(candidate) };
      }
    }
    return undefined;
  }

  /** The defining entry of an interface (a definition wins over forward declarations). */
  interface(name: string, namespace = ''): InterfaceEntry | undefined {
    let forward: InterfaceEntry | undefined;
    for (const candidate of Scope.candidates(name, namespace)) {
      for (const index of this.closure) {
        const e = index.interfacesByName.get(candidate);
        if (e?.defined) return e;
        forward ??= e;
      }
      if (forward) return forward;
    }
    return forward;
  }

  constant(name: string): ConstantSymbol | undefined {
    for (const index of this.closure) {
      const c = index.constants.get(name);
      if (c) return c;
    }
    return undefined;
  }

  /** The name a defined structure, union or enum is known by (see `DeclarationIndex.aggregateNames`). */
  aggregateName(node: AggregateNode): string | undefined {
    for (const index of this.closure) {
      const name = index.aggregateNames.get(node);
      if (name !== undefined) return name;
    }
    return undefined;
  }

  /**
   * The packing in effect where a structure or union was defined, for a pointer size (8 by default: 64-bit
   * Windows); undefined for natural alignment.
   */
  packOf(node: AggregateNode, pointerSize: 4 | 8 = 8): number | undefined {
    for (const index of this.closure) {
      const pack = index.packs.get(node);
      if (pack !== undefined) return pack[pointerSize] ?? undefined;
    }
    return undefined;
  }

  /** The enum that declares a member, first in the closure. */
  enumOfMember(name: string): EnumType | undefined {
    for (const index of this.closure) {
      const e = index.enumMembers.get(name);
      if (e) return e;
    }
    return undefined;
  }
}
