/**
 * Preprocessing-token lexer: classifies one token at a time inside a string range.
 *
 * The lexer never allocates for the token itself: `lexToken` returns the end offset and leaves the kind in
 * `lexed.kind`. Callers slice the text only when they need it. It works on one logical line: a block comment
 * that does not close before `end` yields `BLOCK_COMMENT_OPEN`, and an unterminated string or character literal
 * is lexed as its lone quote character (kind `OTHER`, `lexed.unterminated` set), as GCC does, so the rest of
 * the line is still tokenized.
 */

// Token kinds (plain numbers: these are on the hot path).
export const WHITESPACE = 0;
export const LINE_COMMENT = 1;
export const BLOCK_COMMENT = 2;
/** A block comment still open at the end of the range. */
export const BLOCK_COMMENT_OPEN = 3;
export const IDENT = 4;
export const NUMBER = 5;
export const STRING = 6;
export const CHAR = 7;
export const PUNCT = 8;
/** Any other character (`@`, `$`, a stray backslash, non-ASCII, an unmatched quote). */
export const OTHER = 9;
/** Stands for an empty macro argument next to `##` during substitution; never reaches the output. */
export const PLACEMARKER = 10;

// Character classes for codes 0..127.
export const C_IDENT_START = 1;
export const C_DIGIT = 2;
export const C_HSPACE = 4;
export const C_IDENT = C_IDENT_START | C_DIGIT;

export const charClass = new Uint8Array(128);
for (let c = 65; c <= 90; c++) charClass[c] = C_IDENT_START;
for (let c = 97; c <= 122; c++) charClass[c] = C_IDENT_START;
charClass[95] = C_IDENT_START; // _
for (let c = 48; c <= 57; c++) charClass[c] = C_DIGIT;
charClass[32] = C_HSPACE; // space
charClass[9] = C_HSPACE; // tab
charClass[11] = C_HSPACE; // vertical tab
charClass[12] = C_HSPACE; // form feed
charClass[13] = C_HSPACE; // a carriage return that does not end a line

export function isHSpace(c: number): boolean {
  return c < 128 && (charClass[c] & C_HSPACE) !== 0;
}

/**
 * Offset of the first `*` + `/` at or after `from`, or -1. Lines are scanned in order, so every line of a long
 * comment would search to its end again: the last answer is remembered and reused while it still applies.
 */
export function findCommentClose(text: string, from: number): number {
  if (text === closeText && from >= closeFrom && (closeAt < 0 || from <= closeAt)) return closeAt;
  closeText = text;
  closeFrom = from;
  closeAt = text.indexOf('*/', from);
  return closeAt;
}
let closeText = '';
let closeFrom = 0;
let closeAt = -1;

/** Result slot of `lexToken`; `hash` is the identifier hash (`hashName`) when the token is an identifier. */
export const lexed = { kind: 0, unterminated: false, hash: 0 };

/**
 * Lexes the token starting at `pos` (`pos < end`) and returns its end offset. The kind is left in `lexed.kind`.
 */
export function lexToken(text: string, pos: number, end: number): number {
  lexed.unterminated = false;
  const c = text.charCodeAt(pos);
  if (c < 128) {
    const cls = charClass[c];
    if (cls & C_HSPACE) {
      let i = pos + 1;
      while (i < end) {
        const d = text.charCodeAt(i);
        if (d >= 128 || (charClass[d] & C_HSPACE) === 0) break;
        i++;
      }
      lexed.kind = WHITESPACE;
      return i;
    }
    if (cls & C_IDENT_START) {
      let i = pos + 1;
      let h = c;
      while (i < end) {
        const d = text.charCodeAt(i);
        if (d >= 128 || (charClass[d] & C_IDENT) === 0) break;
        h = ((h << 5) + h + d) & 0xffffff; // hashStep (macro-table.ts), inlined
        i++;
      }
      lexed.hash = h;
      // L"wide string" and L'wide char'
      if (i === pos + 1 && c === 76 /* L */ && i < end) {
        const q = text.charCodeAt(i);
        if (q === 34 || q === 39) {
          const e = lexQuoted(text, i, end, q);
          if (e > 0) {
            lexed.kind = q === 34 ? STRING : CHAR;
            return e;
          }
        }
      }
      lexed.kind = IDENT;
      return i;
    }
    if (cls & C_DIGIT) return lexNumber(text, pos, end);
  }
  switch (c) {
    case 34: // "
    case 39: {
      // '
      const e = lexQuoted(text, pos, end, c);
      if (e > 0) {
        lexed.kind = c === 34 ? STRING : CHAR;
        return e;
      }
      lexed.kind = OTHER;
      lexed.unterminated = true;
      return pos + 1;
    }
    case 47: {
      // /
      const d = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
      if (d === 42) {
        const close = findCommentClose(text, pos + 2);
        if (close < 0 || close + 2 > end) {
          lexed.kind = BLOCK_COMMENT_OPEN;
          return end;
        }
        lexed.kind = BLOCK_COMMENT;
        return close + 2;
      }
      if (d === 47) {
        lexed.kind = LINE_COMMENT;
        return end;
      }
      lexed.kind = PUNCT;
      return d === 61 ? pos + 2 : pos + 1;
    }
    case 46: {
      // .
      const d = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
      if (d >= 48 && d <= 57) return lexNumber(text, pos, end);
      lexed.kind = PUNCT;
      if (d === 46 && pos + 2 < end && text.charCodeAt(pos + 2) === 46) return pos + 3;
      return pos + 1;
    }
    default:
      return lexPunct(text, pos, end, c);
  }
}

/** Lexes the rest of a block comment whose `/*` lies on an earlier line. Returns the end and sets the kind. */
export function lexCommentContinuation(text: string, pos: number, end: number): number {
  lexed.unterminated = false;
  const close = findCommentClose(text, pos);
  if (close < 0 || close + 2 > end) {
    lexed.kind = BLOCK_COMMENT_OPEN;
    return end;
  }
  lexed.kind = BLOCK_COMMENT;
  return close + 2;
}

/** End of the quoted literal opened by `text[quotePos]`, or -1 when it does not close before `end`. */
export function lexQuoted(text: string, quotePos: number, end: number, quote: number): number {
  let i = quotePos + 1;
  while (i < end) {
    const d = text.charCodeAt(i);
    if (d === quote) return i + 1;
    if (d === 92 /* \ */) i += 2;
    else i++;
  }
  return -1;
}

/** A pp-number: `.?digit (identifier-char | . | [eEpP][+-])*`. */
function lexNumber(text: string, pos: number, end: number): number {
  let i = pos + 1;
  while (i < end) {
    const d = text.charCodeAt(i);
    if (d < 128 && (charClass[d] & C_IDENT) !== 0) {
      i++;
      if ((d === 101 || d === 69 || d === 112 || d === 80) && i < end) {
        const s = text.charCodeAt(i);
        if (s === 43 || s === 45) i++;
      }
    } else if (d === 46) i++;
    else break;
  }
  lexed.kind = NUMBER;
  return i;
}

function lexPunct(text: string, pos: number, end: number, c: number): number {
  const d = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
  lexed.kind = PUNCT;
  switch (c) {
    case 45: // -
      return d === 45 || d === 61 || d === 62 ? pos + 2 : pos + 1;
    case 43: // +
    case 38: // &
    case 124: // |
      return d === c || d === 61 ? pos + 2 : pos + 1;
    case 60: // <
    case 62: {
      // >
      if (d === c) {
        const e = pos + 2 < end ? text.charCodeAt(pos + 2) : 0;
        return e === 61 ? pos + 3 : pos + 2;
      }
      return d === 61 ? pos + 2 : pos + 1;
    }
    case 61: // =
    case 33: // !
    case 42: // *
    case 37: // %
    case 94: // ^
      return d === 61 ? pos + 2 : pos + 1;
    case 35: // #
      return d === 35 ? pos + 2 : pos + 1;
    case 40: // (
    case 41: // )
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 44: // ,
    case 59: // ;
    case 58: // :
    case 63: // ?
    case 126: // ~
      return pos + 1;
    default:
      lexed.kind = OTHER;
      // Keep surrogate pairs together so a character is never split.
      if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) return pos + 2;
      return pos + 1;
  }
}

/** True when the text of `left` immediately followed by `right` would lex differently (tokens would merge). */
export function wouldMerge(left: string, right: string): boolean {
  const n = left.length;
  if (n === 0 || right.length === 0) return false;
  const a = left.charCodeAt(n - 1);
  const b = right.charCodeAt(0);
  const aWord = a < 128 && (charClass[a] & C_IDENT) !== 0;
  const bWord = b < 128 && (charClass[b] & C_IDENT) !== 0;
  if (aWord) {
    if (bWord) return true;
    const f = left.charCodeAt(0);
    const number = (f >= 48 && f <= 57) || f === 46;
    if (b === 46) return number; // 1 .  -> pp-number 1.
    if (b === 43 || b === 45) return number && (a === 101 || a === 69 || a === 112 || a === 80); // 1e + -> 1e+
    if (b === 34 || b === 39) return n === 1 && a === 76; // L "x" -> L"x"
    return false;
  }
  if (bWord) return a === 46 && b >= 48 && b <= 57 && n === 1; // . 5 -> .5
  if (separates(a) || separates(b)) return false;
  const joined = left + right;
  const e = lexToken(joined, 0, joined.length);
  return e !== n;
}

/**
 * A character that no token continues across: a blank, a bracket, a comma, a semicolon, `?` or `~`. Nothing
 * before it merges with what follows (a macro's expansion, a pasted token).
 */
export function separates(c: number): boolean {
  switch (c) {
    case 40:
    case 41:
    case 91:
    case 93:
    case 123:
    case 125:
    case 44:
    case 59:
    case 63:
    case 126:
      return true;
    default:
      return isHSpace(c);
  }
}
