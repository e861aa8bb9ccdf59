/**
 * Names in generated TypeScript. IDL names are kept as written; only names TypeScript cannot take (reserved
 * words, TypeScript's own type names, WinRT's dotted and parameterized names) are renamed, predictably: a
 * trailing `_` (`default` -> `default_`, `string` -> `string_`), dots and brackets to `_`.
 */
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
  'Array', 'Promise', 'Record', 'Readonly', 'Partial', 'Function', 'Object', 'Uint8Array', 'Error',
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

/** A type, interface, class or constant name at module level. */
export function declarationName(name: string): string {
  const id = identifier(name);
  return reservedWords.has(id) || reservedTypeNames.has(id) ? `${id}_` : id;
}

/** A property or method name: anything is allowed, quoted when not an identifier. */
export function propertyName(name: string): string {
  return propertyKey(name);
}

/**
 * Hands out unique names within one scope: a name already taken gets `_` appended until it is free, so the
 * same input always gives the same names.
 */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }

  claim(name: string): string {
    let n = name;
    while (this.taken.has(n)) n += '_';
    this.taken.add(n);
    return n;
  }
}

/** `ostx.idl` -> `ostx`; a module name safe as a file name. */
export function moduleName(idlFile: string): string {
  const base = idlFile.replace(/\\/g, '/').split('/').pop()!.replace(/\.(idl|h)$/i, '');
  return base.replace(/[^A-Za-z0-9_.-]+/g, '_') || 'module';
}

/**
 * Names a method of a generated interface cannot take, because the classes that implement it already have
 * them: `constructor` and the rest of `Object.prototype` (every object has them), and the members of the
 * runtime's mock and fake base classes (ComDouble, ComMock, ProtocolFake), which the generated mocks and
 * fakes extend. A test checks the list against those classes' members.
 */
export const takenMethodNames: ReadonlySet<string> = new Set([
  // Object.prototype
  'constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString',
  'valueOf', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
  // ComDouble, ComMock and ProtocolFake
  'answer', 'assertIdle', 'callCount', 'calls', 'callsTo', 'clearCalls', 'comDefault', 'completed',
  'describeCall', 'description', 'events', 'expect', 'fn', 'iidChain', 'layout', 'on', 'onEnter', 'onLeave',
  'plainResult', 'properties', 'refCount', 'reset', 'slotNamed', 'stack', 'state', 'transitions', 'types',
  'verify', 'violations',
]);

/**
 * The key of a method in generated interfaces and classes: the IDL name, except a name in
 * `takenMethodNames`, which gets a trailing `_` (`constructor` -> `constructor_`, `verify` -> `verify_`).
 * The vtable layout records such a key as the slot's `method`, so that mocks install the method under it.
 */
export function methodKey(name: string): string {
  return takenMethodNames.has(name) ? `${name}_` : name;
}

/** A method name as generated code writes it: the key, quoted when it is not an identifier. */
export function methodName(name: string): string {
  return propertyName(methodKey(name));
}
