/**
 * Names in generated TypeScript, decided once, before the emitters run. IDL names are kept as written; only
 * names TypeScript, JavaScript or the generated code cannot take are renamed, predictably, with a trailing
 * `_` (`default` -> `default_`, `then` -> `then_`), and the doc of what was renamed says so. WinRT's dotted and
 * parameterized names get `_` for what an identifier cannot hold.
 *
 * - module-level names (declarations, IID constants, enum members as C scopes them, and the classes the
 *   emitters generate: `<I>Proxy`, `<I>AsyncProxy`, `<I>Stub`, `<I>Mock`, `<I>Fake`, `<I>Protocol`,
 *   `<I>OutParameters`, `<I>States`) are unique
 *   across the library's packages and never those of the runtime's helpers the generated files import
 *   (`LibraryNaming`: the IDL's declarations first, in module order, then the generated names);
 * - method names avoid what every object, every Promise-like value and the mock classes already have;
 * - module (file) names are unique without regard to case, and never a generated module's or a name
 *   Windows reserves (`con`, `aux`, `nul`...).
 *
 * Emitters only read names from here; none claims a name.
 */
import type { EnumType } from '@comidl/parser';
import type { InterfaceModel } from '@comidl/model';
import { propertyKey } from './literal';

/** Reserved words and strict-mode restricted names: not usable as binding names (parameters, locals). */
const reservedWords = new Set([
  'arguments', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default',
  'delete', 'do', 'else', 'enum', 'eval', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if',
  'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null', 'package', 'private',
  'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof',
  'var', 'void', 'while', 'with', 'yield',
]);

/** Names a type declaration cannot take, in addition to the reserved words. */
const reservedTypeNames = new Set([
  'any', 'bigint', 'boolean', 'never', 'number', 'object', 'string', 'symbol', 'undefined', 'unknown',
  'Array', 'Promise', 'Record', 'Readonly', 'Partial', 'Function', 'Object', 'Uint8Array', 'Error', 'Exclude',
]);

/**
 * Module-level names the generated files use for something else: what they import from the runtime beside
 * the library's own names (a test checks the list against `runtimeSymbols`), the layout records, and
 * `__proto__` (an export of that name sets the prototype of a CommonJS module's exports).
 */
export const takenModuleNames: ReadonlySet<string> = new Set([
  'ComAsync', 'ComAsyncProxy', 'ComMock', 'ComMocked', 'ComProxy', 'defineProxyStubs', 'defineStructs', 'defineVtables',
  'E_NOTIMPL', 'InOut', 'MockOptions', 'Out', 'ProtocolDescription', 'ProtocolFake', 'ProxyStubRecord',
  'StructLayout', 'StubDispatch', 'defineProtocol',
  'vtables', 'structs', 'proxyStubs',
  '__proto__',
]);

/** A valid identifier from any IDL name: WinRT's `A.B.IVector<HSTRING>` becomes `A_B_IVector_HSTRING`. */
export function identifier(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_$]+/g, '_').replace(/_+$/g, (m) => (name.endsWith('_') ? m : ''));
  if (/^[0-9]/.test(id)) id = `_${id}`;
  return id || '_';
}

/** A parameter or local name. */
export function bindingName(name: string): string {
  const id = identifier(name);
  return reservedWords.has(id) ? `${id}_` : id;
}

/** A type, interface, class or constant name at module level (before it is made unique in the library). */
export function declarationName(name: string): string {
  const id = identifier(name);
  return reservedWords.has(id) || reservedTypeNames.has(id) || takenModuleNames.has(id) ? `${id}_` : id;
}

/** A property or method name: anything is allowed, quoted when not an identifier. */
export function propertyName(name: string): string {
  return propertyKey(name);
}

/**
 * Hands out unique names within one scope: a name already taken gets `_` appended until it is free, so the
 * same input always gives the same names. Each base name remembers the last name it was given, so handing
 * out n names costs O(n) probes (`probes` counts them), however many of them share a base.
 */
export class NameScope {
  private readonly taken = new Set<string>();
  private readonly last = new Map<string, string>();
  /** How many candidate names were tried: the work done, which tests bound. */
  probes = 0;

  constructor(
    reserved: Iterable<string> = [],
    /** How names compare: `(n) => n.toLowerCase()` for file names on case-insensitive file systems. */
    private readonly key: (name: string) => string = (n) => n,
  ) {
    for (const r of reserved) this.taken.add(key(r));
  }

  has(name: string): boolean {
    return this.taken.has(this.key(name));
  }

  claim(name: string): string {
    let n = this.last.get(name) ?? name;
    this.probes++;
    while (this.taken.has(this.key(n))) {
      n += '_';
      this.probes++;
    }
    this.taken.add(this.key(n));
    this.last.set(name, n);
    return n;
  }
}

/** The modules every generated package has of its own: no IDL file's module may take their names. */
const generatedModules = ['index', 'vtables', 'structs', 'proxy-stubs', 'protocols', 'fakes', 'descriptor', 'library'];

/** File names Windows reserves for devices, with any extension. */
const windowsDevices = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** `ostx.idl` -> `ostx`: a module name safe as a file name (letters, digits, `_`, `-`, `.`). */
export function moduleName(idlFile: string): string {
  const base = idlFile.replace(/\\/g, '/').split('/').pop()!.replace(/\.(idl|h)$/i, '');
  // No leading dot (a hidden file, or `..`), no `.d` before `.ts` (a declaration file to TypeScript).
  let name = base.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^\.+/, '_').replace(/\.d$/i, '_d') || 'module';
  if (windowsDevices.test(name.split('.')[0])) name = `${name}_`;
  return name;
}

/** A scope of module names: unique without regard to case (Windows and macOS file systems), the generated modules' names taken. */
export function moduleNameScope(): NameScope {
  return new NameScope(generatedModules, (n) => n.toLowerCase());
}

/**
 * Names a method of a generated interface cannot take, because the classes that implement it already have
 * them: `constructor` and the rest of `Object.prototype` (every object has them); `then`, which would make
 * every proxy, stub, mock and fake a Promise-like value (`await` on one would call it); and the members of
 * the runtime's mock and fake base classes (ComDouble, ComMock, ProtocolFake), which the generated mocks and
 * fakes extend. A test checks the list against those classes' members.
 */
export const takenMethodNames: ReadonlySet<string> = new Set([
  // Object.prototype
  'constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString',
  'valueOf', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
  // Promise-like values
  'then',
  // ComDouble, ComMock and ProtocolFake
  'answer', 'assertIdle', 'callCount', 'calls', 'callsTo', 'clearCalls', 'comDefault', 'completed',
  'describeCall', 'description', 'events', 'expect', 'fn', 'iidChain', 'layout', 'on', 'onEnter', 'onLeave',
  'plainResult', 'properties', 'refCount', 'reset', 'slotNamed', 'stack', 'state', 'transitions', 'types',
  'verify', 'violations',
]);

/**
 * The key of a method in generated interfaces and classes: the IDL name, except a name in
 * `takenMethodNames`, which gets a trailing `_` (`constructor` -> `constructor_`, `then` -> `then_`).
 * The vtable layout records such a key as the slot's `method`, so that mocks install the method under it.
 */
export function methodKey(name: string): string {
  return takenMethodNames.has(name) ? `${name}_` : name;
}

/** A method name as generated code writes it: the key, quoted when it is not an identifier. */
export function methodName(name: string): string {
  return propertyName(methodKey(name));
}

/**
 * The name of an enum member in its TypeScript enum: the IDL name, except `__proto__`, which an enum object
 * cannot hold as a member (assigning it sets the prototype) and which becomes `__proto___`.
 */
export function enumMemberKey(name: string): string {
  return name === '__proto__' ? '__proto___' : name;
}

/** What the emitters generate for one interface with a vtable. */
export interface GeneratedNames {
  /** `<I>Proxy`: the synchronous proxy class. */
  readonly proxy: string;
  /** `<I>AsyncProxy`. */
  readonly asyncProxy: string;
  /** `<I>Stub`: the stub function. */
  readonly stub: string;
  /** `<I>Mock`: the mock class and its interface. */
  readonly mock: string;
  /** `<I>Fake`: the protocol fake class (when a protocol description names the interface). */
  readonly fake: string;
  /** `<I>Protocol`: the protocol description's data. */
  readonly protocol: string;
  /** `<I>Native`: the native wrapper class (the native package). */
  readonly native: string;
  /** `<I>OutParameters`: per method, its [out] parameters' names and value types (what a mock's `.sets()` takes). */
  readonly outParameters: string;
  /** `<I>States`: per state of the protocol, the structure it hands out (what a fake's `onEnter` hooks take). */
  readonly states: string;
}

const generatedSuffixes: readonly (keyof GeneratedNames)[] = ['proxy', 'asyncProxy', 'stub', 'mock', 'fake', 'protocol', 'native', 'outParameters', 'states'];
const suffixOf: Readonly<Record<keyof GeneratedNames, string>> = {
  proxy: 'Proxy', asyncProxy: 'AsyncProxy', stub: 'Stub', mock: 'Mock', fake: 'Fake', protocol: 'Protocol', native: 'Native',
  outParameters: 'OutParameters', states: 'States',
};

/** An enum member that C puts in the global scope, and the name of its module-level constant. */
export interface LooseMember {
  readonly member: string;
  readonly name: string;
}

/**
 * Every module-level name of a library's generated packages, in one scope: the library claims its
 * declarations' names while it reads the IDL (`declaration`), then `finish` gives names to the enum members
 * C scopes globally and to the classes the emitters generate for each interface. Emitters read the result.
 */
export class LibraryNaming {
  private readonly scope = new NameScope(takenModuleNames);
  private readonly loose = new Map<EnumType, LooseMember[]>();
  private readonly generatedNames = new Map<InterfaceModel, GeneratedNames>();
  private finished = false;

  /** How many candidate names were tried so far (the naming's work). */
  get probes(): number {
    return this.scope.probes;
  }

  /** Whether a module-level name is taken. */
  has(name: string): boolean {
    return this.scope.has(name);
  }

  /** The name of a declaration: the IDL name made a declaration name, then unique. */
  declaration(idlName: string): string {
    this.assertOpen();
    // `GUID` is the runtime's name too; a library that declares GUID exports its own, which generated code then uses.
    return idlName === 'GUID' && !this.scope.has('GUID') ? this.scope.claim('GUID') : this.scope.claim(declarationName(idlName));
  }

  /**
   * Decides the names that come after the declarations: for each enum (in module order) its members whose
   * names are declaration names as they are and taken by no other name, as constants; then, for each interface with a vtable (in
   * `interfaces` order), its generated classes, `_` appended to a name the IDL or an earlier class took.
   */
  finish(enums: readonly { node: EnumType; isDeclared: (member: string) => boolean }[], interfaces: readonly { model: InterfaceModel; tsName: string }[]): void {
    this.assertOpen();
    this.finished = true;
    for (const { node, isDeclared } of enums) {
      const members: LooseMember[] = [];
      for (const m of node.members ?? []) {
        // Only a member whose name is a declaration name as it is (an identifier, no reserved word such as
        // `function` or `eval`, no name generated code imports) and is still free.
        if (isDeclared(m.name) || declarationName(m.name) !== m.name || this.scope.has(m.name)) continue;
        members.push({ member: m.name, name: this.scope.claim(m.name) });
      }
      this.loose.set(node, members);
    }
    for (const { model, tsName } of interfaces) {
      const names = {} as Record<keyof GeneratedNames, string>;
      for (const k of generatedSuffixes) names[k] = this.scope.claim(`${tsName}${suffixOf[k]}`);
      this.generatedNames.set(model, names);
    }
  }

  /** The members of an enum that are also module-level constants, with their names. */
  looseMembers(node: EnumType): readonly LooseMember[] {
    return this.loose.get(node) ?? [];
  }

  /** The generated classes of an interface with a vtable. */
  generated(model: InterfaceModel): GeneratedNames {
    const names = this.generatedNames.get(model);
    if (!names) throw new Error(`interface ${model.name} has no generated names: it has no vtable in this library`);
    return names;
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('the library names are decided; no name can be claimed after the library is built');
  }
}

/** The doc line of a generated class whose name the IDL or another class took first. */
export function renamedClassNote(name: string, wanted: string): string[] {
  return name !== wanted ? [`Named \`${name}\`: \`${wanted}\` is taken by a declaration of the IDL or another generated name.`] : [];
}
