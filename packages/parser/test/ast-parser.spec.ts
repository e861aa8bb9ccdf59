/**
 * `MidlAstParser`, which builds the AST in its rules (what `parseIdl` uses for valid input), against the CST
 * path (`MidlParser` and the builders, what it uses for input with errors): for every fixture and every file
 * of the Wine corpus that parses without syntax errors, the two trees are the same, spans and doc comments
 * included. The corpus part is skipped, with a warning, when the corpus has not been fetched.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MidlAstParser } from '../src/ast-parser';
import type { IdlFileCstNode } from '../src/cst';
import { buildContext, cstToAst } from '../src/cst-to-ast';
import { MAX_RULE_DEPTH, MidlParser, ParseStoppedError } from '../src/parser';
import { parseIdl, type IdlFile, type PreprocessOptions } from '../src';
import { columnMappedLines, positionMapper, preprocess } from '../src/preprocessor';
import { SourceMap } from '../src/source-map';
import { MidlLexer } from '../src/tokens';
import { CORPUS_MISSING, firstDifference, fixtureCases, FIXTURES, WINE_IDL_DIRS, wineCorpus } from './helpers';

let parser: MidlAstParser | undefined;
let cstParser: MidlParser | undefined;

/** Preprocesses and lexes as `parseIdl` does. */
function lexFile(file: string, text: string, options: PreprocessOptions) {
  const pre = preprocess(file, text, options);
  const sourceMap = new SourceMap(pre.text, pre.lineFiles, pre.lineNumbers, positionMapper(pre), columnMappedLines(pre));
  const lexed = MidlLexer.tokenize(sourceMap.text);
  return { sourceMap, tokens: lexed.tokens, comments: lexed.groups['comments'] ?? [] };
}

/** The tree of `MidlAstParser`. */
function parseWithActions(file: string, text: string, options: PreprocessOptions): { ast: IdlFile; errors: string[] } {
  const { sourceMap, tokens, comments } = lexFile(file, text, options);
  parser ??= new MidlAstParser();
  const ast = parser.parseFile(tokens, file, buildContext(sourceMap, comments));
  return { ast, errors: parser.errors.map((e) => e.message) };
}

/** The tree of the CST path: `MidlParser`, then the builders. */
function parseWithCst(file: string, text: string, options: PreprocessOptions): { ast: IdlFile; errors: string[] } {
  const { sourceMap, tokens, comments } = lexFile(file, text, options);
  cstParser ??= new MidlParser({ recovery: false });
  cstParser.input = tokens;
  const cst = cstParser.idlFile() as IdlFileCstNode;
  const errors = cstParser.errors.map((e) => e.message);
  return { ast: errors.length ? { kind: 'idl-file', file, statements: [] } : cstToAst(cst, file, sourceMap, comments), errors };
}

/** Both parsers on one file; a file with syntax errors is not compared. */
function expectSameTree(file: string, options: PreprocessOptions): void {
  const text = readFileSync(file, 'utf8');
  const expected = parseWithCst(file, text, options);
  if (expected.errors.length) return;
  const actual = parseWithActions(file, text, options);
  expect(actual.errors).toEqual([]);
  // The first difference reads better than a diff of two large trees; `toEqual` then checks spans too.
  expect(firstDifference(actual.ast, expected.ast)).toBeNull();
  expect(actual.ast).toEqual(expected.ast);
}

it('has the grammar of MidlParser', () => {
  const recorded = (p: { getSerializedGastProductions(): unknown }) => JSON.stringify(p.getSerializedGastProductions());
  expect(recorded(new MidlAstParser({ validate: true }))).toBe(recorded(new MidlParser({ recovery: false })));
});

it('reports a syntax error and keeps no partial statement', () => {
  const { ast, errors } = parseWithActions('bad.idl', 'interface IFoo { HRESULT f(int; };', {});
  expect(errors.length).toBe(1);
  expect(ast.statements).toEqual([]);
});

it('stops on input nested deeper than MidlParser allows', () => {
  const deep = `const int X = ${'('.repeat(MAX_RULE_DEPTH)}1${')'.repeat(MAX_RULE_DEPTH)};`;
  expect(() => parseWithActions('deep.idl', deep, {})).toThrow(ParseStoppedError);
  // The parser stays usable after the stop.
  expect(parseWithActions('ok.idl', 'const int X = 1;', {}).errors).toEqual([]);
});

describe('fixtures', () => {
  it.each(fixtureCases(FIXTURES))('%s', (name) => {
    const dir = join(FIXTURES, name);
    expectSameTree(join(dir, 'input.idl'), { includeDirs: [dir] });
  });
});

const corpus = wineCorpus();

if (!corpus) {
  it.skip('Wine corpus', () => undefined);
  console.warn(CORPUS_MISSING);
} else {
  describe('Wine corpus', () => {
    it.each(corpus.map((f) => [basename(f), f]))('%s', (_name, file) => expectSameTree(file, { includeDirs: WINE_IDL_DIRS }), 120_000);
  });
}

it('is what parseIdl uses for valid input: the same tree as the CST path', () => {
  const text = '/** I. */\n[object, uuid(00000000-0000-0000-0000-000000000001)] interface I : IUnknown { HRESULT F([in] int a[2 << 1]); }';
  expect(parseIdl('m.idl', text, { noPreprocess: true }).ast).toEqual(parseWithCst('m.idl', text, {}).ast);
});
