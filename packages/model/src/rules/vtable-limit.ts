/**
 * M013 vtable-limit: an interface deeper in its inheritance chain than `MAX_INHERITANCE_DEPTH`, or whose
 * vtable would take the run's vtables past `MAX_VTABLE_SLOTS` slots, gets no vtable; this says which limit,
 * where. (Interfaces deriving from it get none either; it is reported once, here.)
 */
import type { Diagnostic } from '@comidl/parser';
import { MAX_INHERITANCE_DEPTH, MAX_VTABLE_SLOTS } from '../limits';
import { diagnostic, type Rule } from './rule';

export const vtableLimit: Rule = {
  code: 'M013',
  id: 'vtable-limit',
  check({ vtableProblems, interfaces }) {
    const out: Diagnostic[] = [];
    for (const i of interfaces) {
      for (const p of vtableProblems.get(i) ?? []) {
        const context = `${i.kind} ${i.name}`;
        if (p.kind === 'too-deep') {
          out.push(
            diagnostic(vtableLimit, i.span, `${i.name} is ${p.depth} interfaces deep in its inheritance chain, more than the ${MAX_INHERITANCE_DEPTH} allowed; it has no vtable`, context),
          );
        } else if (p.kind === 'slot-budget') {
          out.push(
            diagnostic(
              vtableLimit,
              i.span,
              `the vtables of this run would hold ${p.slots} slots with ${i.name}'s, more than the ${MAX_VTABLE_SLOTS} allowed; it has no vtable`,
              context,
            ),
          );
        }
      }
    }
    return out;
  },
};
