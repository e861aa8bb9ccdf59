/**
 * `scanTokens`, the hand-written scanner, against Chevrotain's lexer with the same lexicon (`MidlLexer`):
 * the same tokens (type, image, offsets), the same comments, on the fixtures (raw and preprocessed, error
 * fixtures included), the Wine corpus (preprocessed, as `parseIdl` lexes it; skipped with a warning when it
 * has not been fetched) and random text; it gives up (null) exactly where the lexer reports an error.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ILexingResult, IToken } from 'chevrotain';
import fc from 'fast-check';
import { preprocess, type PreprocessOptions } from '../src/preprocessor';
import { scanTokens } from '../src/scanner';
import { MidlLexer } from '../src/tokens';
import { CORPUS_MISSING, ERROR_FIXTURES, fixtureCases, FIXTURES, WINE_IDL_DIRS, wineCorpus } from './helpers';

const shown = (t: IToken) => [t.tokenType.name, t.image, t.startOffset, t.endOffset, t.tokenTypeIdx];
const listed = (r: ILexingResult) => ({ tokens: r.tokens.map(shown), comments: (r.groups['comments'] ?? []).map(shown), errors: r.errors.length });

/** The scanner's result is the lexer's, or null where the lexer reports errors. */
function expectSameTokens(text: string): void {
  const expected = MidlLexer.tokenize(text);
  const actual = scanTokens(text);
  if (expected.errors.length) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(listed(actual!)).toEqual(listed(expected));
  // The same object shape as the lexer's tokens: the parser's property reads stay monomorphic.
  if (expected.tokens.length) expect(Object.keys(actual!.tokens[0]!)).toEqual(Object.keys(expected.tokens[0]!));
}

function preprocessed(file: string, options: PreprocessOptions): string {
  return preprocess(file, readFileSync(file, 'utf8'), options).text;
}

describe('on the fixtures', () => {
  const cases = [...fixtureCases(FIXTURES).map((n) => join(FIXTURES, n)), ...fixtureCases(ERROR_FIXTURES).map((n) => join(ERROR_FIXTURES, n))];
  it.each(cases.map((dir) => [basename(dir), dir]))('%s', (_name, dir) => {
    const file = join(dir, 'input.idl');
    expectSameTokens(readFileSync(file, 'utf8'));
    expectSameTokens(preprocessed(file, { includeDirs: [dir] }));
  });

  it('scans every fixture that lexes without errors (it gives up on none of them)', () => {
    const texts = cases.map((dir) => readFileSync(join(dir, 'input.idl'), 'utf8')).filter((t) => MidlLexer.tokenize(t).errors.length === 0);
    expect(texts.length).toBeGreaterThan(40);
    for (const t of texts) expect(scanTokens(t)).not.toBeNull();
  });
});

describe('on chosen text', () => {
  it.each([
    ['keywords and the words they start', 'interface interfaces int __int3264 __int32x cdecl __stdcall_ import importlib'],
    ['uuids, and words and numbers that look like their start', 'uuid(0000010c-0000-0000-C000-000000000046) deadbeef-1 12345678-1234'],
    ['literals', `L"wide \\" quote" "a\\\\" 'c' L'\\n' 0x1Fu 017 1.5e3f .5 10UL 3.`],
    ['punctuators, longer first', '... .. -> - && & || | == = != ! <= < >= > << >> ~ ^ % + * / : ; , ? { } ( ) [ ]'],
    ['comments', '/* a */ b // c\r\n/** d */ /*/ e */ f /* open'],
    ['pragmas', '#pragma pack(4)\n#  pragma once\n'],
    ['errors it leaves to the lexer', '#include <x>'],
    ['an unterminated string', 'L"open\nx'],
    ['a number running into a word', '12ab'],
    ['a stray character', 'a @ b'],
    ['a number after a dot', '.5x'],
    ['empty text', ''],
  ])('%s', (_name, text) => expectSameTokens(text));
});

describe('on random text', () => {
  // Characters where the lexicon's patterns meet: word and number parts, quotes, escapes, comment and
  // operator starts, line ends, and characters no token starts with.
  const pieces = [...'aLxXeEfFuU_09.-+*/\\"\'#<>=!&|{}()[];:,?~^% \t\r\n@$`', 'pragma', 'interface', '0x', '/*', '*/', '//', '...', '->', '0000010c-0000-0000-C000-000000000046'];
  const textArb = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((p) => p.join(''));

  it('gives the lexer’s tokens, or null exactly where the lexer reports errors', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        expectSameTokens(text);
      }),
      { numRuns: 3000 },
    );
  });
});

const corpus = wineCorpus();

if (!corpus) {
  it.skip('Wine corpus', () => undefined);
  console.warn(CORPUS_MISSING);
} else {
  describe('on the Wine corpus, preprocessed', () => {
    it('scans every file as the lexer does', () => {
      let scanned = 0;
      for (const file of corpus) {
        expectSameTokens(preprocessed(file, { includeDirs: WINE_IDL_DIRS }));
        scanned++;
      }
      expect(scanned).toBe(corpus.length);
    }, 120_000);
  });
}
