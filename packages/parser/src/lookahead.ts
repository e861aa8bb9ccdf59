/**
 * The grammar's lookahead predicates (its GATEs). They read the token stream through the parser's `LA`,
 * `LA(0)` being the token just consumed.
 */
import { tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens';

/** What the predicates need of a parser. */
export interface Lookahead {
  LA(howMuch: number): IToken;
}

/** The operator just consumed is `<` or `>` and the same character follows right after it: a shift. */
export function isShiftEnd(p: Lookahead): boolean {
  const a = p.LA(0);
  const b = p.LA(1);
  return (a.tokenType === T.Less || a.tokenType === T.Greater) && b.tokenType === a.tokenType && b.startOffset === a.startOffset + 1;
}

/** In `transmit_as(T *)` a trailing `*` is a pointer, not a multiplication: it ends the argument. */
export function isTrailingStar(p: Lookahead): boolean {
  if (p.LA(1).tokenType !== T.Star) return false;
  const t = p.LA(2).tokenType;
  return t === T.RParen || t === T.Comma || t === T.Star;
}

/**
 * `(` starts a nested declarator, `(*pfn)` or `(__stdcall *pfn)`, rather than a parameter list; so does a
 * parenthesized name before a suffix, `(FN)(int)` or `(ARR)[4]`, which as a parameter list would be one
 * unnamed parameter followed by a second list.
 */
export function isNestedDeclarator(p: Lookahead): boolean {
  if (p.LA(1).tokenType !== T.LParen) return false;
  const next = p.LA(2).tokenType;
  if (next === T.Star || next === T.CdeclKeyword || next === T.LParen) return true;
  const after = p.LA(4).tokenType;
  return tokenMatcher(p.LA(2), T.Name) && p.LA(3).tokenType === T.RParen && (after === T.LParen || after === T.LBracket);
}

/**
 * A `[` that opens an attribute list, not an array suffix or an index: `[object, uuid(...)]`, `[in]`,
 * `[propget] HRESULT ...`. It follows a declaration whose `;` is missing, and the error is then the missing `;`
 * (at the end of the declaration) instead of a bad array size inside the next declaration's attributes. A size
 * never holds a top-level `,`, a call, or a keyword other than `sizeof`, and `[N]` is followed by another
 * suffix or by what ends a declarator, never by a word.
 */
export function isAttributeListAhead(p: Lookahead): boolean {
  if (p.LA(1).tokenType !== T.LBracket) return false;
  const word = p.LA(2);
  if (!tokenMatcher(word, T.AnyWord) || word.tokenType === T.Sizeof) return false;
  const next = p.LA(3).tokenType;
  if (next === T.Comma || next === T.LParen) return true;
  if (!tokenMatcher(word, T.Name)) return true;
  return next === T.RBracket && tokenMatcher(p.LA(4), T.AnyWord);
}

/** A type keyword (`unsigned`, `struct`, `const`...) can only start a type, never an expression. */
export function startsTypeOnly(p: Lookahead): boolean {
  return typeOnlyStarts.has(p.LA(1).tokenType);
}

/** `SAFEARRAY(T)`; a bare `SAFEARRAY` is an ordinary type name. */
export function isSafeArray(p: Lookahead, at = 1): boolean {
  return p.LA(at).image === 'SAFEARRAY' && p.LA(at + 1).tokenType === T.LParen;
}

/** `(unsigned long) x` and `(struct s *) p` are casts; `(NAME) x` only when a value follows directly. */
export function isCast(p: Lookahead): boolean {
  if (p.LA(1).tokenType !== T.LParen) return false;
  if (typeOnlyStarts.has(p.LA(2).tokenType) || isSafeArray(p, 2)) return true;
  if (p.LA(2).tokenType !== T.Identifier) return false;
  let i = 3;
  while (p.LA(i).tokenType === T.Star) i++;
  if (p.LA(i).tokenType !== T.RParen) return false;
  if (i > 3) return true;
  const after = p.LA(i + 1).tokenType;
  return (
    after === T.NumberLiteral ||
    after === T.Identifier ||
    after === T.LParen ||
    after === T.Tilde ||
    after === T.Bang ||
    after === T.CharLiteral
  );
}

const typeOnlyStarts = new Set<TokenType>([
  T.Signed,
  T.Unsigned,
  T.Void,
  T.Char,
  T.Short,
  T.Int,
  T.Long,
  T.Hyper,
  T.Small,
  T.Int32,
  T.Int64,
  T.Int3264,
  T.Float,
  T.Double,
  T.Boolean,
  T.Byte,
  T.WcharT,
  T.Struct,
  T.Union,
  T.Enum,
  T.Const,
  T.Volatile,
]);
