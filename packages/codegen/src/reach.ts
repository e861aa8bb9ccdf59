/**
 * A library limited to what its named files reach (`"emit": "reached"` in the config): every declaration
 * of the named files, and, transitively, every declaration one of them refers to (a type name, a struct,
 * union or enum tag, a base interface, a constant or enum member in an expression, an interface's
 * asynchronous twin), wherever in the import closure it is declared. Modules left with nothing are dropped.
 * Names were decided for the whole closure (`buildLibrary`), so a declaration is named the same whether
 * its library is limited or not.
 */
import type { InterfaceModel } from '@comidl/model';
import type { Library, LibraryDeclaration, LibraryModule, SymbolEntry } from './library';

/** The declarations `d` refers to by name, as entries of the library (unknown names are left out). */
function referencesOf(library: Library, d: LibraryDeclaration): SymbolEntry[] {
  const out: SymbolEntry[] = [];
  const byName = (name: string) => {
    const entry = library.symbols.get(name) ?? library.tags.get(name);
    if (entry) out.push(entry);
    const member = library.enumMembers.get(name);
    const owner = member && library.symbols.get(member.enumName);
    if (owner) out.push(owner);
  };
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    const n = node as Record<string, unknown>;
    const kind = n['kind'];
    if ((kind === 'type-name' || kind === 'name') && typeof n['name'] === 'string') byName(n['name']);
    // `struct tagX *`: a tag without members refers to the aggregate defined under that tag.
    if ((kind === 'struct' || kind === 'union' || kind === 'enum') && n['members'] === null && typeof n['name'] === 'string') byName(n['name']);
    for (const [key, value] of Object.entries(n)) if (key !== 'span' && key !== 'doc') walk(value);
  };
  const walkInterface = (model: InterfaceModel) => {
    if (model.base) byName(model.base);
    if (model.asyncInterface) byName(model.asyncInterface.name);
    walk(model.declaration);
    // A twin's methods are made for it: their parameters are the source's.
    for (const m of model.methods) walk(m.declaration);
  };
  switch (d.kind) {
    case 'alias':
      walk(d.typedef);
      break;
    case 'struct':
    case 'enum':
    case 'const':
    case 'coclass':
      walk(d.node);
      break;
    case 'define':
      walk(d.define);
      break;
    case 'interface':
      walkInterface(d.model);
      break;
    case 'opaque-interface':
    case 'opaque-struct':
      break;
  }
  return out;
}

/** The declarations of the modules whose IDL file is one of `entryFiles` (absolute), with all they reach. */
export function reachedDeclarations(library: Library, entryFiles: readonly string[]): Set<LibraryDeclaration> {
  const entries = new Set(entryFiles);
  const reached = new Set<LibraryDeclaration>();
  const queue: LibraryDeclaration[] = [];
  const reach = (d: LibraryDeclaration) => {
    if (reached.has(d)) return;
    reached.add(d);
    queue.push(d);
  };
  for (const module of library.modules) if (entries.has(module.unit.path)) module.declarations.forEach(reach);
  while (queue.length) for (const entry of referencesOf(library, queue.pop()!)) reach(entry.declaration);
  return reached;
}

/**
 * The library limited to what its entry files reach: the modules with their reached declarations only (a
 * module left empty is dropped), and the tables without what is no longer declared, so that anything that
 * looks up a name that is not generated falls back as for a name the IDL does not declare.
 */
export function reachedLibrary(library: Library, entryFiles: readonly string[]): Library {
  return limitedLibrary(library, reachedDeclarations(library, entryFiles));
}

/**
 * The library with only the declarations in `reached` (names as they were decided for all): a module left
 * without declarations is dropped, unless `keepModule` says otherwise.
 */
export function limitedLibrary(library: Library, reached: ReadonlySet<LibraryDeclaration>, keepModule: (module: LibraryModule) => boolean = () => false): Library {
  const modules = library.modules
    .filter((m) => keepModule(m) || m.declarations.some((d) => reached.has(d)))
    .map((m) => ({ ...m, declarations: m.declarations.filter((d) => reached.has(d)) }));
  const keep = <K>(map: Map<K, SymbolEntry>) => new Map([...map].filter(([, e]) => reached.has(e.declaration)));
  const symbols = keep(library.symbols);
  const interfaceNames = new Set([...reached].flatMap((d) => (d.kind === 'interface' ? [d.name] : [])));
  const moduleNames = new Set(modules.map((m) => m.name));
  const iidNames = new Map([...library.iidNames].filter(([name]) => interfaceNames.has(name)));
  const tsNames = new Set([...symbols.values()].map((e) => e.tsName).concat([...iidNames.values()]));
  // An opaque structure that is not generated is not worth a warning (G001, at the structure's tag).
  const dropped = new Set(library.modules.flatMap((m) => m.declarations.flatMap((d) => (d.kind === 'opaque-struct' && !reached.has(d) ? [d.span] : []))));
  const droppedAt = new Set([...dropped].map((s) => `${s.file}:${s.line}:${s.column}`));
  return {
    ...library,
    modules,
    symbols,
    tags: keep(library.tags),
    interfaces: library.interfaces.filter((m) => interfaceNames.has(m.name)),
    enumMembers: new Map([...library.enumMembers].filter(([, e]) => symbols.has(e.enumName) && moduleNames.has(e.module))),
    iidNames,
    moduleOfTsName: new Map([...library.moduleOfTsName].filter(([tsName, module]) => tsNames.has(tsName) && moduleNames.has(module))),
    warnings: library.warnings.filter((w) => !(w.code === 'G001' && droppedAt.has(`${w.file}:${w.line}:${w.column}`))),
  };
}
