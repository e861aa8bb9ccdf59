/**
 * The fast path: one pass over the characters of an active text line, deciding whether it can be copied as is.
 *
 * It tracks only what matters for that decision: comments and string/character literals (no macro expansion
 * inside them), pp-numbers (`0x1FL` holds no identifier) and identifiers, whose hash is computed on the fly and
 * looked up in the macro table without slicing the name. Kept small and separate so the engine optimizes it
 * early: most of the input goes through this loop.
 */
import { C_DIGIT, C_HSPACE, C_IDENT, C_IDENT_START, charClass, findCommentClose, lexQuoted, lexToken } from './lexer';
import type { MacroTable } from './macro-table';

/** Results of `scanLine` besides its return value. */
export const scanned = {
  /** Offset of a `/*` left open at the end of the line, or -1. */
  openComment: -1,
  /** Offset of the first unmatched quote, or -1. */
  unterminated: -1,
  /** Something other than blanks and comments was seen. */
  code: false,
};

/**
 * Scans `text[i, end)`, which starts outside any comment. Returns the offset of the first identifier that
 * names a macro, or -1.
 */
export function scanLine(text: string, i: number, end: number, macros: MacroTable): number {
  const cls = charClass;
  scanned.openComment = -1;
  scanned.unterminated = -1;
  let code = false;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c >= 128) {
      code = true;
      i++;
      continue;
    }
    const k = cls[c];
    if (k & C_HSPACE) {
      i++;
      continue;
    }
    if (k & C_IDENT_START) {
      code = true;
      let h = c;
      let j = i + 1;
      while (j < end) {
        const d = text.charCodeAt(j);
        if (d >= 128 || (cls[d] & C_IDENT) === 0) break;
        h = ((h << 5) + h + d) & 0xffffff; // hashStep (macro-table.ts), inlined
        j++;
      }
      if (j === i + 1 && c === 76 && j < end) {
        const q = text.charCodeAt(j);
        if (q === 34 || q === 39) {
          // L"..." / L'...': skip the literal (an unmatched quote is a lone character, as in the lexer)
          const e = lexQuoted(text, j, end, q);
          if (e >= 0) {
            i = e;
            continue;
          }
        }
      }
      if (macros.lookup(text, i, j, h) !== undefined) {
        scanned.code = code;
        return i;
      }
      i = j;
      continue;
    }
    if (k & C_DIGIT) {
      code = true;
      i = lexToken(text, i, end);
      continue;
    }
    if (c === 47) {
      const d = i + 1 < end ? text.charCodeAt(i + 1) : 0;
      if (d === 42) {
        const close = findCommentClose(text, i + 2);
        if (close < 0 || close + 2 > end) {
          scanned.openComment = i;
          break;
        }
        i = close + 2;
        continue;
      }
      if (d === 47) break;
      code = true;
      i++;
      continue;
    }
    code = true;
    if (c === 34 || c === 39) {
      const e = lexQuoted(text, i, end, c);
      if (e < 0) {
        if (scanned.unterminated < 0) scanned.unterminated = i;
        i++;
      } else i = e;
      continue;
    }
    if (c === 46) {
      i = lexToken(text, i, end);
      continue;
    }
    i++;
  }
  scanned.code = code;
  return -1;
}
