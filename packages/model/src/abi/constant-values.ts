/**
 * The values of constants and enum members as one file's scope sees them, each evaluated once: what array
 * sizes in structure layouts and enum values in the ABI are computed from.
 */
import type { EnumType, Expression } from '@comidl/parser';
import { MAX_REFERENCE_DEPTH } from '../limits';
import type { Scope } from '../scope';
import { evaluate, type ConstantValue } from './constant-evaluator';

export class ConstantValues {
  private readonly values = new Map<string, ConstantValue | null>();
  private readonly enums = new Map<EnumType, Map<string, bigint>>();
  /** Values being computed: a chain of constants past `MAX_REFERENCE_DEPTH` has none (and is an M014). */
  private depth = 0;

  constructor(readonly scope: Scope) {}

  /** Whether a name is a type (what a cast can name). */
  readonly isType = (name: string): boolean => {
    const kind = this.scope.type(name)?.kind;
    return kind !== undefined && kind !== 'coclass' && kind !== 'runtimeclass' && kind !== 'apicontract';
  };

  /** The value of a constant or enum member, or undefined when it has none that can be computed. */
  value(name: string): ConstantValue | undefined {
    if (this.values.has(name)) return this.values.get(name) ?? undefined;
    if (this.depth >= MAX_REFERENCE_DEPTH) return undefined;
    this.values.set(name, null); // cycle guard
    let v: ConstantValue | undefined;
    this.depth++;
    try {
      const declaration = this.scope.constant(name)?.declaration;
      if (declaration) v = evaluate(declaration.value, (n) => this.value(n), this.isType);
      else {
        const e = this.scope.enumOfMember(name);
        if (e) v = this.enumValues(e).get(name);
      }
    } finally {
      this.depth--;
    }
    this.values.set(name, v ?? null);
    return v;
  }

  /** The value of an expression in this scope. */
  evaluate(e: Expression): ConstantValue | undefined {
    return evaluate(e, (n) => this.value(n), this.isType);
  }

  /** An integer expression's value as a number, when it is one (array sizes). */
  integer(e: Expression): number | undefined {
    const v = this.evaluate(e);
    return typeof v === 'bigint' && v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
  }

  /** An enum's members with their values: given, or one more than the previous member's. */
  enumValues(node: EnumType): Map<string, bigint> {
    const cached = this.enums.get(node);
    if (cached) return cached;
    const out = new Map<string, bigint>();
    this.enums.set(node, out);
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
