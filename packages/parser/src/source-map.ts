/**
 * Maps offsets in preprocessed text back to original files and lines. The preprocessor records, for every
 * output line, the file and line it came from. Columns are those of the output line, which equal the
 * original ones wherever no macro was expanded on that line; for the other lines a `PositionMapper` (the
 * preprocessor's column maps) gives the original line and column.
 */
import type { Span } from './ast/node';
import type { SourcePosition } from './diagnostics';

/** Maps a 1-based output line and column to the original position. */
export type PositionMapper = (line: number, column: number) => SourcePosition;

export class SourceMap {
  private readonly lineStarts: Int32Array;
  /** The line of the last lookup: the AST is built in text order, so the next offset is mostly on it. */
  private lastLine = 0;
  /**
   * The last span made on a line a macro expansion rewrote. Every position inside an expansion maps to the
   * invoked macro's name, so the nodes of an expanded expression (Wine's mshtml.idl has 600,000 of them) all
   * get the same span, and share this one object instead of each keeping a copy.
   */
  private lastMapped: Span | null = null;

  constructor(
    readonly text: string,
    private readonly lineFiles: readonly string[],
    private readonly lineNumbers: ArrayLike<number>,
    private readonly mapper?: PositionMapper,
    /**
     * The 0-based output lines the mapper is needed for (those a macro expansion rewrote); every other line
     * maps one to one. Without it, every position goes through the mapper.
     */
    private readonly mappedLines?: { has(line: number): boolean },
  ) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = Int32Array.from(starts);
  }

  /** A map for text that went through no preprocessing: every line is its own. */
  static identity(file: string, text: string): SourceMap {
    const count = text.split('\n').length;
    return new SourceMap(
      text,
      new Array<string>(count).fill(file),
      Int32Array.from({ length: count }, (_, i) => i + 1),
    );
  }

  /** The 0-based output line holding the offset. */
  outputLine(offset: number): number {
    const starts = this.lineStarts;
    const last = this.lastLine;
    if (starts[last] <= offset && (last + 1 === starts.length || offset < starts[last + 1])) return last;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return lo;
  }

  position(offset: number): SourcePosition {
    const line = this.outputLine(offset);
    const column = offset - this.lineStarts[line] + 1;
    if (this.mapper && !this.mapsOneToOne(line)) return this.mapper(line + 1, column);
    return {
      file: this.lineFiles[line] ?? this.lineFiles[this.lineFiles.length - 1] ?? '',
      line: this.lineNumbers[line] ?? line + 1,
      column,
    };
  }

  /**
   * The span from one offset to another (both inclusive) in original positions: `position` of each end,
   * without the intermediate objects on lines that map one to one. The AST builder takes millions of spans.
   */
  span(from: number, to: number): Span {
    const starts = this.lineStarts;
    const first = this.outputLine(from);
    const last = this.outputLine(to);
    if (!this.mapsOneToOne(first) || !this.mapsOneToOne(last)) {
      const start = this.position(from);
      const end = this.position(to);
      const prev = this.lastMapped;
      if (
        prev !== null &&
        prev.column === start.column &&
        prev.line === start.line &&
        prev.endColumn === end.column &&
        prev.endLine === end.line &&
        prev.file === start.file
      ) {
        return prev;
      }
      return (this.lastMapped = { file: start.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column });
    }
    return {
      file: this.lineFiles[first],
      line: this.lineNumbers[first],
      column: from - starts[first] + 1,
      endLine: this.lineNumbers[last],
      endColumn: to - starts[last] + 1,
    };
  }

  /** Whether a 0-based output line's columns are the original ones, its file and line those of the tables. */
  private mapsOneToOne(line: number): boolean {
    if (line >= this.lineFiles.length) return false;
    return this.mapper === undefined || (this.mappedLines !== undefined && !this.mappedLines.has(line));
  }

  /** The text of an output line, for diagnostics' caret lines. */
  lineText(line: number): string {
    const start = this.lineStarts[line] ?? this.text.length;
    const next = this.lineStarts[line + 1];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }
}
