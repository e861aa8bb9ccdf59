/**
 * The MIDL lexicon, in one place and in a deliberate order (Chevrotain tries patterns in array order):
 * skipped whitespace and comments, `#pragma` lines, UUIDs before numbers and identifiers, literals,
 * keywords (each with `longer_alt: Identifier`), identifiers, then punctuation with longer operators first.
 *
 * Keywords come in two kinds. Reserved words (types, `typedef`, `interface`...) are never names.
 * Soft keywords (`properties`, `methods`, `namespace`, `declare`...) also belong to the `Name` category, so
 * they can still name a parameter or a field; the grammar asks for them by token where they are keywords.
 */
import { createToken, Lexer, type CustomPatternMatcherReturn, type ILexerConfig, type TokenType } from 'chevrotain';

export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
export const BaseTypeKeyword = createToken({ name: 'BaseTypeKeyword', pattern: Lexer.NA });
export const CallingConvention = createToken({ name: 'CallingConvention', pattern: Lexer.NA });
export const StorageClass = createToken({ name: 'StorageClass', pattern: Lexer.NA });
/** Any word at all, reserved or not: attribute names may be keywords (`in`, `default`, `case`...). */
export const AnyWord = createToken({ name: 'AnyWord', pattern: Lexer.NA });
/**
 * Operators of constant expressions, as categories: one token match per operator instead of a rule call
 * choosing among alternatives, which matters in expression-heavy files (mshtml.idl's DISPIDs).
 */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });
export const PrefixOperator = createToken({ name: 'PrefixOperator', pattern: Lexer.NA });

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: 'comments',
  line_breaks: true,
});
/** Tried after `BlockComment`: a comment no `*\/` closes runs to the end of the text; `parseIdl` reports it. */
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  group: 'comments',
  line_breaks: true,
});
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
/** A `#pragma` line survives preprocessing and is kept as one token. */
export const PragmaLine = createToken({ name: 'PragmaLine', pattern: /#[ \t]*pragma\b[^\r\n]*/ });

export const Uuid = createToken({
  name: 'Uuid',
  pattern: /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9a-zA-Z_])/,
});
/**
 * String and character literals: `"a\"b"`, `L"wide"`, `'c'`, `L'\n'`, on one line (an escape may take any
 * character, a line end included). They are matched by a loop (`quoted`) rather than a regular expression:
 * a regular expression with a repeated group takes stack per repetition, and a literal of a few million
 * escapes (or a 10 MB one with a regular expression of alternatives) overflows it.
 */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: (text, offset) => quoted(text, offset, 34 /* " */),
  start_chars_hint: ['"', 'L'],
  line_breaks: true,
});
export const CharLiteral = createToken({
  name: 'CharLiteral',
  pattern: (text, offset) => quoted(text, offset, 39 /* ' */),
  start_chars_hint: ["'", 'L'],
  line_breaks: true,
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern:
    /(?:0[xX][0-9a-fA-F]+[uUlL]*|(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?[fFlL]?|\d+[eE][+-]?\d+[fFlL]?|\d+[uUlL]*)(?![0-9a-zA-Z_])/,
});

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name, AnyWord],
});

/** A token type for whole words (`words` as alternatives). */
function wordToken(name: string, words: readonly string[], categories: TokenType[]): TokenType {
  return createToken({
    name,
    pattern: new RegExp(`${words.length === 1 ? words[0] : `(?:${words.join('|')})`}(?![A-Za-z0-9_])`),
    longer_alt: Identifier,
    categories: [AnyWord, ...categories],
  });
}

function keyword(word: string, categories: TokenType[] = []): TokenType {
  return wordToken(word.replace(/^_+/, '').replace(/^\w/, (c) => c.toUpperCase()) + 'Keyword', [word], categories);
}

// Reserved words.
export const Typedef = keyword('typedef');
export const Struct = keyword('struct');
export const Union = keyword('union');
export const Enum = keyword('enum');
export const Const = keyword('const');
export const Volatile = keyword('volatile');
export const Interface = keyword('interface');
export const Dispinterface = keyword('dispinterface');
export const Coclass = keyword('coclass');
export const Library = keyword('library');
export const Import = keyword('import');
export const Importlib = keyword('importlib');
export const CppQuote = keyword('cpp_quote');
export const MidlPragma = keyword('midl_pragma');
export const Switch = keyword('switch');
export const Case = keyword('case');
export const Default = keyword('default');
export const Sizeof = keyword('sizeof');
export const Signed = keyword('signed');
export const Unsigned = keyword('unsigned');
export const Void = keyword('void', [BaseTypeKeyword]);
export const Char = keyword('char', [BaseTypeKeyword]);
export const Short = keyword('short', [BaseTypeKeyword]);
export const Int = keyword('int', [BaseTypeKeyword]);
export const Long = keyword('long', [BaseTypeKeyword]);
export const Hyper = keyword('hyper', [BaseTypeKeyword]);
export const Small = keyword('small', [BaseTypeKeyword]);
export const Int32 = keyword('__int32', [BaseTypeKeyword]);
export const Int64 = keyword('__int64', [BaseTypeKeyword]);
export const Int3264 = keyword('__int3264', [BaseTypeKeyword]);
export const Float = keyword('float', [BaseTypeKeyword]);
export const Double = keyword('double', [BaseTypeKeyword]);
export const Boolean = keyword('boolean', [BaseTypeKeyword]);
export const Byte = keyword('byte', [BaseTypeKeyword]);
export const WcharT = keyword('wchar_t', [BaseTypeKeyword]);
export const Extern = keyword('extern', [StorageClass]);
export const Static = keyword('static', [StorageClass]);
export const Inline = keyword('inline', [StorageClass]);
export const Register = keyword('register', [StorageClass]);
export const CdeclKeyword = wordToken(
  'CdeclKeyword',
  ['__cdecl', '_cdecl', 'cdecl', '__stdcall', '_stdcall', 'stdcall', '__fastcall', '_fastcall', '__pascal', '_pascal', 'pascal', '__thiscall'],
  [CallingConvention],
);

// Soft keywords: keywords where the grammar expects them, names everywhere else.
export const Properties = keyword('properties', [Name]);
export const Methods = keyword('methods', [Name]);
export const Module = keyword('module');
export const Namespace = keyword('namespace');
export const Runtimeclass = keyword('runtimeclass');
export const Apicontract = keyword('apicontract');
export const Delegate = keyword('delegate');
export const Declare = keyword('declare', [Name]);
export const Requires = keyword('requires', [Name]);

// Punctuation: longer operators before their prefixes. `<<`, `>>` are two tokens each, so nested template
// arguments close with `>>`; the expression grammar joins adjacent `<` `<` and `>` `>` into shifts.
export const Ellipsis = createToken({ name: 'Ellipsis', pattern: /\.\.\./ });
export const Arrow = createToken({ name: 'Arrow', pattern: /->/ });
export const AndAnd = createToken({ name: 'AndAnd', pattern: /&&/, categories: [BinaryOperator] });
export const OrOr = createToken({ name: 'OrOr', pattern: /\|\|/, categories: [BinaryOperator] });
export const EqualEqual = createToken({ name: 'EqualEqual', pattern: /==/, categories: [BinaryOperator] });
export const NotEqual = createToken({ name: 'NotEqual', pattern: /!=/, categories: [BinaryOperator] });
export const LessEqual = createToken({ name: 'LessEqual', pattern: /<=/, categories: [BinaryOperator] });
export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: />=/, categories: [BinaryOperator] });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });
export const Question = createToken({ name: 'Question', pattern: /\?/ });
export const Star = createToken({ name: 'Star', pattern: /\*/, categories: [BinaryOperator, PrefixOperator] });
export const Ampersand = createToken({ name: 'Ampersand', pattern: /&/, categories: [BinaryOperator, PrefixOperator] });
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/, categories: [BinaryOperator] });
export const Caret = createToken({ name: 'Caret', pattern: /\^/, categories: [BinaryOperator] });
export const Tilde = createToken({ name: 'Tilde', pattern: /~/, categories: [PrefixOperator] });
export const Bang = createToken({ name: 'Bang', pattern: /!/, categories: [PrefixOperator] });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, categories: [BinaryOperator, PrefixOperator] });
export const Minus = createToken({ name: 'Minus', pattern: /-/, categories: [BinaryOperator, PrefixOperator] });
export const Slash = createToken({ name: 'Slash', pattern: /\//, categories: [BinaryOperator] });
export const Percent = createToken({ name: 'Percent', pattern: /%/, categories: [BinaryOperator] });
export const Less = createToken({ name: 'Less', pattern: /</, categories: [BinaryOperator] });
export const Greater = createToken({ name: 'Greater', pattern: />/, categories: [BinaryOperator] });

export const allTokens: TokenType[] = [
  WhiteSpace,
  BlockComment,
  UnterminatedComment,
  LineComment,
  PragmaLine,
  Uuid,
  StringLiteral,
  CharLiteral,
  NumberLiteral,
  Typedef,
  Struct,
  Union,
  Enum,
  Const,
  Volatile,
  Interface,
  Dispinterface,
  Coclass,
  Library,
  Importlib,
  Import,
  CppQuote,
  MidlPragma,
  Switch,
  Case,
  Default,
  Sizeof,
  Signed,
  Unsigned,
  Void,
  Char,
  Short,
  Int3264,
  Int32,
  Int64,
  Int,
  Long,
  Hyper,
  Small,
  Float,
  Double,
  Boolean,
  Byte,
  WcharT,
  Extern,
  Static,
  Inline,
  Register,
  CdeclKeyword,
  Properties,
  Methods,
  Module,
  Namespace,
  Runtimeclass,
  Apicontract,
  Delegate,
  Declare,
  Requires,
  Identifier,
  Ellipsis,
  Arrow,
  AndAnd,
  OrOr,
  EqualEqual,
  NotEqual,
  LessEqual,
  GreaterEqual,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Semicolon,
  Comma,
  Colon,
  Equals,
  Dot,
  Question,
  Star,
  Ampersand,
  Pipe,
  Caret,
  Tilde,
  Bang,
  Plus,
  Minus,
  Slash,
  Percent,
  Less,
  Greater,
  // Categories last: they match nothing themselves.
  Name,
  BaseTypeKeyword,
  CallingConvention,
  StorageClass,
  AnyWord,
  BinaryOperator,
  PrefixOperator,
];

/**
 * The literal with the quote `quote` (optionally `L`-prefixed) at `offset`, up to its closing quote on the same
 * line; null when there is none (the lexer then reports the opening quote).
 */
function quoted(text: string, offset: number, quote: number): CustomPatternMatcherReturn | null {
  let i = offset;
  if (text.charCodeAt(i) === 76 /* L */) i++;
  if (text.charCodeAt(i) !== quote) return null;
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === quote) return [text.slice(offset, i + 1)];
    if (c === 92 /* \ */) i++;
    else if (c === 10 || c === 13) return null;
  }
  return null;
}

/**
 * How the lexer is made. Tokens carry their start offset only: spans come from the source map, which turns
 * offsets into original lines and columns, and a token's end is its start plus its image. Every pattern
 * must allow Chevrotain's first-character optimization. The lexicon's validations cost 10-40 ms at every
 * start; a unit test runs them (`skipValidations: false`) instead.
 */
export const LEXER_CONFIG: ILexerConfig = {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
  skipValidations: true,
};

/** Chevrotain's lexer over the lexicon. */
export const MidlLexer = new Lexer(allTokens, LEXER_CONFIG);
