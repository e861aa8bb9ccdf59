/** M003 out-not-pointer: an `[out]` parameter must be a pointer (or array), directly or through typedefs. */
import type { Parameter } from '@comidl/parser';
import type { Scope } from '../scope';
import { hasAttribute } from '../attributes';
import { diagnostic, walkingRule, type Rule } from './rule';

/** Whether a named type is a pointer or array, following typedefs (at most a few levels). */
export function isPointerType(name: string, scope: Scope, namespace: string, depth = 0): boolean {
  if (depth > 20) return false;
  const t = scope.type(name, namespace);
  if (!t || t.kind !== 'typedef') return false;
  const d = t.declaration.declarators[t.index];
  if (d.prefix.some((p) => p.kind === 'pointer') || d.suffixes.some((s) => s.kind === 'array')) return true;
  if (d.nested) return true;
  const inner = t.declaration.specifiers.type;
  return inner.kind === 'type-name' && isPointerType(inner.name, scope, namespace, depth + 1);
}

export function isPointerParameter(p: Parameter, scope: Scope, namespace: string): boolean {
  const d = p.declarator;
  if (d.prefix.some((x) => x.kind === 'pointer') || d.suffixes.length > 0 || d.nested) return true;
  const t = p.specifiers.type;
  if (t.kind === 'safearray') return false;
  return t.kind === 'type-name' && isPointerType(t.name, scope, namespace);
}

export const outNotPointer: Rule = walkingRule({
  code: 'M003',
  id: 'out-not-pointer',
  visitor({ scope }, out) {
    return {
      method(m, ctx) {
        for (const p of m.parameters) {
          if (hasAttribute(p.attributes, 'out') && !isPointerParameter(p, scope, ctx.namespace)) {
            out.push(diagnostic(outNotPointer, p.span, `[out] parameter '${p.name ?? '?'}' of ${m.name} is not a pointer`, ctx.context));
          }
        }
      },
    };
  },
});
