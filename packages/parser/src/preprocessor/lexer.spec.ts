import { BLOCK_COMMENT, BLOCK_COMMENT_OPEN, CHAR, IDENT, lexed, lexToken, LINE_COMMENT, NUMBER, OTHER, PUNCT, STRING, WHITESPACE, wouldMerge } from './lexer';

/** Splits `text` into [kind, text] pairs. */
function lex(text: string): [number, string][] {
  const out: [number, string][] = [];
  for (let i = 0; i < text.length; ) {
    const e = lexToken(text, i, text.length);
    out.push([lexed.kind, text.slice(i, e)]);
    i = e;
  }
  return out;
}

describe('lexToken', () => {
  it('lexes identifiers, pp-numbers, strings, characters and punctuators', () => {
    expect(lex('a_1 0x1FuL 1e+5 .5 1.2.3 "s\\"t" L"w" \'c\' L\'\\n\' x')).toEqual([
      [IDENT, 'a_1'],
      [WHITESPACE, ' '],
      [NUMBER, '0x1FuL'],
      [WHITESPACE, ' '],
      [NUMBER, '1e+5'],
      [WHITESPACE, ' '],
      [NUMBER, '.5'],
      [WHITESPACE, ' '],
      [NUMBER, '1.2.3'],
      [WHITESPACE, ' '],
      [STRING, '"s\\"t"'],
      [WHITESPACE, ' '],
      [STRING, 'L"w"'],
      [WHITESPACE, ' '],
      [CHAR, "'c'"],
      [WHITESPACE, ' '],
      [CHAR, "L'\\n'"],
      [WHITESPACE, ' '],
      [IDENT, 'x'],
    ]);
  });

  it('takes the longest punctuator', () => {
    expect(lex('>>=<<=->++--&&||##...::!=').map(([, t]) => t)).toEqual(['>>=', '<<=', '->', '++', '--', '&&', '||', '##', '...', ':', ':', '!=']);
    expect(lex('a.b').map(([k]) => k)).toEqual([IDENT, PUNCT, IDENT]);
  });

  it('lexes comments, and a block comment left open at the end of the range', () => {
    expect(lex('/* a */// b')).toEqual([
      [BLOCK_COMMENT, '/* a */'],
      [LINE_COMMENT, '// b'],
    ]);
    expect(lex('x /* open')).toEqual([
      [IDENT, 'x'],
      [WHITESPACE, ' '],
      [BLOCK_COMMENT_OPEN, '/* open'],
    ]);
  });

  it('lexes an unmatched quote as a lone character and goes on', () => {
    expect(lex("it's /*x*/")).toEqual([
      [IDENT, 'it'],
      [OTHER, "'"],
      [IDENT, 's'],
      [WHITESPACE, ' '],
      [BLOCK_COMMENT, '/*x*/'],
    ]);
    lexToken('"abc', 0, 4);
    expect(lexed.unterminated).toBe(true);
  });

  it('keeps surrogate pairs and other characters whole', () => {
    expect(lex('@\ud83d\ude00$é')).toEqual([
      [OTHER, '@'],
      [OTHER, '\ud83d\ude00'],
      [OTHER, '$'],
      [OTHER, 'é'],
    ]);
  });
});

describe('wouldMerge', () => {
  it.each([
    ['a', 'b', true],
    ['a', '1', true],
    ['1', 'e', true],
    ['1', '.', true],
    ['1e', '+', true],
    ['1', '+', false],
    ['x', '+', false],
    ['L', '"s"', true],
    ['M', '"s"', false],
    ['.', '5', true],
    ['-', '-', true],
    ['-', '>', true],
    ['-', '=', true],
    ['<', '<=', true],
    ['/', '/', true],
    ['/', '*', true],
    ['#', '#', true],
    ['+', '-', false],
    ['(', '(', false],
    [')', 'a', false],
    ['"s"', 'x', false],
  ])('%s then %s: %s', (a, b, merges) => {
    expect(wouldMerge(a, b)).toBe(merges);
  });
});
