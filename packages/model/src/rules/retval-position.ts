/** M004 retval-position: a `[retval]` parameter must be `[out]` and the last parameter. */
import type { Diagnostic } from '@comidl/parser';
import { hasAttribute } from '../attributes';
import { diagnostic, type Rule } from './rule';
import { walkStatements } from './walk';

export const retvalPosition: Rule = {
  code: 'M004',
  id: 'retval-position',
  check({ unit }) {
    const out: Diagnostic[] = [];
    walkStatements(
      unit.parse.ast.statements,
      {
        method(m, ctx) {
          m.parameters.forEach((p, i) => {
            if (!hasAttribute(p.attributes, 'retval')) return;
            if (!hasAttribute(p.attributes, 'out')) {
              out.push(diagnostic(retvalPosition, p.span, `[retval] parameter '${p.name ?? '?'}' of ${m.name} is not [out]`, ctx.context));
            }
            if (i !== m.parameters.length - 1) {
              out.push(diagnostic(retvalPosition, p.span, `[retval] parameter '${p.name ?? '?'}' of ${m.name} is not the last parameter`, ctx.context));
            }
          });
        },
      },
      { namespace: '', templateParameters: [], context: undefined },
    );
    return out;
  },
};
