/**
 * Line-exact tests of the pieces the emitters print with: the type model through ts-morph's writer, the
 * literal helper, and imports worked out from symbols. Each piece is printed the way the emitters print it:
 * in a structure, by ts-morph's `printStructure`.
 */
import fc from 'fast-check';
import { printStructure, StructureKind, VariableDeclarationKind, type WriterFunction } from 'ts-morph';
import * as ts from 'typescript';
import { FileImports } from '../src/imports';
import { construct, deep, lines, record, stringLiteral, type Literal } from '../src/literal';
import { literalWriter } from '../src/literal-writer';
import { globalSymbols, runtimeSymbols, type TsSymbol } from '../src/symbols';
import { arrayOf, nonNullable, nullable, objectType, reference, tsNull, tsNumber, tsString, tsUnknown, union, type TsType } from '../src/ts-type';
import { typeWriter } from '../src/type-writer';

const settings = { indentNumberOfSpaces: 2, newLine: '\n' as const, useSingleQuote: true };

/** `const x: T = V;` as printStructure prints it, without the final newline. */
function declaration(type: WriterFunction | undefined, initializer?: WriterFunction): string {
  return printStructure(
    { kind: StructureKind.VariableStatement, declarationKind: VariableDeclarationKind.Const, declarations: [{ name: 'x', type, initializer }] },
    settings,
  ).trimEnd();
}

const printType = (t: TsType) => declaration(typeWriter(t)).replace(/^const x: |;$/g, '');
const printLiteral = (v: Literal) => declaration(undefined, literalWriter(v)).replace(/^const x = |;$/g, '');

const symbol = (name: string, module = 'wtypes'): TsSymbol => ({ name, home: { kind: 'package', package: 'interfaces', module } });
const ULONG = reference(symbol('ULONG'));

describe('the type model, printed', () => {
  it('prints references with type arguments, unions, arrays and object types', () => {
    expect(printType(reference(runtimeSymbols.Out, nullable(ULONG)))).toBe('Out<ULONG | null>');
    expect(printType(reference(globalSymbols.Record, tsString, tsUnknown))).toBe('Record<string, unknown>');
    expect(printType(arrayOf(ULONG))).toBe('ULONG[]');
    expect(printType(objectType([{ name: 'a', optional: false, type: ULONG }, { name: 'b c', optional: true, type: nullable(tsString) }]))).toBe(
      "{ a: ULONG; 'b c'?: string | null }",
    );
  });

  it('parenthesizes a union element of an array, and only that', () => {
    expect(printType(arrayOf(nullable(ULONG)))).toBe('(ULONG | null)[]');
    expect(printType(arrayOf(objectType([{ name: 'a', optional: false, type: nullable(ULONG) }])))).toBe('{ a: ULONG | null }[]');
  });

  it('adds `| null` once, never to unknown, and takes it away again', () => {
    expect(nullable(nullable(ULONG))).toEqual(union(ULONG, tsNull));
    expect(nullable(tsUnknown)).toBe(tsUnknown);
    expect(union(union(ULONG, tsNumber), tsNull)).toEqual({ kind: 'union', types: [ULONG, tsNumber, tsNull] });
    expect(printType(nonNullable(union(arrayOf(ULONG), tsNull)))).toBe('ULONG[]');
  });
});

/** What could end a string, a line or a comment, or start a template or a comment. */
const specials = ["'", '"', '`', '\\', '\n', '\r', '\t', '\u2028', '\u2029', '\u0000', '\u007f', '$', '{', '}', '/', '*', ' ', 'a'];

describe('literals, printed', () => {
  it('writes data inline, and one member per line where laid out', () => {
    expect(printLiteral({ name: 'a', n: 1, big: 2n, flag: true, none: null, skipped: undefined, list: [1, 'b'], zero: construct(globalSymbols.Uint8Array, 4) })).toBe(
      "{ name: 'a', n: 1, big: 2n, flag: true, none: null, list: [1, 'b'], zero: new Uint8Array(4) }",
    );
    expect(printLiteral({ 'a.b': {}, c: [] })).toBe("{ 'a.b': {}, c: [] }");
    expect(printLiteral(record({ IOSTX: lines({ slots: lines([{ name: 'A' }, { name: 'B' }]) }) }))).toBe(
      ["{", "    'IOSTX': {", '      slots: [', "        { name: 'A' },", "        { name: 'B' }", '      ]', '    }', '  }'].join('\n'),
    );
    expect(printLiteral(deep({ a: [{ b: 1 }], c: {} }))).toBe(['{', '    a: [', '      {', '        b: 1', '      }', '    ],', '    c: {}', '  }'].join('\n'));
  });

  it('writes __proto__ as a computed key, so that it is a member and not the prototype', () => {
    expect(printLiteral({ ['__proto__']: 1, constructor: 2 })).toBe("{ ['__proto__']: 1, constructor: 2 }");
    expect(printLiteral(record({ ['__proto__']: 1 }))).toBe(["{", "    ['__proto__']: 1", '  }'].join('\n'));
  });

  it('escapes what would end a string or a line', () => {
    expect(stringLiteral("it's \\ 'x'")).toBe("'it\\'s \\\\ \\'x\\''");
    expect(stringLiteral('a\nb\r\tc\u2028\u0001')).toBe("'a\\nb\\r\\tc\\u2028\\u0001'");
    expect(printLiteral("it's")).toBe("'it\\'s'");
    expect(printLiteral('a\nb')).toBe("'a\\nb'");
  });

  it('gives back any string as it was, on one line (generated and parsed back)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom(...specials) }), fc.constantFrom('__proto__', 'constructor', 'toString')), (value) => {
        const text = printLiteral({ value, [value]: 1 });
        expect(text).not.toMatch(/[\n\r\u2028\u2029]/);
        const source = ts.createSourceFile('x.ts', `(${text})`, ts.ScriptTarget.ES2022);
        const object = ((source.statements[0] as ts.ExpressionStatement).expression as ts.ParenthesizedExpression).expression as ts.ObjectLiteralExpression;
        const [first, second] = object.properties as unknown as ts.PropertyAssignment[];
        expect(object.properties).toHaveLength(2);
        expect((first.initializer as ts.StringLiteral).text).toBe(value);
        // `__proto__` is written computed (`['__proto__']`), the one key a literal would otherwise make the prototype.
        const key = ts.isComputedPropertyName(second.name) ? second.name.expression : second.name;
        expect(ts.isStringLiteral(key) || ts.isIdentifier(key) ? key.text : null).toBe(value);
        expect(ts.isComputedPropertyName(second.name)).toBe(value === '__proto__');
      }),
    );
  });
});

describe('imports from symbols', () => {
  const at = { scope: '@lib', package: 'proxies' as const, module: 'ostx' };

  it('imports what the types and values a file uses name, from where each is declared', () => {
    const imports = new FileImports(at);
    imports.type(reference(runtimeSymbols.Out, nullable(ULONG)));
    imports.type(reference(globalSymbols.Promise, reference(symbol('HRESULT'))));
    imports.value(symbol('vtables', 'vtables'));
    imports.value({ name: 'IUnknownProxy', home: { kind: 'package', package: 'proxies', module: 'unknwn' } });
    imports.value({ name: 'IOSTXProxy', home: { kind: 'package', package: 'proxies', module: 'ostx' } });
    imports.type(reference(symbol('IOSTX', 'ostx')));
    imports.value(runtimeSymbols.ComProxy);
    imports.type(reference(runtimeSymbols.ComProxy));
    const printed = printStructure({ kind: StructureKind.SourceFile, statements: imports.structures() }, settings);
    expect(printed).toBe(
      [
        "import { ComProxy } from '@comidl/runtime';",
        "import type { Out } from '@comidl/runtime';",
        "import { vtables } from '@lib/interfaces';",
        "import type { HRESULT, IOSTX, ULONG } from '@lib/interfaces';",
        "import { IUnknownProxy } from './unknwn.js';",
        '',
      ].join('\n'),
    );
  });

  it('imports nothing for names that only look like declarations: a property named like a type', () => {
    const imports = new FileImports({ ...at, package: 'interfaces' });
    imports.type(objectType([{ name: 'ULONG', optional: false, type: tsNumber }]));
    expect(imports.structures()).toEqual([]);
  });
});
