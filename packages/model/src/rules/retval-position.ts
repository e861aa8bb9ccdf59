/** M004 retval-position: a `[retval]` parameter must be `[out]` and the last parameter. */
import { hasAttribute } from '../attributes';
import { diagnostic, walkingRule, type Rule } from './rule';

export const retvalPosition: Rule = walkingRule({
  code: 'M004',
  id: 'retval-position',
  visitor(_ctx, out) {
    return {
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
    };
  },
});
