/** M007 cyclic-base and M008 unknown-base: a base interface must be a defined interface, and no loop. */
import type { Diagnostic } from '@comidl/parser';
import { diagnostic, type Rule } from './rule';

export const unknownBase: Rule = {
  code: 'M008',
  id: 'unknown-base',
  check({ scope, unit, interfaces }) {
    const out: Diagnostic[] = [];
    for (const entry of unit.index.interfaces) {
      const d = entry.declaration;
      if (d.kind !== 'interface' || !d.base || !entry.defined) continue;
      const base = scope.interface(d.base.name, entry.namespace);
      if (!base) {
        out.push(diagnostic(unknownBase, d.base.span, `base interface '${d.base.name}' of ${entry.name} is not declared`, `interface ${entry.name}`));
      } else if (!base.defined) {
        out.push(diagnostic(unknownBase, d.base.span, `base interface '${d.base.name}' of ${entry.name} is declared but never defined`, `interface ${entry.name}`));
      }
    }
    void interfaces;
    return out;
  },
};

export const cyclicBase: Rule = {
  code: 'M007',
  id: 'cyclic-base',
  check({ workspace, interfaces }) {
    return interfaces
      .filter((i) => workspace.cyclic.has(i))
      .map((i) => diagnostic(cyclicBase, i.span, `interface ${i.name} inherits from itself through '${i.base}'`, `interface ${i.name}`));
  },
};
