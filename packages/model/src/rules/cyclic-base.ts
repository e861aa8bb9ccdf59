/** M007 cyclic-base: no interface may inherit from itself, directly or through other interfaces. */
import { diagnostic, type Rule } from './rule';

export const cyclicBase: Rule = {
  code: 'M007',
  id: 'cyclic-base',
  check({ cyclic, interfaces }) {
    return interfaces
      .filter((i) => cyclic.has(i))
      .map((i) => diagnostic(cyclicBase, i.span, `interface ${i.name} inherits from itself through '${i.base}'`, `interface ${i.name}`));
  },
};
