/** M010 missing-import: every imported file must be found (beside the file, or on the include path). */
import { diagnostic, type Rule } from './rule';

export const missingImport: Rule = {
  code: 'M010',
  id: 'missing-import',
  check({ imports }) {
    return imports
      .filter((i) => i.path === null)
      .map((i) => diagnostic(missingImport, i.statement.span, `cannot find imported file '${i.name}'`));
  },
};
