/**
 * The fast structure printer against ts-morph's printStructure. Every run of structures the emitters build
 * for the golden fixtures, idl/mapi-sync and Wine's objidl.idl (when the corpus is fetched) must print the
 * same text both ways, through the fast path. Shapes it supports beyond those, random structures with
 * hostile text, and structures it does not support (which printFiles hands to printStructure) are checked
 * to print the same too.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { printStructure, Scope, StructureKind, VariableDeclarationKind, Writers, type StatementStructures } from 'ts-morph';
import { generate, loadConfig } from '../src';
import * as generatedFile from '../src/generated-file';
import { printStatements } from '../src/structure-printer';
import { caseFolders, generateFixture, REPO_ROOT } from './helpers';

const options = { indentNumberOfSpaces: 2, newLine: '\n' as const, useSingleQuote: true };
const tsMorph = (run: StatementStructures[]) => printStructure({ kind: StructureKind.SourceFile, statements: run }, options).replace(/\n+$/, '');

interface Run {
  file: string;
  statements: StatementStructures[];
}

/** The runs of structures (between statements given as text) of every TypeScript file `produce` prints. */
function runsOf(produce: () => unknown): Run[] {
  const spy = jest.spyOn(generatedFile, 'printFiles');
  let calls: (typeof spy.mock.calls)[number][];
  try {
    produce();
    calls = [...spy.mock.calls];
  } finally {
    spy.mockRestore();
  }
  const runs: Run[] = [];
  for (const f of calls.flatMap(([files]) => files)) {
    if (f.content.kind !== 'ts') continue;
    let statements: StatementStructures[] = [];
    for (const s of [...f.content.statements, '']) {
      if (typeof s !== 'string') statements.push(s);
      else if (statements.length) {
        runs.push({ file: f.path, statements });
        statements = [];
      }
    }
  }
  return runs;
}

function expectSameText(runs: Run[]): void {
  expect(runs.length).toBeGreaterThan(0);
  // The fast path is taken for every run: no fallback.
  expect(runs.filter((r) => printStatements(r.statements) === null).map((r) => r.file)).toEqual([]);
  for (const r of runs) expect({ file: r.file, text: printStatements(r.statements) }).toEqual({ file: r.file, text: tsMorph(r.statements) });
}

const WINE_DIRS = ['usr/include/wine/wine/windows', 'usr/include/wine/wine'].map((d) => path.join(REPO_ROOT, '.cache/wine/root', d));
const OBJIDL = path.join(WINE_DIRS[0], 'objidl.idl');

describe('the fast printer on what the emitters build', () => {
  const kinds = new Set<StructureKind>();
  const check = (runs: Run[]) => {
    for (const r of runs) for (const s of r.statements) kinds.add(s.kind);
    expectSameText(runs);
  };

  it.each(caseFolders())('prints fixture %s as printStructure does', (name) => {
    check(runsOf(() => generateFixture(name)));
  });

  it('prints idl/mapi-sync as printStructure does', () => {
    check(runsOf(() => generate(loadConfig(path.join(REPO_ROOT, 'idl/mapi-sync/comidl.config.json'), REPO_ROOT))));
  });

  if (!existsSync(OBJIDL)) {
    console.warn('skipped: Wine corpus not fetched; run npm run wine:fetch');
    it.skip("prints Wine's objidl.idl as printStructure does", () => undefined);
  } else {
    it("prints Wine's objidl.idl as printStructure does", () => {
      const extra = { root: path.join(REPO_ROOT, '.cache/wine/root'), source: 'usr/include/wine/wine/windows', includeDirs: WINE_DIRS, defines: { __WIDL__: '0x80000', _WIN32: '1' } };
      check(runsOf(() => generateFixture('wine-objidl', OBJIDL, extra)));
    });
  }

  it('has seen every statement kind the emitters build', () => {
    const expected = [StructureKind.ImportDeclaration, StructureKind.ExportDeclaration, StructureKind.TypeAlias, StructureKind.Interface, StructureKind.Enum, StructureKind.VariableStatement, StructureKind.Class, StructureKind.Function];
    expect([...kinds].sort()).toEqual(expected.sort());
  });
});

const doc = (description: string) => [{ description }];

describe('the fast printer on shapes the emitters do not build yet', () => {
  const shapes: Record<string, StatementStructures[]> = {
    'imports and exports with aliases, type-only names and no names': [
      { kind: StructureKind.ImportDeclaration, moduleSpecifier: './a.js', namedImports: [{ name: 'A', alias: 'B' }, { name: 'C', isTypeOnly: true }, 'D'] },
      { kind: StructureKind.ImportDeclaration, moduleSpecifier: 'side-effect' },
      { kind: StructureKind.ExportDeclaration, namedExports: ['A', { name: 'C', alias: 'E' }] },
      { kind: StructureKind.ExportDeclaration, isTypeOnly: true, namedExports: ['F'], moduleSpecifier: '@scope/x' },
    ],
    'type parameters, modifiers and doc comment layouts': [
      { kind: StructureKind.TypeAlias, name: 'Box', typeParameters: ['T', { name: 'U', constraint: 'string', default: "'a'" }], type: '[T, U]', isDefaultExport: true, docs: ['\nstarts with a line break', 'two\n\nlines '] },
      { kind: StructureKind.TypeAlias, name: 'Empty', type: 'never', hasDeclareKeyword: true, docs: [{ description: '' }, { description: 'ends with a space ' }] },
      { kind: StructureKind.VariableStatement, declarationKind: VariableDeclarationKind.Let, declarations: [{ name: 'a', hasExclamationToken: true, type: 'number' }, { name: 'b', initializer: '"x // y"' }] },
      { kind: StructureKind.VariableStatement, declarations: [{ name: 'c', initializer: `'it\\'s'` }], docs: doc('no declaration kind: let') },
    ],
    'interfaces with properties, methods and generic bases': [
      {
        kind: StructureKind.Interface,
        name: 'I',
        typeParameters: ['T'],
        extends: ['A<T>', 'B'],
        properties: [{ name: 'p', isReadonly: true, hasQuestionToken: true, type: 'T', docs: doc('one\ntwo') }, { name: '"quoted.name"' }],
        methods: [{ name: 'm', hasQuestionToken: true, typeParameters: [{ name: 'U', constraint: 'T' }], parameters: [{ name: 'a', hasQuestionToken: true }, { name: 'rest', isRestParameter: true, type: 'U[]' }] }],
      },
      { kind: StructureKind.Interface, name: 'J', extends: ['I<number>'] },
    ],
    'enums with reserved, quoted and initialized members': [
      { kind: StructureKind.Enum, name: 'E', isConst: true, isExported: true, members: [{ name: 'default', value: -1 }, { name: '"a-b"', initializer: '1 << 2' }, { name: 'plain', docs: doc('two\nlines') }, { name: 'x', value: 1.5 }] },
      { kind: StructureKind.Enum, name: 'Empty' },
    ],
    'classes with constructors, modifiers, abstract and generic methods': [
      {
        kind: StructureKind.Class,
        name: 'C',
        isAbstract: true,
        typeParameters: ['T'],
        implements: ['I<T>', 'J'],
        properties: [{ name: 'x', scope: Scope.Private, type: 'T', hasExclamationToken: true }, { name: 'y', isStatic: true, hasQuestionToken: true, hasExclamationToken: true }],
        ctors: [{ parameters: [{ name: 'x', scope: Scope.Protected, isReadonly: true, type: 'T' }], statements: ['super();', 'if (x) {\n  return;\n}', 'this.x = x;'], docs: doc('ctor') }],
        methods: [
          { name: 'a', isAbstract: true, returnType: 'void' },
          { name: 'b', isAsync: true, isGenerator: true, statements: 'yield 1;\n\n  yield 2;' },
          { name: 'c', hasOverrideKeyword: true, statements: [] },
        ],
      },
      { kind: StructureKind.Class, name: 'D', methods: [{ name: 'm' }] },
      { kind: StructureKind.Class, name: 'Empty' },
    ],
    'functions with bodies, declare and defaults': [
      { kind: StructureKind.Function, name: 'f', parameters: [{ name: 'a', type: 'number', initializer: '1' }], statements: ['const g = () => {\n  return a;\n}', 'return g();'] },
      { kind: StructureKind.Function, name: 'g', hasDeclareKeyword: true, returnType: 'void' },
      { kind: StructureKind.VariableStatement, declarations: [{ name: 'after', initializer: '0' }] },
      { kind: StructureKind.Function, name: 'h', isExported: true, isDefaultExport: true },
    ],
  };

  it.each(Object.entries(shapes))('%s', (_, run) => {
    expectSameText([{ file: 'shapes', statements: run }]);
  });
});

describe('the fallback to printStructure', () => {
  const interfaceWith = (extra: object): StatementStructures => ({ kind: StructureKind.Interface, name: 'I', ...extra }) as StatementStructures;
  const unsupported: Record<string, StatementStructures> = {
    'an unsupported statement kind': { kind: StructureKind.Module, name: 'N', statements: ['const a = 1;'] },
    'an unsupported member kind': interfaceWith({ callSignatures: [{ returnType: 'void' }] }),
    'a property the printer does not handle': { kind: StructureKind.TypeAlias, name: 'T', type: 'number', leadingTrivia: '// note' },
    'a writer function': { kind: StructureKind.TypeAlias, name: 'T', type: Writers.unionType('A', 'B') },
    'a type over two lines': { kind: StructureKind.TypeAlias, name: 'T', type: '{\na: number }' },
    'a template literal': { kind: StructureKind.VariableStatement, declarations: [{ name: 'a', initializer: '`x${1}`' }] },
    'a comment in code': interfaceWith({ properties: [{ name: 'a', type: 'number /* n */' }] }),
    'an unclosed string': interfaceWith({ properties: [{ name: "'a", type: 'number' }] }),
    'a trailing comma': { kind: StructureKind.VariableStatement, declarations: [{ name: 'a', initializer: '[1],' }] },
    'a doc comment that ends early': interfaceWith({ docs: ['a */ b'] }),
    'a string enum value': { kind: StructureKind.Enum, name: 'E', members: [{ name: 'A', value: "it's" }] },
    'an ambient class': { kind: StructureKind.Class, name: 'C', hasDeclareKeyword: true, methods: [{ name: 'm' }, { name: 'n' }] },
    'method overloads': { kind: StructureKind.Class, name: 'C', methods: [{ name: 'm', overloads: [{ parameters: [{ name: 'a', type: 'string' }] }], parameters: [{ name: 'a' }] }] },
  };

  it.each(Object.entries(unsupported))('takes %s to printStructure, with the same text', (_, s) => {
    const run: StatementStructures[] = [{ kind: StructureKind.ImportDeclaration, moduleSpecifier: './a.js', namedImports: ['A'] }, s];
    expect(printStatements(run)).toBeNull();
    const [printed] = generatedFile.printFiles([{ path: 'src/a.ts', content: { kind: 'ts', statements: run } }]);
    expect(printed.text).toBe(`${tsMorph(run)}\n`);
  });
});

describe('the fast printer on random structures', () => {
  const hostile = fc.string({ unit: fc.constantFrom('a', 'Z', '_', '1', ' ', "'", '"', '`', '/', '*', '\\', '\n', ',', '{', '}', '$', '<', '>', '.'), maxLength: 12 });
  const plain = fc.constantFrom('x', 'number', 'Out<A | null>', "'a/b'", '"say \\"hi\\" // `no`"', "'it\\'s'", '{ a: 1 }', 'f(a, b)', 'a\n\n  }');
  const text = fc.oneof({ arbitrary: plain, weight: 4 }, { arbitrary: hostile, weight: 1 });
  const name = fc.oneof(fc.constantFrom('a', 'B', 'in', '"q.r"'), text);
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const docs = maybe(fc.array(fc.oneof(text, fc.record({ description: text })), { maxLength: 2 }));
  const parameters = fc.array(fc.record({ name, type: maybe(text), hasQuestionToken: fc.boolean(), initializer: maybe(text) }), { maxLength: 2 });
  const statement: fc.Arbitrary<StatementStructures> = fc.oneof(
    fc.record({ kind: fc.constant(StructureKind.TypeAlias as const), name, type: text, docs, isExported: fc.boolean() }),
    fc.record({ kind: fc.constant(StructureKind.ImportDeclaration as const), moduleSpecifier: text, namedImports: fc.array(name, { maxLength: 2 }) }),
    fc.record({ kind: fc.constant(StructureKind.VariableStatement as const), declarations: fc.array(fc.record({ name, type: maybe(text), initializer: maybe(text) }), { minLength: 1, maxLength: 2 }), docs }),
    fc.record({ kind: fc.constant(StructureKind.Enum as const), name, members: fc.array(fc.record({ name, value: maybe(fc.integer()), initializer: maybe(text), docs }), { maxLength: 3 }) }),
    fc.record({
      kind: fc.constant(StructureKind.Interface as const),
      name,
      extends: fc.array(text, { maxLength: 2 }),
      properties: fc.array(fc.record({ name, type: maybe(text), docs }), { maxLength: 2 }),
      methods: fc.array(fc.record({ name, parameters, returnType: maybe(text) }), { maxLength: 2 }),
    }),
    fc.record({
      kind: fc.constant(StructureKind.Class as const),
      name,
      extends: maybe(text),
      properties: fc.array(fc.record({ name, initializer: maybe(text), isStatic: fc.boolean() }), { maxLength: 2 }),
      methods: fc.array(fc.record({ name, parameters, statements: fc.oneof(text, fc.array(text, { maxLength: 3 })) }), { maxLength: 2 }),
    }),
  );

  it('prints what printStructure prints whenever it does not fall back', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), (run) => {
        const printed = printStatements(run);
        let expected: string | null;
        try {
          expected = tsMorph(run);
        } catch {
          expected = null;
        }
        if (printed !== null) fast++;
        if (printed !== null || expected === null) expect(printed).toBe(expected);
      }),
      { numRuns: 3000 },
    );
    // Hostile text falls back often; plain text must still take the fast path.
    expect(fast).toBeGreaterThan(300);
  });
});
