/**
 * The split of a library that uses others (`"uses"`): the used libraries, deepest first (a library before
 * those that use it, each once), which of them generates each IDL file of their import closures (the
 * deepest that reaches it), the entry files that make the whole library be named as each used library
 * names itself (theirs first, in that order), and the library's own import closure, of which only the files
 * no used library generates are generated here. A used library none of whose files the library imports, or
 * one limited to what its files reach (`"emit": "reached"`), or one in the sources form used by a library
 * in the packages form (which imports by package names), is a located problem of the config.
 */
import * as path from 'node:path';
import type { ComWorkspace } from '@comidl/model';
import type { GenerateOptions, UsedLibrary } from './generate';
import { buildLibrary, type Library } from './library';

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
  for (const u of split.used) {
    // Its packages lack what its files do not reach, which this library may need from them.
    if (u.options.emit === 'reached') split.problems.push(`${u.at}: error: ${u.entry}: ${u.options.name} generates only what its files reach ("emit": "reached"); a used library generates all`);
    // A published package that depends on a private one cannot be installed from the registry.
    if (options.publish && !u.options.publish && u.package === undefined) {
      split.problems.push(`${u.at}: error: ${u.entry}: this library is published ("publish": true) but ${u.options.name}'s packages are private; publish them too ("publish": true in ${u.config})`);
    }
  }
  // Packages import a used library by its package names, which a library in the sources form has none of:
  // this library's uses, and each used library's own.
  for (const { form, uses } of [options, ...split.used.map((u) => u.options)]) {
    if (form === 'sources') continue;
    for (const u of uses ?? []) {
      if (u.options.form === 'sources') split.problems.push(`${u.at}: error: ${u.entry}: ${u.options.name} is generated as plain sources ("form": "sources"), which packages cannot import; a library in the packages form uses libraries in the packages form`);
    }
  }
  for (const u of options.uses) {
    const theirs = closureOf(u.options);
    if (![...theirs].some((f) => split.closure.has(f))) {
      split.problems.push(`${u.at}: error: ${u.entry}: the library imports none of its IDL files (${u.options.files.join(', ')})`);
    }
  }
  return split;
}

/** The entry files (absolute) a used library's own generation reads, in order: its uses' first. */
function entryFilesOf(u: UsedLibrary, root: string): string[] {
  const out: string[] = [];
  const seen = new Set<UsedLibrary>();
  const visit = (v: UsedLibrary) => {
    if (seen.has(v)) return;
    seen.add(v);
    for (const inner of v.options.uses ?? []) visit(inner);
    out.push(...v.options.files.map((f) => path.resolve(root, f)));
  };
  visit(u);
  return out;
}

/**
 * Whether the library names what a used library generates as that library names it: the TypeScript name of
 * each declaration and the classes generated for each interface. Reading the used libraries' files first
 * gives the same names unless two used libraries that do not use each other declare the same names; then
 * the generated imports would name what the used packages do not export, so it is a problem of the config.
 */
export function namingProblems(workspace: ComWorkspace, library: Library, split: UsesSplit, root: string): string[] {
  const problems: string[] = [];
  for (const u of split.used) {
    const theirs = buildLibrary(workspace, entryFilesOf(u, root), { root });
    const differ: string[] = [];
    for (const module of library.modules) {
      if (module.external !== u.options.scope) continue;
      for (const d of module.declarations) {
        const other = theirs.symbols.get(d.name);
        if (other && other.tsName !== d.tsName) differ.push(`${d.name} (${other.tsName} there, ${d.tsName} here)`);
        if (d.kind === 'interface' && other?.declaration.kind === 'interface' && library.interfaces.includes(d.model)) {
          const a = library.naming.generated(d.model);
          const b = theirs.naming.generated(other.declaration.model);
          if ((Object.keys(a) as (keyof typeof a)[]).some((k) => a[k] !== b[k])) differ.push(`the classes of ${d.name}`);
        }
      }
    }
    if (differ.length) problems.push(`${u.at}: error: ${u.entry}: ${u.options.name} names ${differ.slice(0, 5).join(', ')}${differ.length > 5 ? ` and ${differ.length - 5} more` : ''} otherwise than this library would import them; list the libraries it shares names with in its own "uses"`);
  }
  return problems;
}
