/**
 * Statements are built while the parse goes on (`MidlParser.statementParsed`), at every level, and the tree
 * is the one built from the whole CST afterwards.
 */
import type { CstNode } from 'chevrotain';
import { parseIdl, SourceMap } from '../src';
import type { IdlFileCstNode } from '../src/cst';
import { cstToAst } from '../src/cst-to-ast';
import { MidlParser, type BuiltCstNode } from '../src/parser';
import { MidlLexer } from '../src/tokens';

const text = `
import "unknwn.idl";
/** The library. */
[uuid(00000000-0000-0000-0000-000000000001)]
library L {
  interface I;
  /** A type. */
  typedef int T;
  namespace N { interface J; const int K = (1 << 2) + 3; }
}
cpp_quote("end")
`;

it('hands each statement to the callback once it is parsed, inner ones before their parents', () => {
  const parser = new MidlParser({ recovery: false });
  const seen: string[] = [];
  parser.statementParsed = (statement: CstNode) => {
    const first = statement.location!.startOffset;
    seen.push(text.slice(first, first + 12).replace(/\s+/g, ' '));
    return seen.length;
  };
  parser.input = MidlLexer.tokenize(text).tokens;
  const cst = parser.idlFile() as IdlFileCstNode;
  expect(parser.errors).toEqual([]);
  expect(seen).toEqual(['import "unkn', 'interface I;', 'typedef int ', 'interface J;', 'const int K ', 'namespace N ', '[uuid(000000', 'cpp_quote("e']);
  // Each node keeps what the callback made of it, and nothing else.
  const top = cst.children.statement as BuiltCstNode[];
  expect(top.map((s) => s.built)).toEqual([1, 7, 8]);
  expect(top.map((s) => Object.keys(s.children))).toEqual([[], [], []]);
});

it('gives the tree that is built from the whole CST afterwards', () => {
  const parser = new MidlParser({ recovery: false });
  parser.input = MidlLexer.tokenize(text).tokens;
  const cst = parser.idlFile() as IdlFileCstNode;
  const comments = MidlLexer.tokenize(text).groups['comments'] ?? [];
  const whole = cstToAst(cst, 'm.idl', SourceMap.identity('m.idl', text), comments);
  const parsed = parseIdl('m.idl', text, { noPreprocess: true });
  expect(parsed.diagnostics).toEqual([]);
  expect(parsed.ast).toEqual(whole);
  expect(whole.statements.map((s) => s.kind)).toEqual(['import', 'library', 'cpp-quote']);
});
