/** The cursor over a text line being rewritten and the lines its macro invocations continue onto. */
import { PP, type Reporter } from './codes';
import { BLOCK_COMMENT_OPEN, C_HSPACE, charClass, IDENT, lexCommentContinuation, lexed, lexToken, PUNCT } from './lexer';
import type { TokenSource } from './macros';
import { readLogicalLine, type LogicalLine, type SourceFile } from './source';
import { Tok } from './tokens';

/**
 * Reads tokens of the active text line being rewritten and, for macro arguments or a `(` after a
 * function-like macro name, of the following lines, stopping before a directive line and at end of file.
 */
export class LineCursor implements TokenSource {
  ll: LogicalLine;
  pos: number;
  readonly firstLine: number;
  /** The logical line starts inside a block comment opened on an earlier line. */
  private startsInComment: boolean;
  /** A block comment is open at the end of the current logical line. */
  openComment = false;
  commentLine = 0;
  commentCol = 0;
  tokStart = 0;
  tokEnd = 0;
  private peeking = false;

  constructor(
    private readonly pp: Reporter,
    private readonly sf: SourceFile,
  ) {
    this.ll = readLogicalLine(sf, sf.pos, sf.line, sf.inComment, false);
    this.pos = this.ll.from;
    this.firstLine = sf.line;
    this.startsInComment = sf.inComment;
    this.commentLine = sf.commentLine;
    this.commentCol = sf.commentCol;
  }

  /** Continues at `offset` of the first logical line, which is known to be outside any comment. */
  skipTo(offset: number): void {
    this.pos = offset;
    this.startsInComment = false;
  }

  /** Lexes the next raw token of the current logical line; returns its kind, or -1 at the end of the line. */
  raw(): number {
    const ll = this.ll;
    const pos = this.pos;
    if (pos >= ll.to) return -1;
    let e: number;
    const continued = this.startsInComment;
    if (continued) {
      e = lexCommentContinuation(ll.text, pos, ll.to);
      this.startsInComment = false;
    } else e = lexToken(ll.text, pos, ll.to);
    const k = lexed.kind;
    this.tokStart = pos;
    this.tokEnd = e;
    this.pos = e;
    if (k === BLOCK_COMMENT_OPEN) {
      this.openComment = true;
      if (!continued) {
        this.commentLine = ll.lineAt(pos);
        this.commentCol = ll.colAt(pos);
      }
    } else if (lexed.unterminated && !this.peeking) {
      this.pp.warning(PP.MissingQuote, ll.lineAt(pos), ll.colAt(pos), `missing terminating ${ll.text[pos]} character`);
    }
    return k;
  }

  /** Moves to the next logical line unless it is a directive or the file ended. */
  private nextLine(): boolean {
    const sf = this.sf;
    const p = this.ll.nextPos;
    const text = sf.text;
    if (p >= text.length) return false;
    const inComment = this.openComment;
    if (!inComment) {
      let i = p;
      while (i < text.length) {
        const c = text.charCodeAt(i);
        if (c < 128 && (charClass[c] & C_HSPACE) !== 0) i++;
        else break;
      }
      if (text.charCodeAt(i) === 35) return false;
    }
    this.ll = readLogicalLine(sf, p, this.ll.lastLine + 1, inComment, false);
    this.pos = this.ll.from;
    this.startsInComment = inComment;
    this.openComment = false;
    return true;
  }

  next(): Tok | null {
    let space = false;
    for (;;) {
      const k = this.raw();
      if (k < 0) {
        if (!this.nextLine()) return null;
        space = true;
        continue;
      }
      if (k <= BLOCK_COMMENT_OPEN) {
        space = true;
        continue;
      }
      const ll = this.ll;
      const s = this.tokStart;
      const t = new Tok(k, ll.text.slice(s, this.tokEnd), space, null, ll.lineAt(s), ll.colAt(s));
      if (k === IDENT) t.hash = lexed.hash;
      return t;
    }
  }

  peekLParen(): boolean {
    const ll = this.ll;
    const pos = this.pos;
    const sic = this.startsInComment;
    const oc = this.openComment;
    const cl = this.commentLine;
    const cc = this.commentCol;
    this.peeking = true;
    let found = false;
    for (;;) {
      const k = this.raw();
      if (k < 0) {
        if (!this.nextLine()) break;
        continue;
      }
      if (k <= BLOCK_COMMENT_OPEN) continue;
      found = k === PUNCT && this.tokEnd - this.tokStart === 1 && this.ll.text.charCodeAt(this.tokStart) === 40;
      break;
    }
    this.peeking = false;
    this.ll = ll;
    this.pos = pos;
    this.startsInComment = sic;
    this.openComment = oc;
    this.commentLine = cl;
    this.commentCol = cc;
    return found;
  }
}
