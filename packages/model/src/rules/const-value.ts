/**
 * M015 const-value: a `const` must have a value the compiler can compute. widl refuses a constant whose value
 * is not a constant expression ("expression is not an integer constant"); three forms are never one: a
 * dereference or member access (`*p`, `&x`, `a.b`, `a[1]`), an integer division or remainder by zero, and a
 * name that is no constant, enum member or type. Reported once per constant, at the first such part of its
 * value (in source order), never for a constant that only names one reported already.
 */
import type { Diagnostic, Expression, Span } from '@comidl/parser';
import { ConstantValues } from '../abi/constant-values';
import { diagnostic, type Rule } from './rule';

/** The first part of `e` that keeps it from being a constant expression, in source order; null when none. */
function problemIn(e: Expression, values: ConstantValues): { span: Span; reason: string } | null {
  const stack: Expression[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    switch (x.kind) {
      case 'name':
        if (/^(TRUE|FALSE|true|false)$/.test(x.name) || values.isType(x.name)) break;
        if (values.scope.constant(x.name) === undefined && values.scope.enumOfMember(x.name) === undefined) {
          return { span: x.span, reason: `'${x.name}' names no constant, enum member or type` };
        }
        break;
      case 'unary':
        if (x.operator === '*' || x.operator === '&') return { span: x.span, reason: `'${x.operator}' ${x.operator === '*' ? 'dereferences' : 'takes an address'}` };
        stack.push(x.operand);
        break;
      case 'member':
      case 'index':
        return { span: x.span, reason: x.kind === 'member' ? `'${x.operator}${x.member}' reads a member` : 'an index reads an element' };
      case 'cast':
        stack.push(x.operand);
        break;
      case 'paren':
        stack.push(x.expression);
        break;
      case 'binary':
        if ((x.operator === '/' || x.operator === '%') && values.evaluate(x.right) === 0n && typeof values.evaluate(x.left) === 'bigint') {
          return { span: x.span, reason: `it divides by zero` };
        }
        stack.push(x.right, x.left);
        break;
      case 'conditional':
        stack.push(x.whenFalse, x.whenTrue, x.condition);
        break;
      default:
        break;
    }
  }
  return null;
}

export const constValue: Rule = {
  code: 'M015',
  id: 'const-value',
  check({ index, scope }) {
    const out: Diagnostic[] = [];
    const values = new ConstantValues(scope);
    for (const c of index.constants.values()) {
      if (!c.declaration) continue;
      const problem = problemIn(c.declaration.value, values);
      if (problem) out.push(diagnostic(constValue, problem.span, `the value of const ${c.name} is not a constant expression: ${problem.reason}`, `const ${c.name}`));
    }
    return out;
  },
};
