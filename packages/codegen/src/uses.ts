/**
 * The split of a library that uses others (`"uses"`): the used libraries, deepest first (a library before
 * those that use it, each once), which of them generates each IDL file of their import closures (the
 * deepest that reaches it), the entry files that make the whole library be named as each used library
 * names itself (theirs first, in that order), and the library's own import closure, of which only the files
 * no used library generates are generated here. A used library none of whose files the library imports is
 * a located problem of the config.
 */
import * as path from 'node:path';
import type { ComWorkspace } from '@comidl/model';
import type { GenerateOptions, UsedLibrary } from './generate';

export interface UsesSplit {
  /** The used libraries, transitively, deepest first. */
  used: UsedLibrary[];
  /** IDL file (absolute) -> the npm scope of the used library that generates it. */
  external: Map<string, string>;
  /** The used libraries' entry files (absolute), in the order their own generation reads them. */
  entryFiles: string[];
  /** The library's own import closure (absolute paths). */
  closure: Set<string>;
  problems: string[];
}

export function splitUses(workspace: ComWorkspace, options: GenerateOptions): UsesSplit {
  const root = options.root ?? '.';
  const filesOf = (o: GenerateOptions) => o.files.map((f) => workspace.unit(path.resolve(root, f), f));
  const closureOf = (o: GenerateOptions) => new Set(filesOf(o).flatMap((u) => workspace.closure(u).map((c) => c.path)));
  const split: UsesSplit = { used: [], external: new Map(), entryFiles: [], closure: new Set(), problems: [] };
  if (!options.uses?.length) return split;
  const seen = new Set<string>();
  const visit = (u: UsedLibrary) => {
    const key = `${u.options.scope}/${u.options.source}`;
    if (seen.has(key)) return;
    seen.add(key);
    for (const inner of u.options.uses ?? []) visit(inner);
    split.used.push(u);
    for (const file of closureOf(u.options)) if (!split.external.has(file)) split.external.set(file, u.options.scope);
    split.entryFiles.push(...u.options.files.map((f) => path.resolve(root, f)));
  };
  for (const u of options.uses) visit(u);
  split.closure = closureOf(options);
  for (const u of options.uses) {
    const theirs = closureOf(u.options);
    if (![...theirs].some((f) => split.closure.has(f))) {
      split.problems.push(`${u.at}: error: ${u.entry}: the library imports none of its IDL files (${u.options.files.join(', ')})`);
    }
  }
  return split;
}
