/** The lexicon's order: which token wins where patterns overlap. */
import { tokenMatcher } from 'chevrotain';
import { AnyWord, BaseTypeKeyword, CallingConvention, MidlLexer, Name, StorageClass } from '../src/tokens';

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
  it('gives every token, comments included, its inclusive end offset as it is made', () => {
    const text = 'interface IFoo /** doc */ { HRESULT F([in] long x = 0x10); }';
    const r = MidlLexer.tokenize(text);
    const all = [...r.tokens, ...(r.groups['comments'] ?? [])];
    expect(all.length).toBeGreaterThan(10);
    for (const t of all) {
      expect(t.endOffset).toBe(t.startOffset + t.image.length - 1);
      expect(text.slice(t.startOffset, t.endOffset! + 1)).toBe(t.image);
    }
  });
});
