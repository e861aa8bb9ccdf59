/**
 * M009 attribute-reference: `size_is`, `length_is`, `iid_is`, `switch_is` and their kin name parameters
 * (in a method) or fields (in a struct); a name that is neither, nor a constant, is an error.
 */
import type { Attribute, AttributeArgument, Diagnostic, Expression } from '@comidl/parser';
import { declaredName } from '@comidl/parser';
import { referencingAttributes } from '../attributes';
import type { Scope } from '../scope';
import { diagnostic, walkingRule, type Rule } from './rule';

function namesIn(e: AttributeArgument | null, out: Expression[]): void {
  if (!e) return;
  switch (e.kind) {
    case 'name':
      out.push(e);
      return;
    case 'unary':
      namesIn(e.operand, out);
      return;
    case 'binary':
      namesIn(e.left, out);
      namesIn(e.right, out);
      return;
    case 'conditional':
      namesIn(e.condition, out);
      namesIn(e.whenTrue, out);
      namesIn(e.whenFalse, out);
      return;
    case 'cast':
      namesIn(e.operand, out);
      return;
    case 'member':
      namesIn(e.object, out);
      return;
    case 'index':
      namesIn(e.object, out);
      namesIn(e.index, out);
      return;
    case 'paren':
      namesIn(e.expression, out);
      return;
    default:
      return;
  }
}

function check(attributes: Attribute[], known: Set<string>, scope: Scope, where: string, context: string | undefined, out: Diagnostic[]): void {
  for (const a of attributes) {
    if (!referencingAttributes.has(a.name)) continue;
    for (const arg of a.arguments ?? []) {
      const names: Expression[] = [];
      namesIn(arg, names);
      for (const n of names) {
        if (n.kind !== 'name' || known.has(n.name) || scope.constant(n.name)) continue;
        // `(ULONG)*pcb` reads as a product to a parser without type knowledge; a type name is a cast.
        if (scope.type(n.name)) continue;
        out.push(diagnostic(attributeReference, n.span, `${a.name}(${n.name}) names no ${where}`, context));
      }
    }
  }
}

export const attributeReference: Rule = walkingRule({
  code: 'M009',
  id: 'attribute-reference',
  visitor({ scope }, out) {
    return {
      method(m, ctx) {
        const names = new Set(m.parameters.map((p) => p.name).filter((n): n is string => n !== null));
        for (const p of m.parameters) check(p.attributes, names, scope, `parameter of ${m.name}`, ctx.context, out);
      },
      fields(fields, ctx) {
        const names = new Set<string>();
        for (const f of fields) for (const d of f.declarators) {
          const n = declaredName(d.declarator);
          if (n) names.add(n);
        }
        for (const f of fields) check(f.attributes, names, scope, 'field', ctx.context, out);
      },
    };
  },
});
