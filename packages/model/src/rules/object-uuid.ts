/**
 * M005 object-uuid: an `[object]` interface needs a `uuid`, and every `uuid(...)` (and `async_uuid(...)`) must be
 * well formed.
 */
import type { Attribute, Diagnostic } from '@comidl/parser';
import { findAttribute, hasAttribute, uuidOf } from '../attributes';
import { diagnostic, walkingRule, type Rule } from './rule';

function checkUuid(attributes: Attribute[], context: string, out: Diagnostic[]): void {
  for (const name of ['uuid', 'async_uuid'] as const) {
    if (uuidOf(attributes, name) === null) {
      const a = findAttribute(attributes, name)!;
      out.push(diagnostic(objectUuid, a.span, `malformed ${name}; expected 8-4-4-4-12 hexadecimal digits`, context));
    }
  }
}

export const objectUuid: Rule = walkingRule({
  code: 'M005',
  id: 'object-uuid',
  visitor(_ctx, out) {
    return {
      statement(s) {
        if (s.kind === 'interface' || s.kind === 'dispinterface' || s.kind === 'coclass' || s.kind === 'library' || s.kind === 'delegate') {
          const context = `${s.kind} ${s.name}`;
          checkUuid(s.attributes, context, out);
          const defined = s.kind === 'interface' ? s.members !== null : true;
          if (s.kind === 'interface' && defined && hasAttribute(s.attributes, 'object') && uuidOf(s.attributes) === undefined) {
            out.push(diagnostic(objectUuid, s.span, `[object] interface ${s.name} has no uuid`, context));
          }
        }
      },
    };
  },
});
