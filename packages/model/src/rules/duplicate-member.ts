/**
 * M002 duplicate-member: two methods with one vtable name in an interface, two fields with one name in a
 * struct or union, two parameters with one name in a method, two members with one name in an enum.
 */
import type { Diagnostic, Span } from '@comidl/parser';
import { declaredName } from '@comidl/parser';
import { vtableName } from '../interface-builder';
import { diagnostic, walkingRule, type Rule } from './rule';

function duplicates(items: { name: string | null; span: Span }[], what: string, context: string | undefined): Diagnostic[] {
  const seen = new Map<string, Span>();
  const out: Diagnostic[] = [];
  for (const item of items) {
    if (!item.name) continue;
    const first = seen.get(item.name);
    if (first) {
      out.push(diagnostic(duplicateMember, item.span, `duplicate ${what} '${item.name}' (first declared at line ${first.line})`, context));
    } else seen.set(item.name, item.span);
  }
  return out;
}

export const duplicateMember: Rule = walkingRule({
  code: 'M002',
  id: 'duplicate-member',
  visitor(_ctx, out) {
    return {
      statement(s, ctx) {
        if (s.kind === 'interface' && s.members) {
          const methods = s.members.filter((m) => m.kind === 'method');
          out.push(...duplicates(methods.map((m) => ({ name: vtableName(m).name, span: m.span })), 'method', `interface ${s.name}`));
        }
        if (s.kind === 'typedef' || s.kind === 'declaration') {
          const t = s.specifiers.type;
          if (t.kind === 'enum' && t.members) {
            out.push(...duplicates(t.members, 'enum member', t.name ? `enum ${t.name}` : ctx.context));
          }
        }
      },
      method(m, ctx) {
        out.push(...duplicates(m.parameters.map((p) => ({ name: p.name, span: p.span })), 'parameter', ctx.context));
      },
      fields(fields, ctx) {
        const names = fields.flatMap((f) => f.declarators.map((d) => ({ name: declaredName(d.declarator), span: d.declarator.span })));
        out.push(...duplicates(names, 'field', ctx.context));
      },
    };
  },
});
