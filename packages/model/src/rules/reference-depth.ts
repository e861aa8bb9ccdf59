/**
 * M014 reference-depth: chains of references longer than `MAX_REFERENCE_DEPTH` (typedefs naming typedefs,
 * constants whose values name constants, structures holding structures by value), and constants whose
 * evaluation would nest expressions more than `MAX_EVALUATION_DEPTH` deep. The ABI follows such chains one
 * call per step and stops at the limit (a type resolves to unknown, a value to none, a layout to an error);
 * this says where, once per chain: at the declaration that first goes past the limit. Depths are computed
 * with a stack of their own and remembered, so each declaration is visited once.
 */
import type { Declarator, Diagnostic, EnumType, Expression, Span } from '@comidl/parser';
import { aggregateMembers, CTypes, typeUse, type Aggregate } from '../abi/c-types';
import type { AggregateNode } from '../declaration-index';
import { MAX_EVALUATION_DEPTH, MAX_REFERENCE_DEPTH } from '../limits';
import type { Scope } from '../scope';
import type { TypeSymbol } from '../types';
import { diagnostic, type Rule } from './rule';

/**
 * The depth of every node reached from `start` (1 + the deepest successor's, a leaf is `weight` deep), by a
 * depth-first walk with a stack of its own; a node met again while it is being walked (a cycle, another rule's
 * business) counts nothing. Depths are remembered in `memo`, capped at `cap` so that numbers stay small.
 */
function depthOf<K>(start: K, successors: (k: K) => readonly K[], weight: (k: K) => number, memo: Map<K, number>, cap: number): number {
  const known = memo.get(start);
  if (known !== undefined) return known;
  const active = new Set<K>([start]);
  const stack = [{ node: start, next: successors(start), at: 0, deepest: 0 }];
  let result = 0;
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.at < top.next.length) {
      const n = top.next[top.at++];
      const d = memo.get(n);
      if (d !== undefined) top.deepest = Math.max(top.deepest, d);
      else if (!active.has(n)) {
        active.add(n);
        stack.push({ node: n, next: successors(n), at: 0, deepest: 0 });
      }
      continue;
    }
    stack.pop();
    active.delete(top.node);
    result = Math.min(cap, top.deepest + weight(top.node));
    memo.set(top.node, result);
    if (stack.length) stack[stack.length - 1].deepest = Math.max(stack[stack.length - 1].deepest, result);
  }
  return result;
}

/** The names an expression refers to, and its depth (a leaf is 1), without recursion. */
function namesIn(e: Expression): { names: string[]; depth: number } {
  const names: string[] = [];
  let depth = 0;
  const stack: [Expression, number][] = [[e, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (d > depth) depth = d;
    switch (x.kind) {
      case 'name':
        names.push(x.name);
        break;
      case 'unary':
      case 'cast':
        stack.push([x.operand, d + 1]);
        break;
      case 'paren':
        stack.push([x.expression, d + 1]);
        break;
      case 'binary':
        stack.push([x.left, d + 1], [x.right, d + 1]);
        break;
      case 'conditional':
        stack.push([x.condition, d + 1], [x.whenTrue, d + 1], [x.whenFalse, d + 1]);
        break;
      case 'member':
        stack.push([x.object, d + 1]);
        break;
      case 'index':
        stack.push([x.object, d + 1], [x.index, d + 1]);
        break;
      default:
        break;
    }
  }
  return { names, depth };
}

function typedefChains(scope: Scope, own: Iterable<[string, TypeSymbol]>, report: (span: Span, message: string, context: string) => void): void {
  const memo = new Map<TypeSymbol, number>();
  const next = (s: TypeSymbol): TypeSymbol[] => {
    if (s.kind !== 'typedef') return [];
    const t = s.declaration.specifiers.type;
    const target = t.kind === 'type-name' ? scope.type(t.name) : undefined;
    return target?.kind === 'typedef' ? [target] : [];
  };
  for (const [, symbol] of own) {
    if (symbol.kind !== 'typedef') continue;
    if (depthOf(symbol, next, () => 1, memo, MAX_REFERENCE_DEPTH + 1) <= MAX_REFERENCE_DEPTH) continue;
    if (next(symbol).some((n) => (memo.get(n) ?? 0) > MAX_REFERENCE_DEPTH)) continue;
    const declarator: Declarator | undefined = symbol.declaration.declarators[symbol.index];
    report(declarator?.span ?? symbol.declaration.span, `typedef ${symbol.name} names typedefs more than ${MAX_REFERENCE_DEPTH} deep`, `typedef ${symbol.name}`);
  }
}

function constantChains(
  scope: Scope,
  own: { name: string; value: Expression | null; span: Span; enumNode: EnumType | null }[],
  report: (span: Span, message: string, context: string) => void,
): void {
  const exprs = new Map<string, { names: string[]; depth: number }>();
  const enumNames = new Map<EnumType, { names: string[]; depth: number }>();
  const info = (name: string): { names: string[]; depth: number } => {
    let found = exprs.get(name);
    if (found) return found;
    const declaration = scope.constant(name)?.declaration;
    if (declaration) found = namesIn(declaration.value);
    else {
      // An enum member's value is computed with its whole enum; names of the enum's own members add nothing.
      const e = scope.enumOfMember(name);
      if (e) {
        let all = enumNames.get(e);
        if (!all) {
          const members = new Set((e.members ?? []).map((m) => m.name));
          const names: string[] = [];
          let depth = 1;
          for (const m of e.members ?? []) {
            if (!m.value) continue;
            const x = namesIn(m.value);
            depth = Math.max(depth, x.depth);
            for (const n of x.names) if (!members.has(n)) names.push(n);
          }
          all = { names, depth };
          enumNames.set(e, all);
        }
        found = all;
      } else found = { names: [], depth: 0 };
    }
    exprs.set(name, found);
    return found;
  };
  const references = new Map<string, number>();
  const evaluations = new Map<string, number>();
  // An enum's members share its values' references: it is reported once.
  const reported = new Set<EnumType>();
  for (const c of own) {
    if (c.enumNode && reported.has(c.enumNode)) continue;
    const chain = depthOf(c.name, (n) => info(n).names, () => 1, references, MAX_REFERENCE_DEPTH + 1);
    const nested = depthOf(c.name, (n) => info(n).names, (n) => info(n).depth, evaluations, MAX_EVALUATION_DEPTH + 1);
    const what = c.enumNode ? `enum member ${c.name}` : `constant ${c.name}`;
    const context = c.enumNode ? (c.enumNode.name ? `enum ${c.enumNode.name}` : what) : `const ${c.name}`;
    const names = info(c.name).names;
    let message: string | undefined;
    if (chain > MAX_REFERENCE_DEPTH && !names.some((n) => (references.get(n) ?? 0) > MAX_REFERENCE_DEPTH)) {
      message = `${what} names constants more than ${MAX_REFERENCE_DEPTH} deep; its value is not computed`;
    } else if (chain <= MAX_REFERENCE_DEPTH && nested > MAX_EVALUATION_DEPTH && !names.some((n) => (evaluations.get(n) ?? 0) > MAX_EVALUATION_DEPTH)) {
      message = `${what}: its value and those it names nest expressions more than ${MAX_EVALUATION_DEPTH} deep; it is not computed`;
    }
    if (message === undefined) continue;
    report(c.span, message, context);
    if (c.enumNode) reported.add(c.enumNode);
  }
}

function structureChains(scope: Scope, own: Iterable<AggregateNode>, report: (span: Span, message: string, context: string) => void): void {
  const types = new CTypes(scope);
  const memo = new Map<Aggregate, number>();
  const held = (node: Aggregate): Aggregate[] => {
    const out: Aggregate[] = [];
    for (const f of aggregateMembers(node)) {
      if (f.name === null) {
        out.push(f.specifiers.type);
        continue;
      }
      const r = types.resolveUse({ ...typeUse(f.specifiers, f.declarator, f.attributes), arrays: [] });
      if (r.pointers === 0 && r.node && r.node.kind !== 'enum') out.push(r.node);
    }
    return out;
  };
  for (const node of own) {
    if (node.kind === 'enum' || (node.kind !== 'encapsulated-union' && node.members === null)) continue;
    if (depthOf(node, held, () => 1, memo, MAX_REFERENCE_DEPTH + 1) <= MAX_REFERENCE_DEPTH) continue;
    if (held(node).some((n) => (memo.get(n) ?? 0) > MAX_REFERENCE_DEPTH)) continue;
    const name = types.aggregateName(node) || 'an anonymous structure';
    report(node.span, `${name} holds structures by value more than ${MAX_REFERENCE_DEPTH} deep; it has no layout`, `${node.kind === 'union' ? 'union' : 'struct'} ${name}`);
  }
}

export const referenceDepth: Rule = {
  code: 'M014',
  id: 'reference-depth',
  check({ index, scope }) {
    const out: Diagnostic[] = [];
    const report = (span: Span, message: string, context: string) => out.push(diagnostic(referenceDepth, span, message, context));
    typedefChains(scope, index.types, report);
    const constants: { name: string; value: Expression | null; span: Span; enumNode: EnumType | null }[] = [];
    for (const c of index.constants.values()) {
      if (c.declaration) constants.push({ name: c.name, value: c.declaration.value, span: c.declaration.span, enumNode: null });
    }
    // Each enum once, its members in order (the first enum declaring a name owns it, as in C).
    const enums = new Set(index.enumMembers.values());
    for (const e of enums) {
      for (const m of e.members ?? []) {
        if (index.enumMembers.get(m.name) === e) constants.push({ name: m.name, value: m.value, span: m.span, enumNode: e });
      }
    }
    constantChains(scope, constants, report);
    const aggregates = new Set<AggregateNode>(index.aggregateNames.keys());
    for (const symbol of index.tags.values()) if (symbol.kind === 'struct' || symbol.kind === 'union') aggregates.add(symbol.declaration);
    structureChains(scope, aggregates, report);
    return out;
  },
};
