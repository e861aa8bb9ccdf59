/** Constant and enum member values of a library, evaluated on demand across modules, each once. */
import { evaluate, type ConstantValue } from '@comidl/model';
import type { Library, LibraryDeclaration } from './library';

export class ConstantTable {
  private readonly values = new Map<string, ConstantValue | null>();
  constructor(private readonly library: Library) {}

  /** Whether a name is one of the library's types (what a cast can name). */
  readonly isType = (name: string): boolean => {
    const kind = this.library.symbols.get(name)?.declaration.kind;
    return kind === 'alias' || kind === 'struct' || kind === 'enum' || kind === 'interface' || kind === 'opaque-interface';
  };

  /** The value of a constant or enum member, or undefined when it has none we can compute. */
  value(name: string): ConstantValue | undefined {
    if (this.values.has(name)) return this.values.get(name) ?? undefined;
    this.values.set(name, null); // cycle guard
    let v: ConstantValue | undefined;
    const d = this.library.symbols.get(name)?.declaration;
    if (d?.kind === 'const') v = evaluate(d.node.value, (n) => this.value(n), this.isType);
    else {
      const member = this.library.enumMembers.get(name);
      const e = member && this.library.symbols.get(member.enumName)?.declaration;
      if (e?.kind === 'enum') v = this.enumValues(e.node).get(name);
    }
    this.values.set(name, v ?? null);
    return v;
  }

  /** An enum's members with their values: given, or one more than the previous member's. */
  enumValues(node: Extract<LibraryDeclaration, { kind: 'enum' }>['node']): Map<string, bigint> {
    const out = new Map<string, bigint>();
    let next = 0n;
    for (const m of node.members ?? []) {
      let v = next;
      if (m.value) {
        const e = evaluate(m.value, (n) => (out.has(n) ? out.get(n) : this.value(n)), this.isType);
        if (typeof e === 'bigint') v = e;
        else if (typeof e === 'number') v = BigInt(Math.trunc(e));
      }
      out.set(m.name, v);
      next = v + 1n;
    }
    return out;
  }
}
