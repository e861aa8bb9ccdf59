/**
 * M010 missing-import: every imported file must be found (beside the file, or on the include path, `-I`), be a
 * regular file of at most 64 MB, and imports may nest at most `MAX_IMPORT_DEPTH` files deep.
 */
import { MAX_IMPORT_DEPTH } from '../limits';
import { diagnostic, type Rule } from './rule';

export const missingImport: Rule = {
  code: 'M010',
  id: 'missing-import',
  check({ imports }) {
    return imports
      .filter((i) => i.path === null)
      .map((i) =>
        diagnostic(
          missingImport,
          i.statement.span,
          i.tooDeep
            ? `imported file '${i.name}' is not read: imports nest more than ${MAX_IMPORT_DEPTH} files deep here`
            : i.refused !== undefined
              ? `cannot import '${i.name}' (${i.refused})`
              : `cannot find imported file '${i.name}' (looked in ${i.searched.join(', ')}); add the folder that holds it with -I DIR`,
        ),
      );
  },
};
