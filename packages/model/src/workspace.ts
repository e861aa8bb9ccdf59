/**
 * A workspace is one run of the front end over any number of files: each file (and each file it imports)
 * is read and parsed once, its declarations indexed once, each interface's vtable computed once.
 */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import {
  compareDiagnostics,
  parseIdl,
  unreadableFile,
  type Diagnostic,
  type ImportStatement,
  type ParseResult,
  type PreprocessHost,
  type Statement,
  type TypeReference,
} from '@comidl/parser';
import { uuidOf, hasAttribute } from './attributes';
import { DeclarationIndex, type InterfaceEntry } from './declaration-index';
import { buildMethod, delegateInvoke } from './interface-builder';
import { runRules } from './rules';
import { Scope } from './scope';
import type { FileModel, InterfaceModel, MethodModel, VtableSlot } from './types';
import { layoutVtable, type VtableProblem } from './vtable';
import { instantiationIid } from './winrt-iid';
import { instantiationName } from './winrt-names';

export interface WorkspaceOptions {
  /** `-I` directories, searched after the importing file's own directory. */
  includeDirs?: string[];
  defines?: Record<string, string>;
  host?: PreprocessHost;
}

interface ResolvedImport {
  statement: ImportStatement;
  name: string;
  path: string | null;
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

const defaultHost: PreprocessHost = {
  readFile(p) {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
};

export class ComWorkspace {
  private readonly units = new Map<string, Unit>();
  /** Text of every path asked for (undefined when unreadable): an import is probed and parsed with one read. */
  private readonly texts = new Map<string, string | undefined>();
  private readonly entryUnits = new Map<InterfaceEntry, Unit>();
  private readonly declarationEntries = new Map<InterfaceEntry['declaration'], InterfaceEntry>();
  private readonly interfaces = new Map<InterfaceEntry['declaration'], InterfaceModel>();
  private readonly building = new Set<InterfaceEntry['declaration']>();
  private readonly host: PreprocessHost;
  /** Problems found while laying out vtables, reported by the rules of the file that defines the interface. */
  readonly vtableProblems = new Map<InterfaceModel, VtableProblem[]>();
  /** Interfaces whose base chain loops back on itself. */
  readonly cyclic = new Set<InterfaceModel>();

  constructor(readonly options: WorkspaceOptions = {}) {
    this.host = options.host ?? defaultHost;
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

  /** The parsed unit of a resolved path, parsed on first use. */
  unit(resolved: string, asGiven = resolved): Unit {
    let unit = this.units.get(resolved);
    if (unit) return unit;
    const text = this.read(resolved);
    const parse: ParseResult =
      text === undefined
        ? unreadableFile(asGiven)
        : parseIdl(asGiven, text, { includeDirs: this.options.includeDirs, defines: this.options.defines, host: this.host });
    unit = { path: resolved, parse, index: DeclarationIndex.of(parse.ast), imports: [], importers: [] };
    this.units.set(resolved, unit);
    for (const entry of unit.index.interfaces) {
      this.entryUnits.set(entry, unit);
      if (entry.defined || !this.declarationEntries.has(entry.declaration)) this.declarationEntries.set(entry.declaration, entry);
    }
    unit.imports = this.resolveImports(unit);
    for (const i of unit.imports) {
      if (i.path) this.unit(i.path, this.displayPath(i.path)).importers.push(unit);
    }
    return unit;
  }

  /** Reads a path through the host at most once, whether to find an import or to parse it. */
  private read(resolved: string): string | undefined {
    if (this.texts.has(resolved)) return this.texts.get(resolved);
    const text = this.host.readFile(resolved);
    this.texts.set(resolved, text);
    return text;
  }

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
            const found = dirs.map((d) => path.join(d, name)).find((p) => this.units.has(p) || this.read(p) !== undefined);
            out.push({ statement: s, name, path: found ?? null });
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
    const seen = new Set<Unit>();
    const order: Unit[] = [];
    const walk = (u: Unit) => {
      if (seen.has(u)) return;
      seen.add(u);
      order.push(u);
      for (const i of u.imports) if (i.path) walk(this.units.get(i.path)!);
    };
    walk(unit);
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
    const seenUnits = new Set<Unit>();
    const add = (u: Unit) => {
      if (seenUnits.has(u)) return;
      seenUnits.add(u);
      for (const { index } of this.closure(u)) {
        if (!seenIndices.has(index)) {
          seenIndices.add(index);
          indices.push(index);
        }
      }
      for (const importer of u.importers) add(importer);
    };
    add(unit);
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

  /** The model of an interface definition, built once; base interfaces are resolved from `scope`. */
  interfaceModel(entry: InterfaceEntry, scope: Scope): InterfaceModel {
    const cached = this.interfaces.get(entry.declaration);
    if (cached) return cached;
    const d = entry.declaration;
    const model: InterfaceModel = {
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
      declaration: d,
      span: d.span,
    };
    this.interfaces.set(d, model);
    this.building.add(d);
    try {
      this.layout(model, entry, scope);
    } finally {
      this.building.delete(d);
    }
    return model;
  }

  private baseSlots(name: string, namespace: string, scope: Scope, model: InterfaceModel): VtableSlot[] {
    const entry = scope.interface(name, namespace);
    if (!entry || !entry.defined) return [];
    if (this.building.has(entry.declaration)) {
      // Every interface being built from that base on is part of the loop, not only the one closing it.
      let inLoop = false;
      for (const d of this.building) {
        inLoop ||= d === entry.declaration;
        const m = inLoop ? this.interfaces.get(d) : undefined;
        if (m) this.cyclic.add(m);
      }
      this.cyclic.add(model);
      return [];
    }
    return this.interfaceModel(entry, this.scopeOf(entry, scope)).vtable;
  }

  /** Interfaces from other files are modeled in the scope of the file that defines them. */
  private scopeOf(entry: InterfaceEntry, fallback: Scope): Scope {
    const unit = this.entryUnits.get(entry);
    return unit ? this.scope(unit) : fallback;
  }

  private layout(model: InterfaceModel, entry: InterfaceEntry, scope: Scope): void {
    const d = entry.declaration;
    const problems: VtableProblem[] = [];
    if (d.kind === 'dispinterface') {
      model.base = 'IDispatch';
      model.vtable = this.baseSlots('IDispatch', '', scope, model);
      if (d.body?.kind === 'members') {
        model.methods = d.body.methods.filter((m) => m.kind === 'method').map(buildMethod);
      }
      return;
    }
    if (d.kind === 'delegate') {
      model.base = 'IUnknown';
      model.methods = [delegateInvoke(d)];
      // A parameterized delegate, like a parameterized interface, has a vtable only per instantiation.
      if (!d.templateParameters) model.vtable = layoutVtable(model.name, this.baseSlots('IUnknown', '', scope, model), model.methods);
      return;
    }
    const methods: MethodModel[] = [];
    for (const m of d.members ?? []) if (m.kind === 'method') methods.push(buildMethod(m));
    model.methods = methods;
    model.base = d.base ? scope.qualifiedTypeName(d.base.name, entry.namespace) : null;
    // widl: an interface is a COM (vtable) interface when it has a base, or is [object] or [odl].
    model.object = d.base !== null || hasAttribute(d.attributes, 'object') || hasAttribute(d.attributes, 'odl');
    if (!model.object || d.templateParameters) return;
    const base = d.base ? this.baseSlots(d.base.name, entry.namespace, scope, model) : [];
    model.vtable = layoutVtable(model.name, base, methods, problems);
    if (problems.length) this.vtableProblems.set(model, problems);
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
    let base: VtableSlot[];
    let baseName: string | null;
    if (d.kind === 'delegate') {
      baseName = 'IUnknown';
      base = this.baseSlots('IUnknown', '', scope, generic);
    } else if (d.kind === 'interface' && d.base) {
      baseName = scope.qualifiedTypeName(d.base.name, template.namespace);
      base = this.baseSlots(d.base.name, template.namespace, scope, generic);
    } else {
      baseName = null;
      base = [];
    }
    return {
      ...generic,
      name,
      iid: instantiationIid(generic.iid, typeArguments, scope, namespace),
      base: baseName,
      templateParameters: null,
      vtable: layoutVtable(name, base, generic.methods),
      file,
    };
  }

  /** The model of one file: its interfaces, its own diagnostics, then the errors of the files it imports. */
  fileModel(unit: Unit): FileModel {
    if (unit.model) return unit.model;
    const own = this.own(unit);
    const diagnostics: Diagnostic[] = [...own.diagnostics];
    // Errors in imported files (syntax or semantic: an unknown base there shifts every slot here) make this
    // file's output untrustworthy: report them too, once each.
    for (const u of this.importedUnits(unit)) {
      for (const d of this.own(u).diagnostics) if (d.severity === 'error') diagnostics.push(d);
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

  /** The interfaces a file defines and the diagnostics of its own text, computed once. */
  private own(unit: Unit): NonNullable<Unit['own']> {
    if (unit.own) return unit.own;
    const scope = this.scope(unit);
    const interfaces: InterfaceModel[] = [];
    const seen = new Set<string>();
    for (const entry of unit.index.interfaces) {
      if (!entry.defined) continue;
      interfaces.push(this.interfaceModel(entry, scope));
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
    diagnostics.push(
      ...runRules({
        statements: unit.parse.ast.statements,
        index: unit.index,
        imported: this.importedUnits(unit).map((u) => u.index),
        imports: unit.imports,
        scope,
        interfaces,
        cyclic: this.cyclic,
        vtableProblems: this.vtableProblems,
      }),
    );
    diagnostics.sort(compareDiagnostics);
    unit.own = { interfaces, diagnostics };
    return unit.own;
  }
}
