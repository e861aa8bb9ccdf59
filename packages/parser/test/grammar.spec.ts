/**
 * The grammar, `MidlParser`: it passes Chevrotain's own checks (ambiguities, left recursion, unreachable
 * alternatives...), which parsing skips for speed; and it stops, located, where the input nests too deeply.
 */
import { MidlParser } from '../src/parser';
import { MAX_RULE_DEPTH, ParseStoppedError } from '../src/parse-limits';
import { buildContext } from '../src/build-context';
import { SourceMap } from '../src/source-map';
import { MidlLexer } from '../src/tokens';

it('passes the grammar validations', () => {
  expect(() => new MidlParser({ validate: true })).not.toThrow();
});

/** Parses text with a parser of its own, without preprocessing. */
function parse(parser: MidlParser, text: string) {
  const ast = parser.parseFile(MidlLexer.tokenize(text).tokens, 'g.idl', buildContext(SourceMap.identity('g.idl', text), []));
  return { ast, errors: parser.errors.map((e) => e.message) };
}

it('stops where more than MAX_RULE_DEPTH rules would be active, and stays usable', () => {
  const parser = new MidlParser();
  // Each parenthesis is two rules (expression, unaryExpression) below the five that lead to the constant.
  const deep = `const int X = ${'('.repeat(MAX_RULE_DEPTH)}1${')'.repeat(MAX_RULE_DEPTH)};`;
  let stop: unknown;
  try {
    parse(parser, deep);
  } catch (error) {
    stop = error;
  }
  expect(stop).toBeInstanceOf(ParseStoppedError);
  expect((stop as ParseStoppedError).reason).toBe('too-deep');
  expect((stop as ParseStoppedError).token.image).toBe('(');
  // One level less than the limit allows is parsed in full.
  const levels = Math.floor((MAX_RULE_DEPTH - 7) / 2);
  const fits = parse(parser, `const int X = ${'('.repeat(levels)}1${')'.repeat(levels)};`);
  expect(fits.errors).toEqual([]);
  expect(fits.ast.statements.map((s) => s.kind)).toEqual(['const']);
  expect(parse(parser, 'const int X = 1;').errors).toEqual([]);
});
