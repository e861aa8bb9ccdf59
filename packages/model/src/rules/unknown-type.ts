/** M001 unknown-type: every named type must be declared in the file or a file it imports. */
import { diagnostic, walkingRule, type Rule } from './rule';

export const unknownType: Rule = walkingRule({
  code: 'M001',
  id: 'unknown-type',
  visitor({ scope }, out) {
    return {
      specifiers(s, ctx) {
        const t = s.type;
        if (t.kind !== 'type-name') return;
        if (!scope.type(t.name, ctx.namespace, ctx.templateParameters)) {
          out.push(diagnostic(unknownType, t.span, `unknown type '${t.name}'`, ctx.context));
        }
      },
    };
  },
});
