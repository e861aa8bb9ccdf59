/**
 * What a generated library contains, read from the model: one module per IDL file of the entry files'
 * import closure (in dependency order), each with its declarations in source order, and one symbol table
 * mapping every IDL type name to the module and TypeScript name that declare it. Emitters read only this.
 */
import * as path from 'node:path';
import type {
  CoclassDeclaration,
  ConstDeclaration,
  Declarator,
  EncapsulatedUnionType,
  EnumType,
  Diagnostic,
  Span,
  Statement,
  StructType,
  TypedefDeclaration,
  UnionType,
} from '@comidl/parser';
import { cppDefine, cppEmptyDefine, Scope, type ComWorkspace, type CppDefine, type FileModel, type InterfaceModel, type Unit } from '@comidl/model';
import { LibraryNaming, moduleName, moduleNameScope } from './naming';

export type Aggregate = StructType | UnionType | EncapsulatedUnionType;

export type LibraryDeclaration =
  /** `typedef <specifiers> <declarator>`: an alias; `aggregate` set when it names an inline struct/union/enum. */
  | { kind: 'alias'; name: string; tsName: string; typedef: TypedefDeclaration; declarator: Declarator; doc: string | null }
  | { kind: 'struct'; name: string; tsName: string; node: Aggregate; doc: string | null }
  | { kind: 'enum'; name: string; tsName: string; node: EnumType; doc: string | null }
  | { kind: 'const'; name: string; tsName: string; node: ConstDeclaration }
  /** `cpp_quote("#define NAME value")` with a simple constant value: the constant C users get. */
  | { kind: 'define'; name: string; tsName: string; define: CppDefine; span: Span }
  | { kind: 'interface'; name: string; tsName: string; model: InterfaceModel }
  /** Declared (`interface IMessage;`) but never defined anywhere in the closure: only IUnknown is known. */
  | { kind: 'opaque-interface'; name: string; tsName: string }
  /**
   * A structure or union declared by its tag (`typedef struct tagX X;`) but defined nowhere in the closure
   * (`SERIALIZEDPROPSTORAGE`): a branded opaque type, which only the API that hands it out can produce.
   */
  | { kind: 'opaque-struct'; name: string; tsName: string; tag: 'struct' | 'union'; span: Span }
  | { kind: 'coclass'; name: string; tsName: string; node: CoclassDeclaration; iid: string | null };

export interface LibraryModule {
  /** File name without extension, unique in the library: `ostx`. */
  name: string;
  /** The IDL file, relative to the library root and with `/`: `idl/mapi-sync/ostx.idl`. */
  source: string;
  unit: Unit;
  file: FileModel;
  scope: Scope;
  declarations: LibraryDeclaration[];
  /**
   * The npm scope of the used library (`"uses"`) whose packages generate this module; undefined when this
   * library generates it. Its declarations are named as that library names them and imported from there.
   */
  external?: string;
}

/** A declaration before its TypeScript name is decided. */
type Unnamed = LibraryDeclaration extends infer D ? (D extends LibraryDeclaration ? Omit<D, 'tsName'> : never) : never;

export interface SymbolEntry {
  module: string;
  tsName: string;
  declaration: LibraryDeclaration;
}

export interface Library {
  workspace: ComWorkspace;
  /**
   * Every module's declarations, in module order (imports first), first one winning: where the library's
   * types are looked up when they are mapped to TypeScript.
   */
  scope: Scope;
  modules: LibraryModule[];
  /** IDL name (typedef, tag, interface, constant, enum member) -> where it is declared. */
  symbols: Map<string, SymbolEntry>;
  /** Struct/union/enum tags (`_MAPIUID`) -> the declaration that carries them. */
  tags: Map<string, SymbolEntry>;
  /** Interfaces with a vtable, in module order: what `vtables` lists. */
  interfaces: InterfaceModel[];
  /** Enum members -> their enum, for constant evaluation. */
  enumMembers: Map<string, { enumName: string; module: string }>;
  /** Interface name -> the TypeScript name of its IID constant (`IID_IOSTX`). */
  iidNames: Map<string, string>;
  /** Every module-level TypeScript name of the library's packages, decided when the library is built. */
  naming: LibraryNaming;
  /** The module that declares each TypeScript name (declarations and IID constants). */
  moduleOfTsName: Map<string, string>;
  /** Inline structures, unions and enums -> the name they are declared under (anonymous ones included). */
  aggregateNames: Map<Aggregate | EnumType, string>;
  /** What generation could not represent as the IDL says, located (G001: an opaque structure). */
  warnings: Diagnostic[];
  /**
   * Names a `cpp_quote("#define NAME")` defines as nothing (`__VARIANT_NAME_1` in oaidl): a member of that
   * name is nameless in C, and its members are reached directly (`v.vt`, `v.lVal`).
   */
  namelessNames: Set<string>;
}

export interface LibraryOptions {
  /** Paths in `source` are relative to this directory (default: the current directory). */
  root?: string;
  /** IDL files (absolute) whose modules used libraries generate, with each one's npm scope. */
  external?: ReadonlyMap<string, string>;
}

const isAggregate = (t: Statement | TypedefDeclaration['specifiers']['type']): t is Aggregate =>
  t.kind === 'struct' || t.kind === 'union' || t.kind === 'encapsulated-union';

/** Reads the library for `entryFiles` from a workspace that has loaded (or will load) them. */
export function buildLibrary(workspace: ComWorkspace, entryFiles: readonly string[], options: LibraryOptions = {}): Library {
  const root = options.root ?? process.cwd();
  const units: Unit[] = [];
  const seen = new Set<Unit>();
  for (const f of entryFiles) {
    workspace.load(f);
    const unit = workspace.unit(path.resolve(f), f);
    // Dependencies first: a module's imports come before it.
    const visit = (u: Unit) => {
      if (seen.has(u)) return;
      seen.add(u);
      for (const i of u.imports) if (i.path) visit(workspace.unit(i.path));
      units.push(u);
    };
    visit(unit);
  }

  const moduleNames = moduleNameScope();
  const library: Library = {
    workspace,
    scope: new Scope(units.map((u) => u.index)),
    modules: [],
    symbols: new Map(),
    tags: new Map(),
    interfaces: [],
    enumMembers: new Map(),
    iidNames: new Map(),
    naming: new LibraryNaming(),
    moduleOfTsName: new Map(),
    aggregateNames: new Map(),
    warnings: [],
    namelessNames: new Set(),
  };
  const naming = library.naming;
  const enums: { node: EnumType; isDeclared: (member: string) => boolean }[] = [];
  const isDeclared = (member: string) => library.symbols.has(member);
  const declared = new Set<string>();

  for (const unit of units) {
    const file = workspace.fileModel(unit);
    const module: LibraryModule = {
      name: moduleNames.claim(moduleName(unit.path)),
      source: path.relative(root, unit.path).split(path.sep).join('/'),
      unit,
      file,
      scope: workspace.scope(unit),
      declarations: [],
      ...(options.external?.has(unit.path) ? { external: options.external.get(unit.path) } : {}),
    };
    /** The WinRT namespace the walk is in (`Windows.UI`), empty outside any. */
    let namespace = '';
    const add = (unnamed: Unnamed, tag?: string | null): LibraryDeclaration | null => {
      // A WinRT declaration whose short name another namespace (or C) took first is declared by its qualified
      // name (Windows.Media.SpeechRecognition.SpeechRecognizerState beside sapiaut's SpeechRecognizerState).
      const qualified = namespace && !unnamed.name.includes('.') ? `${namespace}.${unnamed.name}` : null;
      // A name is claimed only for a declaration that is new: a repeated one (`typedef long L;` again) takes none.
      if (declared.has(qualified ?? unnamed.name)) return null;
      if (qualified) declared.add(qualified);
      if (qualified && declared.has(unnamed.name)) unnamed = { ...unnamed, name: qualified } as Unnamed;
      else declared.add(unnamed.name);
      const d = { ...unnamed, tsName: naming.declaration(unnamed.name) } as LibraryDeclaration;
      module.declarations.push(d);
      const entry = { module: module.name, tsName: d.tsName, declaration: d };
      library.moduleOfTsName.set(d.tsName, module.name);
      if (d.kind === 'struct' || d.kind === 'enum') library.aggregateNames.set(d.node, d.name);
      library.symbols.set(d.name, entry);
      if (tag && !library.tags.has(tag)) library.tags.set(tag, entry);
      // Inside `namespace A.B { }` a WinRT name is also reached qualified (`Windows.UI.Color`), as widl looks it up.
      if (namespace && !d.name.includes('.') && !library.symbols.has(`${namespace}.${d.name}`)) library.symbols.set(`${namespace}.${d.name}`, entry);
      if (namespace && tag && !tag.includes('.') && !library.tags.has(`${namespace}.${tag}`)) library.tags.set(`${namespace}.${tag}`, entry);
      return d;
    };
    const interfaces = new Map(file.interfaces.map((i) => [i.declaration, i]));
    // A parameterized interface's model: its instantiations in the same file share its declaration.
    const templates = new Map(file.interfaces.filter((i) => i.templateParameters).map((i) => [i.declaration, i]));

    const addEnum = (node: EnumType, name: string, doc: string | null) => {
      const d = add({ kind: 'enum', name, node, doc }, node.name);
      if (!d) return;
      enums.push({ node, isDeclared });
      for (const m of node.members ?? []) {
        if (!library.enumMembers.has(m.name)) library.enumMembers.set(m.name, { enumName: d.name, module: module.name });
      }
    };

    const walk = (statements: readonly Statement[]) => {
      for (const s of statements) {
        switch (s.kind) {
          case 'library':
            walk(s.statements);
            break;
          case 'namespace': {
            const outer = namespace;
            namespace = namespace ? `${namespace}.${s.name}` : s.name;
            walk(s.statements);
            namespace = outer;
            break;
          }
          case 'module':
            for (const m of s.members) if (m.kind === 'const') add({ kind: 'const', name: m.name, node: m });
            break;
          case 'const':
            add({ kind: 'const', name: s.name, node: s });
            break;
          case 'typedef':
            addTypedef(s);
            break;
          case 'cpp-quote': {
            const empty = cppEmptyDefine(s.text);
            if (empty) library.namelessNames.add(empty);
            const define = cppDefine(s.text);
            // After the module's declarations, which keep their names: a `#define` never hides one.
            if (define) defines.push({ kind: 'define', name: define.name, define, span: s.span });
            break;
          }
          case 'declaration': {
            // `struct tagX { ... };` and `enum tagE { ... };` without typedef.
            const t = s.specifiers.type;
            if (isAggregate(t) && t.name && (t.kind === 'encapsulated-union' || t.members !== null)) {
              add({ kind: 'struct', name: t.name, node: t, doc: s.doc }, t.name);
            } else if (t.kind === 'enum' && t.members && t.name) {
              addEnum(t, t.name, s.doc);
            }
            break;
          }
          case 'interface': {
            const model = interfaces.get(s);
            // Inside a namespace, by its qualified name (`Windows.UI.IColorHelper`), as its definition is known.
            const name = namespace && !s.name.includes('.') ? `${namespace}.${s.name}` : s.name;
            const template = templates.get(s);
            if (template) addInterface(template);
            if (model && model !== template) addInterface(model);
            else if (s.members === null && !declared.has(name)) {
              // A forward declaration: defined later in the closure, or never (then opaque).
              pendingForward.add(name);
            }
            // What an interface body declares besides methods is C's global scope: typedefs, constants, and
            // `struct tag { ... };` (oaidl's VARIANT inside IOleAutomationTypes).
            if (s.members) walk(s.members.flatMap((m) => (m.kind === 'typedef' || m.kind === 'const' || m.kind === 'declaration' || m.kind === 'cpp-quote' ? [m] : [])));
            break;
          }
          case 'dispinterface':
          case 'delegate': {
            const model = interfaces.get(s);
            const template = templates.get(s);
            if (template) addInterface(template);
            if (model && model !== template) addInterface(model);
            break;
          }
          case 'coclass': {
            if (s.kind === 'coclass' && !declared.has(`CLSID_${s.name}`) && s.members !== null) {
              const uuid = s.attributes.find((a) => a.name === 'uuid');
              const arg = uuid?.arguments?.[0];
              const iid = arg && arg.kind === 'uuid' ? arg.value.replace(/^\{|\}$/g, '').toLowerCase() : null;
              if (iid) add({ kind: 'coclass', name: `CLSID_${s.name}`, node: s, iid });
            }
            break;
          }
          default:
            break;
        }
      }
    };

    const addInterface = (model: InterfaceModel) => {
      if (!add({ kind: 'interface', name: model.name, model })) return;
      // A parameterized interface (`IVector<T>`) is a generic TypeScript interface: no IID, vtable or proxy of
      // its own (each instantiation has its IID).
      if (model.templateParameters) return;
      if (model.iid) {
        const iidName = naming.declaration(`IID_${model.name}`);
        library.iidNames.set(model.name, iidName);
        library.moduleOfTsName.set(iidName, module.name);
      }
      if (model.object && model.vtable.length) library.interfaces.push(model);
      pendingForward.delete(model.name);
      // An [async_uuid] interface's twin (AsyncIFoo) is one of the library's interfaces, right after it.
      if (model.asyncInterface) addInterface(model.asyncInterface);
    };

    const addTypedef = (t: TypedefDeclaration) => {
      const spec = t.specifiers.type;
      let aggregateName: string | null = null;
      if ((spec.kind === 'struct' || spec.kind === 'union') && spec.members === null && spec.name && !declared.has(spec.name) && !units.some((u) => u.index.tags.has(`${spec.kind} ${spec.name}`) || (namespace !== '' && u.index.tags.has(`${spec.kind} ${namespace}.${spec.name}`)))) {
        const name = spec.name;
        add({ kind: 'opaque-struct', name, tag: spec.kind, span: spec.span }, name);
        // A doc comment with `@opaque` says the IDL means it so: no warning.
        if (!/@opaque\b/.test(t.doc ?? '')) library.warnings.push({
          file: spec.span.file,
          line: spec.span.line,
          column: spec.span.column,
          code: 'G001',
          severity: 'warning',
          message: `${spec.kind} ${name} is declared but defined nowhere in the IDL: generated as an opaque type (no fields)`,
          context: `typedef ${t.declarators.map((d) => d.name ?? d.nested?.name).filter(Boolean).join(', ')}`,
        });
      }
      if ((isAggregate(spec) && (spec.kind === 'encapsulated-union' || spec.members !== null)) || (spec.kind === 'enum' && spec.members !== null)) {
        // The aggregate takes the first plain (non-pointer, non-array) declarator's name, else its tag.
        const plain = t.declarators.find((d) => d.prefix.length === 0 && d.suffixes.length === 0 && d.name);
        aggregateName = plain?.name ?? spec.name ?? null;
        if (aggregateName) {
          if (spec.kind === 'enum') addEnum(spec, aggregateName, t.doc);
          else add({ kind: 'struct', name: aggregateName, node: spec as Aggregate, doc: t.doc }, spec.name);
        }
      }
      // `typedef struct X X;` (or `typedef enum X X;`, as WinRT IDL declares its enums) before the definition of
      // `X`: the definition takes the name.
      const tagOnly = (spec.kind === 'struct' || spec.kind === 'union' || spec.kind === 'enum') && spec.members === null ? spec.name : null;
      for (const d of t.declarators) {
        const name = d.name ?? d.nested?.name;
        if (!name || name === aggregateName || (name === tagOnly && d.prefix.length === 0 && d.suffixes.length === 0)) continue;
        add({ kind: 'alias', name, typedef: t, declarator: d, doc: t.doc });
      }
    };

    const pendingForward = new Set<string>();
    const defines: Omit<Extract<LibraryDeclaration, { kind: 'define' }>, 'tsName'>[] = [];
    walk(file.ast.statements);
    for (const d of defines) if (!declared.has(d.name) && !library.enumMembers.has(d.name)) add(d);
    for (const name of pendingForward) {
      if (declared.has(name)) continue;
      // Defined in a later module of the closure? Then that module declares it.
      const defined = units.some((u) => u.index.interfacesByName.get(name)?.defined);
      if (!defined) add({ kind: 'opaque-interface', name });
    }
    library.modules.push(module);
  }
  naming.finish(
    enums,
    library.interfaces.map((model) => ({ model, tsName: library.symbols.get(model.name)?.tsName ?? model.name })),
  );
  return library;
}

interface InterfaceIndex {
  byModule: Map<string, InterfaceModel[]>;
  byName: Map<string, InterfaceModel>;
}

/** Per library, its interfaces by module and by name, worked out on first use (after the library is built). */
const interfaceIndexes = new WeakMap<Library, InterfaceIndex>();

function interfaceIndex(library: Library): InterfaceIndex {
  let index = interfaceIndexes.get(library);
  if (!index) {
    index = { byModule: new Map(), byName: new Map() };
    for (const model of library.interfaces) {
      const module = library.symbols.get(model.name)?.module;
      if (module !== undefined) {
        const list = index.byModule.get(module);
        if (list) list.push(model);
        else index.byModule.set(module, [model]);
      }
      if (!index.byName.has(model.name)) index.byName.set(model.name, model);
    }
    for (const [module, list] of index.byModule) index.byModule.set(module, basesFirst(list));
    interfaceIndexes.set(library, index);
  }
  return index;
}

/**
 * A module's interfaces with each base the module declares before the interfaces derived from it, otherwise in
 * their order: msxml2.idl defines ISAXXMLFilter before its base ISAXXMLReader, and a proxy class cannot extend
 * a class declared after it (importing the module threw).
 */
function basesFirst(list: InterfaceModel[]): InterfaceModel[] {
  const inModule = new Map(list.map((m) => [m.name, m]));
  const placed = new Set<InterfaceModel>();
  const out: InterfaceModel[] = [];
  for (const model of list) {
    const chain: InterfaceModel[] = [];
    for (let m: InterfaceModel | undefined = model; m && !placed.has(m); m = m.base ? inModule.get(m.base) : undefined) {
      placed.add(m);
      chain.push(m);
    }
    out.push(...chain.reverse());
  }
  return out;
}

/** The interfaces a module declares, in `interfaces` order but with bases first (`basesFirst`). */
export function interfacesOfModule(library: Library, module: string): readonly InterfaceModel[] {
  return interfaceIndex(library).byModule.get(module) ?? [];
}

/** The interface of a name (the first `interfaces` lists), if the library has it. */
export function interfaceNamed(library: Library, name: string): InterfaceModel | undefined {
  return interfaceIndex(library).byName.get(name);
}
