/** M001 unknown-type: every named type must be declared in the file or a file it imports. */
import type { Diagnostic } from '@comidl/parser';
import { diagnostic, type Rule } from './rule';
import { walkStatements } from './walk';

export const unknownType: Rule = {
  code: 'M001',
  id: 'unknown-type',
  check({ unit, scope }) {
    const out: Diagnostic[] = [];
    walkStatements(
      unit.parse.ast.statements,
      {
        specifiers(s, ctx) {
          const t = s.type;
          if (t.kind !== 'type-name') return;
          if (!scope.type(t.name, ctx.namespace, ctx.templateParameters)) {
            out.push(diagnostic(unknownType, t.span, `unknown type '${t.name}'`, ctx.context));
          }
        },
      },
      { namespace: '', templateParameters: [], context: undefined },
    );
    return out;
  },
};
