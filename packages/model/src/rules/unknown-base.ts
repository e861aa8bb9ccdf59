/** M008 unknown-base: a base interface must be declared, and defined (not only forward-declared). */
import type { Diagnostic } from '@comidl/parser';
import { diagnostic, type Rule } from './rule';

export const unknownBase: Rule = {
  code: 'M008',
  id: 'unknown-base',
  check({ scope, index }) {
    const out: Diagnostic[] = [];
    for (const entry of index.interfaces) {
      const d = entry.declaration;
      if (d.kind !== 'interface' || !d.base || !entry.defined) continue;
      const base = scope.interface(d.base.name, entry.namespace);
      if (!base) {
        out.push(diagnostic(unknownBase, d.base.span, `base interface '${d.base.name}' of ${entry.name} is not declared`, `interface ${entry.name}`));
      } else if (!base.defined) {
        out.push(diagnostic(unknownBase, d.base.span, `base interface '${d.base.name}' of ${entry.name} is declared but never defined`, `interface ${entry.name}`));
      }
    }
    return out;
  },
};
