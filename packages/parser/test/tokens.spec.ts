/** The lexicon's order: which token wins where patterns overlap. */
import { Lexer, tokenMatcher } from 'chevrotain';
import fc from 'fast-check';
import { allTokens, AnyWord, BaseTypeKeyword, CallingConvention, LEXER_CONFIG, MidlLexer, Name, StorageClass } from '../src/tokens';

it('passes the lexer validations, which lexing skips', () => {
  const validated = new Lexer(allTokens, { ...LEXER_CONFIG, skipValidations: false, deferDefinitionErrorsHandling: true });
  expect(validated.lexerDefinitionErrors.map((e) => e.message)).toEqual([]);
});

/** `Type:image` for every token; comments are listed apart, whitespace dropped. */
function lex(text: string): string[] {
  const r = MidlLexer.tokenize(text);
  expect(r.errors).toEqual([]);
  return r.tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

const names = (text: string) => MidlLexer.tokenize(text).tokens.map((t) => t.tokenType.name);

describe('keywords and identifiers', () => {
  it('takes a whole keyword as a keyword', () => {
    expect(names('interface typedef struct union enum const')).toEqual([
      'InterfaceKeyword',
      'TypedefKeyword',
      'StructKeyword',
      'UnionKeyword',
      'EnumKeyword',
      'ConstKeyword',
    ]);
  });

  it('takes a longer word that starts with a keyword as an identifier', () => {
    expect(lex('interfaces int_ct constant structure import_x')).toEqual([
      'Identifier:interfaces',
      'Identifier:int_ct',
      'Identifier:constant',
      'Identifier:structure',
      'Identifier:import_x',
    ]);
  });

  it('tells the sized integer keywords apart', () => {
    expect(lex('int __int32 __int64 __int3264 __int6 int64')).toEqual([
      'IntKeyword:int',
      'Int32Keyword:__int32',
      'Int64Keyword:__int64',
      'Int3264Keyword:__int3264',
      'Identifier:__int6',
      'Identifier:int64',
    ]);
  });

  it('takes import and importlib apart', () => {
    expect(names('importlib import')).toEqual(['ImportlibKeyword', 'ImportKeyword']);
  });

  it('puts base types, storage classes and calling conventions in their categories', () => {
    const tokens = MidlLexer.tokenize('unsigned long hyper small byte boolean wchar_t extern __stdcall cdecl').tokens;
    expect(tokens.slice(1, 7).every((t) => tokenMatcher(t, BaseTypeKeyword))).toBe(true);
    expect(tokenMatcher(tokens[0], BaseTypeKeyword)).toBe(false);
    expect(tokenMatcher(tokens[7], StorageClass)).toBe(true);
    expect(tokens.slice(8).every((t) => tokenMatcher(t, CallingConvention))).toBe(true);
  });

  it('lets soft keywords serve as names, and every word as an attribute name', () => {
    const [properties, methods, declare, requires, namespace, iface, id] = MidlLexer.tokenize(
      'properties methods declare requires namespace interface foo',
    ).tokens;
    for (const t of [properties, methods, declare, requires, id]) expect(tokenMatcher(t, Name)).toBe(true);
    // Reserved words are never names, whatever the position.
    for (const t of [namespace, iface]) expect(tokenMatcher(t, Name)).toBe(false);
    for (const t of [properties, namespace, iface, id]) expect(tokenMatcher(t, AnyWord)).toBe(true);
  });
});

describe('UUIDs and numbers', () => {
  it('takes a UUID whole, before the number and identifier it starts like', () => {
    expect(lex('00000000-0000-0000-c000-000000000046 deadbeef-0000-4a3c-9f00-000000000001')).toEqual([
      'Uuid:00000000-0000-0000-c000-000000000046',
      'Uuid:deadbeef-0000-4a3c-9f00-000000000001',
    ]);
  });

  it('does not take a UUID followed by more word characters', () => {
    expect(names('00000000-0000-0000-c000-000000000046x')[0]).not.toBe('Uuid');
  });

  it('takes a subtraction of numbers as numbers', () => {
    expect(lex('12345678-1234')).toEqual(['NumberLiteral:12345678', 'Minus:-', 'NumberLiteral:1234']);
  });

  it('takes every number form', () => {
    expect(lex('0 42 0x7FFFFFFF 0xFFu 0755 10UL 42LL 1.5 1.5e10 .5f 2e-3 1.')).toEqual([
      'NumberLiteral:0',
      'NumberLiteral:42',
      'NumberLiteral:0x7FFFFFFF',
      'NumberLiteral:0xFFu',
      'NumberLiteral:0755',
      'NumberLiteral:10UL',
      'NumberLiteral:42LL',
      'NumberLiteral:1.5',
      'NumberLiteral:1.5e10',
      'NumberLiteral:.5f',
      'NumberLiteral:2e-3',
      'NumberLiteral:1.',
    ]);
  });

  it('takes a version number as a number', () => {
    expect(lex('version(1.0)')).toEqual(['Identifier:version', 'LParen:(', 'NumberLiteral:1.0', 'RParen:)']);
  });
});

describe('punctuation', () => {
  it('keeps >> and << as two tokens each, so that nested type arguments close', () => {
    expect(names('IVector<IVector<HSTRING>>')).toEqual([
      'Identifier',
      'Less',
      'Identifier',
      'Less',
      'Identifier',
      'Greater',
      'Greater',
    ]);
    expect(names('1 << 4')).toEqual(['NumberLiteral', 'Less', 'Less', 'NumberLiteral']);
  });

  it('takes longer operators before their prefixes', () => {
    expect(names('... -> && || == != <= >= . - & | = ! < >')).toEqual([
      'Ellipsis',
      'Arrow',
      'AndAnd',
      'OrOr',
      'EqualEqual',
      'NotEqual',
      'LessEqual',
      'GreaterEqual',
      'Dot',
      'Minus',
      'Ampersand',
      'Pipe',
      'Equals',
      'Bang',
      'Less',
      'Greater',
    ]);
  });
});

describe('literals, comments and pragmas', () => {
  it('takes narrow and wide strings and characters with their escapes', () => {
    expect(lex(`"a\\"b" L"wide" 'x' L'y' '\\''`)).toEqual([
      'StringLiteral:"a\\"b"',
      'StringLiteral:L"wide"',
      "CharLiteral:'x'",
      "CharLiteral:L'y'",
      "CharLiteral:'\\''",
    ]);
  });

  it('does not let a string run past the end of its line', () => {
    const r = MidlLexer.tokenize('"open\nx"');
    expect(r.errors.length).toBeGreaterThan(0);
  });

  it('groups comments apart from the tokens', () => {
    const r = MidlLexer.tokenize('/** doc */ a // line\n/* block */ b /* open');
    expect(r.tokens.map((t) => t.image)).toEqual(['a', 'b']);
    expect((r.groups['comments'] ?? []).map((t) => t.tokenType.name)).toEqual([
      'BlockComment',
      'LineComment',
      'BlockComment',
      'UnterminatedComment',
    ]);
  });

  it('keeps a #pragma line as one token', () => {
    expect(lex('#pragma pack(push, 8)\nint')).toEqual(['PragmaLine:#pragma pack(push, 8)', 'IntKeyword:int']);
  });
});

describe('token offsets', () => {
  it('gives every token, comments included, the offset of its image in the text', () => {
    const text = 'interface IFoo /** doc */ { HRESULT F([in] long x = 0x10, L"s\\"", \'c\'); }';
    const r = MidlLexer.tokenize(text);
    const all = [...r.tokens, ...(r.groups['comments'] ?? [])];
    expect(all.length).toBeGreaterThan(10);
    for (const t of all) expect(text.slice(t.startOffset, t.startOffset + t.image.length)).toBe(t.image);
  });
});

describe('string and character literals', () => {
  /** The literals as C writes them, the rule the lexer's loop follows, as a regular expression. */
  const reference = { StringLiteral: /^L?"(?:[^"\\\r\n]|\\[\s\S])*"/, CharLiteral: /^L?'(?:[^'\\\r\n]|\\[\s\S])*'/ };

  it('takes a literal exactly where the C rule does, on random text', () => {
    const pieces = [...'"\'L\\xn \t\r\n;', 'L"', "L'", '\\"', "\\'", '\\\\'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((p) => p.join('')), (text) => {
        const first = MidlLexer.tokenize(text).tokens[0];
        const expected = Object.entries(reference)
          .map(([name, re]) => ({ name, match: re.exec(text)?.[0] }))
          .find((m) => m.match !== undefined);
        if (expected) expect([first?.tokenType.name, first?.image]).toEqual([expected.name, expected.match]);
        else expect(first?.startOffset === 0 && /Literal$/.test(first.tokenType.name)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a literal of ten million characters or five million escapes whole', () => {
    // A regular expression with a repeated group would overflow the stack on these.
    for (const body of ['x'.repeat(10_000_000), '\\n'.repeat(5_000_000)]) {
      const r = MidlLexer.tokenize(`"${body}" L'${body}'`);
      expect(r.errors).toEqual([]);
      expect(r.tokens.map((t) => [t.tokenType.name, t.image.length])).toEqual([
        ['StringLiteral', body.length + 2],
        ['CharLiteral', body.length + 3],
      ]);
    }
  });
});

describe('on random text', () => {
  // Characters where the lexicon's patterns meet: word and number parts, quotes, escapes, comment and
  // operator starts, line ends, and characters no token starts with.
  const pieces = [...'aLxXeEfFuU_09.-+*/\\"\'#<>=!&|{}()[];:,?~^% \t\r\n@$`', 'pragma', 'interface', '0x', '/*', '*/', '//', '...', '->', '0000010c-0000-0000-C000-000000000046'];
  const textArb = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((p) => p.join(''));

  it('covers the text with tokens, comments, whitespace and errors, in order', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const r = MidlLexer.tokenize(text);
        const pieces = [
          ...[...r.tokens, ...(r.groups['comments'] ?? [])].map((t) => ({ start: t.startOffset, text: t.image })),
          ...r.errors.map((e) => ({ start: e.offset, text: text.slice(e.offset, e.offset + e.length) })),
        ].sort((a, b) => a.start - b.start);
        let at = 0;
        for (const p of pieces) {
          expect(text.slice(at, p.start)).toMatch(/^[ \t\r\n\f\v]*$/);
          expect(text.slice(p.start, p.start + p.text.length)).toBe(p.text);
          at = p.start + p.text.length;
        }
        expect(text.slice(at)).toMatch(/^[ \t\r\n\f\v]*$/);
      }),
      { numRuns: 3000 },
    );
  });
});
