/**
 * The tokens of a directive line (`#define X 1`, with where each token starts and ends), and of a one-line
 * text such as a command-line definition.
 */
import { BLOCK_COMMENT_OPEN, IDENT, lexed, lexToken, PUNCT } from './lexer';
import type { LogicalLine } from './source';
import { Tok } from './tokens';

export interface DirectiveTokens {
  /** Significant tokens, starting with `#`. */
  toks: Tok[];
  /** Start and end offsets of each token in the logical line. */
  starts: number[];
  ends: number[];
  /** Offset just past the last token. */
  end: number;
  /** Offset of an unterminated block comment, or -1. */
  openComment: number;
  /** Offset of the first unmatched quote, or -1. */
  unterminated: number;
}

export function tokenizeDirective(ll: LogicalLine): DirectiveTokens {
  const toks: Tok[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const text = ll.text;
  let i = ll.from;
  let space = false;
  let openComment = -1;
  let unterminated = -1;
  let end = i;
  while (i < ll.to) {
    const e = lexToken(text, i, ll.to);
    const k = lexed.kind;
    if (k <= BLOCK_COMMENT_OPEN) {
      if (k === BLOCK_COMMENT_OPEN) openComment = i;
      space = true;
    } else if (toks.length === 0 && e === i + 2 && k === PUNCT && text.charCodeAt(i) === 35) {
      // `##` at the start: the directive's `#` followed by a `#` name
      toks.push(new Tok(PUNCT, '#', space, null, ll.lineAt(i), ll.colAt(i)), new Tok(PUNCT, '#', false, null, ll.lineAt(i), ll.colAt(i) + 1));
      starts.push(i, i + 1);
      ends.push(i + 1, e);
      end = e;
    } else {
      if (lexed.unterminated && unterminated < 0) unterminated = i;
      const t = new Tok(k, text.slice(i, e), space, null, ll.lineAt(i), ll.colAt(i));
      if (k === IDENT) t.hash = lexed.hash;
      toks.push(t);
      starts.push(i);
      ends.push(e);
      space = false;
      end = e;
    }
    i = e;
  }
  return { toks, starts, ends, end, openComment, unterminated };
}

/** Tokens of a one-line string (command-line definitions). */
export function tokenizeText(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let space = false;
  while (i < text.length) {
    const e = lexToken(text, i, text.length);
    const k = lexed.kind;
    if (k <= BLOCK_COMMENT_OPEN) space = true;
    else {
      toks.push(new Tok(k, text.slice(i, e), space, null, 1, i + 1));
      space = false;
    }
    i = e;
  }
  return toks;
}
