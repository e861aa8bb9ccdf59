/**
 * M012 cyclic-typedef: a typedef may not name itself, directly or through other typedefs (`typedef A B;
 * typedef B A;`): such a type has no meaning in C, and the TypeScript alias of it would not compile.
 * Pointers and arrays do not break the loop (`typedef B *A; typedef A B;` is no type either); a structure,
 * union or enum does, since its tag names a type of its own.
 */
import type { TypedefDeclaration } from '@comidl/parser';
import type { Scope } from '../scope';
import type { TypeSymbol } from '../types';
import { diagnostic, walkingRule, type Rule } from './rule';

export const cyclicTypedef: Rule = walkingRule({
  code: 'M012',
  id: 'cyclic-typedef',
  visitor({ scope }, out) {
    // Per typedef declaration: the chain it starts when it loops back to it, else null. Each typedef is
    // followed once (memoized), so a file of n typedefs costs O(n) lookups.
    const loops = new Map<TypedefDeclaration, string[] | null>();
    return {
      statement(s, ctx) {
        if (s.kind !== 'typedef') return;
        const chain = loopOf(s, scope, ctx.namespace, loops);
        if (chain) out.push(diagnostic(cyclicTypedef, s.span, `typedef ${chain[0]} names itself: ${chain.join(' -> ')}`, ctx.context ?? `typedef ${chain[0]}`));
      },
    };
  },
});

/** The names of the loop `start` is on (`B -> A -> B`), or null when its chain of typedefs ends. */
function loopOf(start: TypedefDeclaration, scope: Scope, namespace: string, loops: Map<TypedefDeclaration, string[] | null>): string[] | null {
  if (loops.has(start)) return loops.get(start)!;
  const path: TypedefDeclaration[] = [];
  const names: string[] = [];
  const onPath = new Map<TypedefDeclaration, number>();
  let current: TypedefDeclaration | undefined = start;
  let result: string[] | null = null;
  while (current) {
    if (loops.has(current)) break; // known: it ends, or it is on another loop (which is not start's)
    const at = onPath.get(current);
    if (at !== undefined) {
      // A loop: the typedefs from `at` on are on it; the ones before lead into it without being on it.
      const loop = [...names.slice(at), names[at]!];
      for (let i = at; i < path.length; i++) loops.set(path[i]!, [...names.slice(i), ...names.slice(at, i), names[i]!]);
      if (at === 0) result = loop;
      break;
    }
    onPath.set(current, path.length);
    path.push(current);
    names.push(current.declarators.find((d) => d.name)?.name ?? '?');
    const t: TypedefDeclaration['specifiers']['type'] = current.specifiers.type;
    const next: TypeSymbol | undefined = t.kind === 'type-name' ? scope.type(t.name, namespace) : undefined;
    current = next?.kind === 'typedef' ? next.declaration : undefined;
  }
  for (const d of path) if (!loops.has(d)) loops.set(d, null);
  return result ?? loops.get(start) ?? null;
}
