/** Line-exact tests of the small pieces: names, doc text, headers. */
import { bindingName, declarationName, docLines, escapeDoc, generatedHeader, identifier } from '../src';
import * as ts from 'typescript';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ComWorkspace } from '@comidl/model';
import { buildLibrary } from '../src/library';
import { methodKey, methodName, moduleName, moduleNameScope, NameScope, propertyName, takenMethodNames, takenModuleNames } from '../src/naming';
import { runtimeSymbols } from '../src/symbols';
import { docOf } from '../src/doc';
import { docs } from '../src/emitters/code';
import { RUNTIME_MOCKS, STRICT_OPTIONS } from './helpers';

/** The names of the members of the runtime's exported class `name` (its instances: own, inherited, protected). */
function runtimeClassMembers(name: string): string[] {
  const program = ts.createProgram([RUNTIME_MOCKS], STRICT_OPTIONS);
  const checker = program.getTypeChecker();
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(RUNTIME_MOCKS)!)!).find((e) => e.name === name);
  if (!exported) throw new Error(`@comidl/runtime/mocks exports no ${name}`);
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  // Symbol-keyed members (`__@…`) and #private fields cannot clash with a method name.
  return checker
    .getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))
    .map((p) => p.name)
    .filter((n) => !n.startsWith('__@') && !n.startsWith('#'));
}

describe('names', () => {
  it('keeps IDL names TypeScript accepts', () => {
    expect(declarationName('IOSTX')).toBe('IOSTX');
    expect(bindingName('lppMAPIError')).toBe('lppMAPIError');
    expect(methodName('SyncBeg')).toBe('SyncBeg');
  });

  it('renames a method every object or the mocks already have, and records the new key', () => {
    expect(methodName('constructor')).toBe('constructor_');
    expect(methodName('toString')).toBe('toString_');
    expect(methodName('verify')).toBe('verify_');
    expect(methodKey('calls')).toBe('calls_');
    expect(methodKey('Verify')).toBe('Verify');
    expect(methodKey('then')).toBe('then_');
    expect(methodName('A.B')).toBe("'A.B'");
  });

  it('takes every member of the runtime mock and fake classes, and of Object.prototype, as taken', () => {
    const members = ['ComMock', 'ProtocolFake'].flatMap(runtimeClassMembers);
    expect(members).toEqual(expect.arrayContaining(['calls', 'verify', 'answer', 'violations']));
    expect(members.filter((m) => !takenMethodNames.has(m))).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).filter((m) => !takenMethodNames.has(m))).toEqual([]);
  });

  it('keeps every name generated files import from the runtime out of the library\'s names', () => {
    expect(Object.values(runtimeSymbols).map((s) => s.name).filter((n) => n !== 'GUID' && !takenModuleNames.has(n))).toEqual([]);
    expect(declarationName('ComMock')).toBe('ComMock_');
    expect(declarationName('__proto__')).toBe('__proto___');
  });

  it('renames reserved words predictably with a trailing underscore', () => {
    expect(bindingName('default')).toBe('default_');
    expect(bindingName('this')).toBe('this_');
    expect(bindingName('arguments')).toBe('arguments_');
    expect(declarationName('delete')).toBe('delete_');
    expect(declarationName('string')).toBe('string_');
    expect(declarationName('Promise')).toBe('Promise_');
    expect(methodName('constructor')).toBe('constructor_');
  });

  it('makes identifiers of WinRT names', () => {
    expect(identifier('Windows.Foundation.IClosable')).toBe('Windows_Foundation_IClosable');
    expect(identifier('Windows.Foundation.Collections.IVector<HSTRING>')).toBe('Windows_Foundation_Collections_IVector_HSTRING');
    expect(identifier('1st')).toBe('_1st');
  });

  it('quotes property names that are not identifiers', () => {
    expect(propertyName('a.b')).toBe("'a.b'");
    expect(propertyName('ok')).toBe('ok');
  });

  it('hands out unique names in a scope', () => {
    const scope = new NameScope(['Out']);
    expect(scope.claim('Out')).toBe('Out_');
    expect(scope.claim('X')).toBe('X');
    expect(scope.claim('X')).toBe('X_');
    expect(scope.claim('X')).toBe('X__');
    expect(scope.claim('X_')).toBe('X___');
  });

  it('hands out n names of one base with O(n) probes', () => {
    const scope = new NameScope();
    for (let i = 0; i < 2000; i++) scope.claim('L');
    // Each claim tries the last name of its base, then one more: at most 2 probes a name.
    expect(scope.probes).toBeLessThanOrEqual(2 * 2000);
    expect(scope.claim('L')).toBe(`L${'_'.repeat(2000)}`);
  });

  it('claims no name for a repeated declaration: 4,000 typedef long L; take one name, O(n) probes in all', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'comidl-repeat-'));
    try {
      const file = path.join(dir, 'repeat.idl');
      const n = 4000;
      writeFileSync(file, `${'typedef long L;\n'.repeat(n)}${Array.from({ length: n }, (_, i) => `typedef long L${i};`).join('\n')}\n`);
      const library = buildLibrary(new ComWorkspace(), [file], { root: dir });
      const names = library.modules[0]!.declarations.map((d) => d.tsName);
      expect(names.length).toBe(n + 1);
      expect(names.slice(0, 2)).toEqual(['L', 'L0']);
      // One probe a new name (and its IID or enum members, none here): the repeats try none.
      expect(library.naming.probes).toBeLessThanOrEqual(2 * (n + 1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names modules as files every system can hold, unique without regard to case', () => {
    expect(moduleName('idl/mapi-sync/ostx.idl')).toBe('ostx');
    expect(moduleName('a/con.idl')).toBe('con_');
    expect(moduleName('NUL.idl')).toBe('NUL_');
    expect(moduleName('com1.x.idl')).toBe('com1.x_');
    expect(moduleName('types.d.idl')).toBe('types_d');
    expect(moduleName('..idl')).toBe('_');
    expect(moduleName('a*/b\n"c.idl')).toBe('b_c');
    const scope = moduleNameScope();
    expect(['fakes', 'Index', 'ostx', 'OSTX', 'vtables'].map((m) => scope.claim(m))).toEqual(['fakes_', 'Index_', 'ostx', 'OSTX_', 'vtables_']);
  });
});

describe('doc text', () => {
  it('never lets IDL text close a comment: every doc line goes through the comment escaper', () => {
    expect(escapeDoc('a */ b')).toBe('a *\\/ b');
    expect(docLines('x */ y')).toEqual(['x */ y']);
    expect(docs(docLines('x */ y\nz'))).toEqual(['x *\\/ y\nz']);
  });

  it('strips comment decoration and blank edges', () => {
    expect(docLines('\n * first\n * second\n')).toEqual(['first', 'second']);
    expect(docLines(null)).toEqual([]);
  });

  it('falls back to the helpstring', () => {
    const help = [{ name: 'helpstring', arguments: [{ kind: 'string', value: 'ends */ here' }] }];
    expect(docOf(null, help)).toEqual(['ends */ here']);
    expect(docOf('doc wins', help)).toEqual(['doc wins']);
  });

  it('writes the generated header without dates or absolute paths', () => {
    expect(generatedHeader('idl/mapi-sync/ostx.idl')).toBe('// @generated by comidl from idl/mapi-sync/ostx.idl. DO NOT EDIT.\n');
  });
});
