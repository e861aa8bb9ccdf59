/** M011 call-as-target: `[call_as(X)]` must name a local method of the same interface. */
import { diagnostic, type Rule } from './rule';

export const callAsTarget: Rule = {
  code: 'M011',
  id: 'call-as-target',
  check({ vtableProblems, interfaces }) {
    return interfaces.flatMap((i) =>
      (vtableProblems.get(i) ?? []).map((p) =>
        diagnostic(callAsTarget, p.method.span, `[call_as(${p.method.callAs})] on ${p.method.idlName} names no method of ${i.name}`, `interface ${i.name}`),
      ),
    );
  },
};
