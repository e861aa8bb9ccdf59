/**
 * A workspace is one run of the front end over any number of files: each file (and each file it imports)
 * is read and parsed once, its declarations indexed once, each interface's vtable computed once.
 */
import * as path from 'node:path';
import {
  compareDiagnostics,
  parseIdl,
  readSourceFile,
  SourceFileError,
  sourceFileProblem,
  unreadableFile,
  withIncludeChains,
  type Diagnostic,
  type ImportStatement,
  type ReachedFrom,
  type ParseResult,
  type PreprocessHost,
  type Statement,
  type InterfaceDeclaration,
  type TypeReference,
} from '@comidl/parser';
import { uuidOf, hasAttribute } from './attributes';
import { DeclarationIndex, type InterfaceEntry } from './declaration-index';
import { buildMethod, delegateInvoke } from './interface-builder';
import { runRules } from './rules';
import { Scope } from './scope';
import { applySeverity, type SeverityOptions } from './severity';
import type { FileModel, InterfaceModel, MethodModel } from './types';
import { asyncDeclaration, asyncMethods, asyncName } from './async-interface';
import { MAX_IMPORT_DEPTH, MAX_INHERITANCE_DEPTH, MAX_VTABLE_SLOTS } from './limits';
import { layoutVtable, type VtableProblem } from './vtable';
import { instantiationIid } from './winrt-iid';
import { instantiationName } from './winrt-names';

export interface WorkspaceOptions extends SeverityOptions {
  /** `-I` directories, searched after the importing file's own directory. */
  includeDirs?: string[];
  defines?: Record<string, string>;
  host?: PreprocessHost;
  /**
   * Texts given instead of files (standard input), by the name the user gave; such a name is a file of the
   * current folder, read from here and never from the disk.
   */
  sources?: ReadonlyMap<string, string>;
}

interface ResolvedImport {
  statement: ImportStatement;
  name: string;
  /** Null when not found, or not read (`tooDeep`). */
  path: string | null;
  /** The folders searched, in order (for a message about an import not found). */
  searched: string[];
  /** Found, but not read: it would nest imports more than `MAX_IMPORT_DEPTH` deep. */
  tooDeep?: boolean;
  /** Found, but refused: the path and why (not a regular file, too large). */
  refused?: string;
}



/** One parsed file and what is derived from it, each computed at most once. */
export interface Unit {
  path: string;
  parse: ParseResult;
  index: DeclarationIndex;
  imports: ResolvedImport[];
  /** The unit and every unit it imports, transitively, each once, in import order. */
  closure?: Unit[];
  /** The files that import this one. */
  importers: Unit[];
  scope?: Scope;
  /** What the file itself defines and reports, without its imports' diagnostics. */
  own?: { interfaces: InterfaceModel[]; diagnostics: Diagnostic[] };
  model?: FileModel;
}

/** Reads the file system: regular files of at most `MAX_SOURCE_BYTES` only. */
const defaultHost: PreprocessHost = { readFile: readSourceFile };

export class ComWorkspace {
  private readonly units = new Map<string, Unit>();
  /** Text of every path asked for (undefined when unreadable): an import is probed and parsed with one read. */
  private readonly texts = new Map<string, string | undefined>();
  private readonly entryUnits = new Map<InterfaceEntry, Unit>();
  private readonly declarationEntries = new Map<InterfaceEntry['declaration'], InterfaceEntry>();
  private readonly interfaces = new Map<InterfaceEntry['declaration'], InterfaceModel>();
  private readonly host: PreprocessHost;
  /** Problems found while laying out vtables, reported by the rules of the file that defines the interface. */
  readonly vtableProblems = new Map<InterfaceModel, VtableProblem[]>();
  /** Interfaces whose base chain loops back on itself. */
  readonly cyclic = new Set<InterfaceModel>();

  /** `options.sources` by resolved path. */
  private readonly givenTexts = new Map<string, string>();

  constructor(readonly options: WorkspaceOptions = {}) {
    this.host = options.host ?? defaultHost;
    for (const [name, text] of options.sources ?? []) this.givenTexts.set(path.resolve(name), text);
  }

  /** Loads a file and everything it imports, and returns its model. */
  load(file: string): FileModel {
    const unit = this.unit(path.resolve(file), file);
    return this.fileModel(unit);
  }

  /** A file's model followed by the models of every file it imports, transitively. */
  loadWithImports(file: string): FileModel[] {
    const unit = this.unit(path.resolve(file), file);
    return [this.fileModel(unit), ...this.importedUnits(unit).map((u) => this.fileModel(u))];
  }

  /**
   * The parsed unit of a resolved path, parsed on first use with everything it imports. The import graph is
   * walked depth first with a stack of its own (a chain of imports thousands long must not exhaust the call
   * stack), each importer recorded on a file once the file and its imports are loaded.
   */
  unit(resolved: string, asGiven = resolved): Unit {
    const found = this.units.get(resolved);
    if (found) return found;
    const unit = this.parseUnit(resolved, asGiven);
    const stack = [{ unit, next: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.next >= top.unit.imports.length) {
        stack.pop();
        continue;
      }
      const i = top.unit.imports[top.next];
      if (i.path === null) {
        top.next++;
        continue;
      }
      const child = this.units.get(i.path);
      if (child) {
        child.importers.push(top.unit);
        top.next++;
      } else if (stack.length >= MAX_IMPORT_DEPTH) {
        i.tooDeep = true;
        i.path = null;
        top.next++;
      } else stack.push({ unit: this.parseUnit(i.path, this.displayPath(i.path)), next: 0 });
    }
    return unit;
  }

  /** Parses one file and indexes it; its imports are resolved, not loaded. */
  private parseUnit(resolved: string, asGiven: string): Unit {
    const text = this.read(resolved);
    const parse: ParseResult =
      text === undefined
        ? unreadableFile(asGiven, this.refusals.get(resolved))
        : parseIdl(asGiven, text, { includeDirs: this.options.includeDirs, defines: this.options.defines, host: this.host });
    const unit: Unit = { path: resolved, parse, index: DeclarationIndex.of(parse.ast), imports: [], importers: [] };
    this.units.set(resolved, unit);
    for (const entry of unit.index.interfaces) {
      this.entryUnits.set(entry, unit);
      if (entry.defined || !this.declarationEntries.has(entry.declaration)) this.declarationEntries.set(entry.declaration, entry);
    }
    unit.imports = this.resolveImports(unit);
    return unit;
  }

  /**
   * Reads a path through the host at most once, whether to find an import or to parse it. A path that is not a
   * regular file, or too large, is refused whatever the host (a host reading the disk would hang on a FIFO),
   * and why is kept for the diagnostic.
   */
  private read(resolved: string): string | undefined {
    if (this.texts.has(resolved)) return this.texts.get(resolved);
    const given = this.givenTexts.get(resolved);
    if (given !== undefined) {
      this.texts.set(resolved, given);
      return given;
    }
    let text: string | undefined;
    const refused = sourceFileProblem(resolved);
    if (refused !== undefined) this.refusals.set(resolved, refused);
    else {
      try {
        text = this.host.readFile(resolved);
      } catch (e) {
        if (!(e instanceof SourceFileError)) throw e;
        this.refusals.set(resolved, e.reason);
      }
    }
    this.texts.set(resolved, text);
    return text;
  }

  /** Why a path found could not be read (not a regular file, too large), by path. */
  private readonly refusals = new Map<string, string>();

  /** Paths in diagnostics stay relative when the user gave relative paths. */
  private displayPath(resolved: string): string {
    const rel = path.relative(process.cwd(), resolved);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : resolved;
  }

  private resolveImports(unit: Unit): ResolvedImport[] {
    const out: ResolvedImport[] = [];
    const dirs = [path.dirname(unit.path), ...(this.options.includeDirs ?? []).map((d) => path.resolve(d))];
    const visit = (statements: Statement[]) => {
      for (const s of statements) {
        if (s.kind === 'import') {
          for (const name of s.files) {
            const found = dirs.map((d) => path.join(d, name)).find((p) => this.units.has(p) || this.read(p) !== undefined || this.refusals.has(p));
            const refused = found === undefined ? undefined : this.refusals.get(found);
            out.push({
              statement: s,
              name,
              path: refused === undefined ? (found ?? null) : null,
              searched: dirs.map((d) => this.displayPath(d)),
              ...(refused === undefined ? {} : { refused: `${this.displayPath(found!)}: ${refused}` }),
            });
          }
        } else if (s.kind === 'library' || s.kind === 'namespace') visit(s.statements);
        else if (s.kind === 'interface' && s.members) {
          for (const m of s.members) if (m.kind === 'import') visit([m]);
        }
      }
    };
    visit(unit.parse.ast.statements);
    return out;
  }

  /** The unit itself and every unit it imports, transitively, each once. */
  closure(unit: Unit): Unit[] {
    if (unit.closure) return unit.closure;
    const order = preorder(unit, (u) => u.imports.flatMap((i) => (i.path ? [this.units.get(i.path)!] : [])));
    unit.closure = order;
    return order;
  }

  /**
   * What a file's declarations can refer to: its own declarations and its imports', and, as with widl,
   * whatever its importers had declared: an imported file (even a C header like `bdatypes.h`) is read in
   * the context of the file that imports it.
   */
  scope(unit: Unit): Scope {
    if (unit.scope) return unit.scope;
    const indices: DeclarationIndex[] = [];
    const seenIndices = new Set<DeclarationIndex>();
    for (const u of preorder(unit, (u) => u.importers)) {
      for (const { index } of this.closure(u)) {
        if (!seenIndices.has(index)) {
          seenIndices.add(index);
          indices.push(index);
        }
      }
    }
    return (unit.scope = new Scope(indices));
  }

  /**
   * Where an interface's types are looked up: the scope of the file that defines it (for an instantiation,
   * its template's), and its WinRT namespace.
   */
  interfaceScope(model: InterfaceModel): { scope: Scope; namespace: string } {
    const entry = this.declarationEntries.get(model.declaration);
    const unit = entry ? this.entryUnits.get(entry) : undefined;
    if (!entry || !unit) throw new Error(`interface ${model.name} was not modeled by this workspace`);
    return { scope: this.scope(unit), namespace: entry.namespace };
  }

  /** Units imported by this one, transitively, excluding itself. */
  importedUnits(unit: Unit): Unit[] {
    return this.closure(unit).slice(1);
  }

  /**
   * The model of an interface definition, built once; base interfaces are resolved from `scope`. The chain of
   * bases not built yet is found first and then built from its far end, without recursion: a chain thousands
   * deep must not exhaust the stack (past `MAX_INHERITANCE_DEPTH` an interface gets no vtable and an M013).
   */
  interfaceModel(entry: InterfaceEntry, scope: Scope): InterfaceModel {
    const cached = this.interfaces.get(entry.declaration);
    if (cached) return cached;
    const chain: { entry: InterfaceEntry; scope: Scope }[] = [];
    const onChain = new Map<InterfaceEntry['declaration'], number>();
    let loopFrom = -1;
    for (let link = { entry, scope }; ; ) {
      onChain.set(link.entry.declaration, chain.length);
      chain.push(link);
      const base = this.baseEntry(link.entry, link.scope);
      if (!base || this.interfaces.has(base.declaration)) break;
      const at = onChain.get(base.declaration);
      if (at !== undefined) {
        loopFrom = at;
        break;
      }
      link = { entry: base, scope: this.scopeOf(base, link.scope) };
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i];
      const model = this.newModel(link.entry);
      this.interfaces.set(link.entry.declaration, model);
      // Every interface from the one the loop closes on is part of the loop; the far end gets no base.
      if (loopFrom >= 0 && i >= loopFrom) this.cyclic.add(model);
      this.layout(model, link.entry, link.scope, loopFrom >= 0 && i === chain.length - 1);
    }
    return this.interfaces.get(entry.declaration)!;
  }

  private newModel(entry: InterfaceEntry): InterfaceModel {
    const d = entry.declaration;
    return {
      kind: d.kind,
      name: entry.name,
      base: null,
      iid: uuidOf(d.attributes) ?? null,
      object: true,
      attributes: d.attributes,
      doc: d.doc,
      methods: [],
      vtable: [],
      templateParameters: d.kind === 'dispinterface' ? null : d.templateParameters,
      file: d.span.file,
      asyncInterface: null,
      asyncOf: null,
      declaration: d,
      span: d.span,
    };
  }

  /**
   * The defined entry whose vtable an interface's starts with: IDispatch for a dispinterface, IUnknown for a
   * delegate, the base of a COM interface; undefined without one (or for a template, which has no vtable).
   */
  private baseEntry(entry: InterfaceEntry, scope: Scope): InterfaceEntry | undefined {
    const d = entry.declaration;
    let found: InterfaceEntry | undefined;
    if (d.kind === 'dispinterface') found = scope.interface('IDispatch', '');
    else if (d.kind === 'delegate') found = d.templateParameters ? undefined : scope.interface('IUnknown', '');
    else if (d.base && !d.templateParameters) found = scope.interface(d.base.name, entry.namespace);
    return found?.defined ? found : undefined;
  }

  /** Interfaces from other files are modeled in the scope of the file that defines them. */
  private scopeOf(entry: InterfaceEntry, fallback: Scope): Scope {
    const unit = this.entryUnits.get(entry);
    return unit ? this.scope(unit) : fallback;
  }

  /** How deep in its inheritance chain each interface with a vtable is (IUnknown: 1). */
  private readonly depths = new Map<InterfaceModel, number>();
  /** Slots of every vtable laid out so far; see `MAX_VTABLE_SLOTS`. */
  private slotCount = 0;

  /**
   * Lays out a model's vtable over its base's (built already, unless `noBase`: the far end of an inheritance
   * loop), within the limits; an interface past one gets no vtable and the problem that says which.
   */
  private layout(model: InterfaceModel, entry: InterfaceEntry, scope: Scope, noBase: boolean): void {
    const d = entry.declaration;
    const problems: VtableProblem[] = [];
    const baseEntry = noBase ? undefined : this.baseEntry(entry, scope);
    const base = baseEntry ? this.interfaces.get(baseEntry.declaration) : undefined;
    const baseSlots = base?.vtable ?? [];
    const limited = (methods: readonly MethodModel[]): boolean => {
      // A base that got no vtable for a limit leaves its derived ones none either (reported at the base).
      if (base && this.limited.has(base)) {
        this.limited.add(model);
        return true;
      }
      const depth = (base ? (this.depths.get(base) ?? 0) : 0) + 1;
      const slots = baseSlots.length + methods.length;
      if (depth > MAX_INHERITANCE_DEPTH) problems.push({ kind: 'too-deep', depth });
      else if (this.slotCount + slots > MAX_VTABLE_SLOTS) problems.push({ kind: 'slot-budget', slots: this.slotCount + slots });
      else {
        this.depths.set(model, depth);
        this.slotCount += slots;
        return false;
      }
      this.limited.add(model);
      this.vtableProblems.set(model, problems);
      return true;
    };
    if (d.kind === 'dispinterface') {
      model.base = 'IDispatch';
      if (d.body?.kind === 'members') {
        model.methods = d.body.methods.filter((m) => m.kind === 'method').map(buildMethod);
      }
      if (!limited([])) model.vtable = baseSlots;
      return;
    }
    if (d.kind === 'delegate') {
      model.base = 'IUnknown';
      model.methods = [delegateInvoke(d)];
      // A parameterized delegate, like a parameterized interface, has a vtable only per instantiation.
      if (!d.templateParameters && !limited(model.methods)) model.vtable = layoutVtable(model.name, baseSlots, model.methods);
      return;
    }
    const methods: MethodModel[] = [];
    for (const m of d.members ?? []) if (m.kind === 'method') methods.push(buildMethod(m));
    model.methods = methods;
    model.base = d.base ? scope.qualifiedTypeName(d.base.name, entry.namespace) : null;
    // widl: an interface is a COM (vtable) interface when it has a base, or is [object] or [odl].
    model.object = d.base !== null || hasAttribute(d.attributes, 'object') || hasAttribute(d.attributes, 'odl');
    if (!model.object || d.templateParameters) return;
    if (limited(methods)) return;
    model.vtable = layoutVtable(model.name, baseSlots, methods, problems);
    if (problems.length) this.vtableProblems.set(model, problems);
    if (uuidOf(d.attributes, 'async_uuid') !== undefined) this.asyncTwin(model, entry, base);
  }

  /** Interfaces that got no vtable because a limit was reached (theirs or their base's). */
  private readonly limited = new Set<InterfaceModel>();

  /**
   * Makes the asynchronous twin of an interface with `[async_uuid]` (see `async-interface.ts`): its base is
   * IUnknown, or the base's twin; a base without one is an error, as in widl, and the twin is not made.
   */
  private asyncTwin(model: InterfaceModel, entry: InterfaceEntry, base: InterfaceModel | undefined): void {
    const d = entry.declaration as InterfaceDeclaration;
    const baseTwin = base?.name === 'IUnknown' ? base : base?.asyncInterface;
    if (!base || !baseTwin) {
      const problems = this.vtableProblems.get(model) ?? [];
      problems.push({ kind: 'async-base', base: model.base });
      this.vtableProblems.set(model, problems);
      return;
    }
    const methods = asyncMethods(model.methods);
    const name = asyncName(model.name);
    const declaration = asyncDeclaration(d, asyncName(d.name), { kind: 'type-name', name: baseTwin.name, typeArguments: null, span: d.base?.span ?? d.span }, methods);
    const twin: InterfaceModel = {
      ...model,
      name,
      base: baseTwin.name,
      iid: uuidOf(d.attributes, 'async_uuid') ?? null,
      attributes: declaration.attributes,
      methods,
      vtable: [],
      asyncInterface: null,
      asyncOf: model.name,
      declaration,
    };
    // The twin is looked up as its source is: same file, same scope.
    this.declarationEntries.set(declaration, entry);
    this.interfaces.set(declaration, twin);
    const depth = (this.depths.get(baseTwin) ?? 0) + 1;
    const slots = baseTwin.vtable.length + methods.length;
    if (this.slotCount + slots > MAX_VTABLE_SLOTS) {
      this.limited.add(twin);
      this.vtableProblems.set(twin, [{ kind: 'slot-budget', slots: this.slotCount + slots }]);
    } else {
      this.slotCount += slots;
      this.depths.set(twin, depth);
      twin.vtable = layoutVtable(name, baseTwin.vtable, methods);
    }
    model.asyncInterface = twin;
  }

  /** An instantiation of a parameterized interface or delegate, as named by a `declare` block. */
  private instantiation(
    template: InterfaceEntry,
    name: string,
    typeArguments: readonly TypeReference[],
    namespace: string,
    scope: Scope,
    file: string,
  ): InterfaceModel {
    const generic = this.interfaceModel(template, this.scopeOf(template, scope));
    const d = template.declaration;
    let baseName: string | null = null;
    let base: InterfaceModel | undefined;
    const modelOf = (found: InterfaceEntry | undefined) => (found?.defined ? this.interfaceModel(found, this.scopeOf(found, scope)) : undefined);
    if (d.kind === 'delegate') {
      baseName = 'IUnknown';
      base = modelOf(scope.interface('IUnknown', ''));
    } else if (d.kind === 'interface' && d.base) {
      baseName = scope.qualifiedTypeName(d.base.name, template.namespace);
      base = modelOf(scope.interface(d.base.name, template.namespace));
    }
    const model: InterfaceModel = {
      ...generic,
      name,
      iid: instantiationIid(generic.iid, typeArguments, scope, namespace),
      base: baseName,
      templateParameters: null,
      vtable: [],
      file,
    };
    const slots = (base?.vtable.length ?? 0) + generic.methods.length;
    if (base && this.limited.has(base)) this.limited.add(model);
    else if (this.slotCount + slots > MAX_VTABLE_SLOTS) {
      this.limited.add(model);
      this.vtableProblems.set(model, [{ kind: 'slot-budget', slots: this.slotCount + slots }]);
    } else {
      this.slotCount += slots;
      model.vtable = layoutVtable(name, base?.vtable ?? [], generic.methods);
    }
    return model;
  }

  /** The model of one file: its interfaces, its own diagnostics, then the errors of the files it imports. */
  fileModel(unit: Unit): FileModel {
    if (unit.model) return unit.model;
    const own = this.own(unit);
    const diagnostics: Diagnostic[] = [...own.diagnostics];
    // Errors in imported files (syntax or semantic: an unknown base there shifts every slot here) make this
    // file's output untrustworthy: report them too, once each, with the imports that reached them.
    const chains = this.importChains(unit);
    for (const u of this.importedUnits(unit)) {
      const chain = chains.get(u) ?? [];
      for (const d of this.own(u).diagnostics) {
        if (d.severity === 'error') diagnostics.push(chain.length ? { ...d, via: [...(d.via ?? []), ...chain] } : d);
      }
    }
    unit.model = {
      file: unit.parse.ast.file,
      ast: unit.parse.ast,
      imports: unit.imports.map((i) => i.path).filter((p): p is string => p !== null),
      interfaces: own.interfaces,
      diagnostics,
    };
    return unit.model;
  }

  /**
   * For each file `unit` imports, transitively: the imports that reach it first (breadth first, so the
   * shortest chain), nearest first: `imported from ocidl.idl:12, dxgi.idl:3`.
   */
  private importChains(unit: Unit): Map<Unit, ReachedFrom[]> {
    const chains = new Map<Unit, ReachedFrom[]>([[unit, []]]);
    const queue = [unit];
    for (let i = 0; i < queue.length; i++) {
      const from = queue[i];
      for (const imp of from.imports) {
        const to = imp.path ? this.units.get(imp.path) : undefined;
        if (!to || chains.has(to)) continue;
        const span = imp.statement.span;
        chains.set(to, [{ kind: 'import', file: span.file, line: span.line, column: span.column }, ...chains.get(from)!]);
        queue.push(to);
      }
    }
    return chains;
  }

  /** The interfaces a file defines and the diagnostics of its own text, computed once. */
  private own(unit: Unit): NonNullable<Unit['own']> {
    if (unit.own) return unit.own;
    const scope = this.scope(unit);
    const interfaces: InterfaceModel[] = [];
    const seen = new Set<string>();
    for (const entry of unit.index.interfaces) {
      if (!entry.defined) continue;
      const model = this.interfaceModel(entry, scope);
      interfaces.push(model);
      if (model.asyncInterface) interfaces.push(model.asyncInterface);
    }
    for (const { namespace, block } of unit.index.declares) {
      for (const t of block.interfaces) {
        const template = scope.interface(t.name, namespace);
        if (!template || !t.typeArguments) continue;
        const name = instantiationName(template.name, t.typeArguments, scope, namespace);
        if (seen.has(name)) continue;
        seen.add(name);
        interfaces.push(this.instantiation(template, name, t.typeArguments, namespace, scope, unit.parse.ast.file));
      }
    }
    const diagnostics: Diagnostic[] = [...unit.parse.diagnostics];
    const ruleDiagnostics = runRules({
      statements: unit.parse.ast.statements,
      index: unit.index,
      imported: this.importedUnits(unit).map((u) => u.index),
      imports: unit.imports,
      scope,
      interfaces,
      cyclic: this.cyclic,
      vtableProblems: this.vtableProblems,
    });
    diagnostics.push(...withIncludeChains(applySeverity(ruleDiagnostics, this.options), unit.parse.includedFrom));
    diagnostics.sort(compareDiagnostics);
    unit.own = { interfaces, diagnostics };
    return unit.own;
  }
}

/**
 * The nodes reached from `start` through `next`, each once, in depth-first preorder (the order a recursive walk
 * gives), with a stack of its own.
 */
function preorder<N>(start: N, next: (n: N) => readonly N[]): N[] {
  const seen = new Set<N>([start]);
  const order: N[] = [start];
  const stack = [{ children: next(start), at: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.at >= top.children.length) {
      stack.pop();
      continue;
    }
    const n = top.children[top.at++];
    if (seen.has(n)) continue;
    seen.add(n);
    order.push(n);
    stack.push({ children: next(n), at: 0 });
  }
  return order;
}
