/** M011 call-as-target: `[call_as(X)]` must name a local method of the same interface. */
import type { Diagnostic } from '@comidl/parser';
import { diagnostic, type Rule } from './rule';

export const callAsTarget: Rule = {
  code: 'M011',
  id: 'call-as-target',
  check({ vtableProblems, interfaces }) {
    const out: Diagnostic[] = [];
    for (const i of interfaces) {
      for (const p of vtableProblems.get(i) ?? []) {
        if (p.kind !== 'call-as-unknown') continue;
        out.push(diagnostic(callAsTarget, p.method.span, `[call_as(${p.method.callAs})] on ${p.method.idlName} names no method of ${i.name}`, `interface ${i.name}`));
      }
    }
    return out;
  },
};
