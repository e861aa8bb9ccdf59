/**
 * Per-file state of the preprocessor and logical lines (physical lines joined by backslash-newline).
 */
import { findCommentClose, lexQuoted } from './lexer';

/** One `#if` ... `#endif` chain. */
export interface Conditional {
  /** Some group of the chain has been (or, when the parent is skipped, counts as) taken. */
  taken: boolean;
  /** The current group is being output. */
  active: boolean;
  sawElse: boolean;
  parentActive: boolean;
  /** Physical position of the opening directive's `#`, and its name, for "unterminated" reports. */
  line: number;
  col: number;
  name: string;
  /** The presumed file and line of the `#` when it was read; a later `#line` does not move them. */
  presumedFile: string;
  presumedLine: number;
}

/** Include-guard detection: nothing yet / inside the candidate `#ifndef` / after its `#endif` / not a guard. */
export const GUARD_START = 0;
export const GUARD_OPEN = 1;
export const GUARD_CLOSED = 2;
export const GUARD_NONE = -1;

export class SourceFile {
  /** Offset and 1-based physical line number of the next line to process. */
  pos = 0;
  line = 1;
  /** The next line starts inside a block comment opened at commentLine:commentCol. */
  inComment = false;
  commentLine = 0;
  commentCol = 0;
  /** `#line` state: presumed line = physical line + lineDelta. */
  presumedFile: string;
  lineDelta = 0;
  readonly conds: Conditional[] = [];
  /** The current group is skipped. */
  skipping = false;
  guardState = GUARD_START;
  guardName = '';
  guardCond: Conditional | null = null;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly depth: number,
  ) {
    this.presumedFile = path;
  }

  updateSkipping(): void {
    const n = this.conds.length;
    this.skipping = n > 0 && !this.conds[n - 1].active;
  }
}

/**
 * A logical line: `text[from, to)` with line ends spliced out. When no splice happened, `text` is the file's
 * own text and offsets are file offsets; otherwise it is a joined copy and `segStarts` holds the offset at
 * which each following physical line begins.
 */
export class LogicalLine {
  constructor(
    readonly text: string,
    readonly from: number,
    readonly to: number,
    /** Physical line number of the first and last physical line. */
    readonly firstLine: number,
    readonly lastLine: number,
    /** Offset of column 1 of the first physical line. */
    readonly colBase: number,
    readonly segStarts: readonly number[] | null,
    /** File offset of the physical line after this logical line. */
    readonly nextPos: number,
  ) {}

  lineAt(offset: number): number {
    return this.segStarts === null ? this.firstLine : this.firstLine + this.segment(offset);
  }

  colAt(offset: number): number {
    if (this.segStarts === null) return offset - this.colBase + 1;
    const k = this.segment(offset);
    return k === 0 ? offset - this.colBase + 1 : offset - this.segStarts[k - 1] + 1;
  }

  private lastSegment = 0;

  /** Number of physical line starts at or before `offset` (0 for the first physical line). */
  private segment(offset: number): number {
    const s = this.segStarts!;
    const k = this.lastSegment;
    // Offsets are mostly asked for in increasing order: try the previous answer first.
    if ((k === 0 || s[k - 1] <= offset) && (k === s.length || s[k] > offset)) return k;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    this.lastSegment = lo;
    return lo;
  }
}

/**
 * Reads the logical line starting at physical line `line` (offset `pos`). A line ending in a backslash
 * outside a block comment continues on the next one. For directives (`joinComments`), a block comment still
 * open at the end of a line also continues the line, as in C where the comment is one space.
 */
export function readLogicalLine(sf: SourceFile, pos: number, line: number, inComment: boolean, joinComments: boolean): LogicalLine {
  const text = sf.text;
  const len = text.length;
  let nl = text.indexOf('\n', pos);
  let next = nl < 0 ? len : nl + 1;
  if (nl < 0) nl = len;
  let end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  let last = end > pos ? text.charCodeAt(end - 1) : 0;
  if ((last !== 92 && !joinComments) || next >= len) return new LogicalLine(text, pos, end, line, line, pos, null, next);
  let state = endState(text, pos, end, inComment);
  let splice = last === 92 && !state;
  if (!splice && !(joinComments && state)) return new LogicalLine(text, pos, end, line, line, pos, null, next);

  // Join physical lines.
  let joined = '';
  const segStarts: number[] = [];
  let cur = line;
  let start = pos;
  for (;;) {
    if (splice) joined += text.slice(start, end - 1);
    else joined += text.slice(start, end) + '\n';
    start = next;
    cur++;
    segStarts.push(joined.length);
    nl = text.indexOf('\n', start);
    next = nl < 0 ? len : nl + 1;
    if (nl < 0) nl = len;
    end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    last = end > start ? text.charCodeAt(end - 1) : 0;
    if (next >= len) break;
    state = endState(text, start, end, state);
    splice = last === 92 && !state;
    if (!splice && !(joinComments && state)) break;
  }
  joined += text.slice(start, end);
  return new LogicalLine(joined, 0, joined.length, line, cur, 0, segStarts, next);
}

/** Whether a block comment is open at `end`, scanning `text[from, end)` that starts in comment state `inComment`. */
export function endState(text: string, from: number, end: number, inComment: boolean): boolean {
  let i = from;
  if (inComment) {
    const close = findCommentClose(text, i);
    if (close < 0 || close + 2 > end) return true;
    i = close + 2;
  }
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 47) {
      const d = i + 1 < end ? text.charCodeAt(i + 1) : 0;
      if (d === 42) {
        const close = findCommentClose(text, i + 2);
        if (close < 0 || close + 2 > end) return true;
        i = close + 2;
        continue;
      }
      if (d === 47) return false;
      i++;
    } else if (c === 34 || c === 39) {
      const e = lexQuoted(text, i, end, c);
      i = e < 0 ? i + 1 : e;
    } else i++;
  }
  return false;
}
