/**
 * Maps offsets in preprocessed text back to original files and lines. The preprocessor records, for every
 * output line, the file and line it came from. Columns are those of the output line, which equal the
 * original ones wherever no macro was expanded on that line; for the other lines a `PositionMapper` (the
 * preprocessor's column maps) gives the original line and column.
 */
import type { SourcePosition } from './diagnostics';

/** Maps a 1-based output line and column to the original position. */
export type PositionMapper = (line: number, column: number) => SourcePosition;

export class SourceMap {
  private readonly lineStarts: Int32Array;

  constructor(
    readonly text: string,
    private readonly lineFiles: readonly string[],
    private readonly lineNumbers: ArrayLike<number>,
    private readonly mapper?: PositionMapper,
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
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): SourcePosition {
    const line = this.outputLine(offset);
    const column = offset - this.lineStarts[line] + 1;
    if (this.mapper) return this.mapper(line + 1, column);
    return {
      file: this.lineFiles[line] ?? this.lineFiles[this.lineFiles.length - 1] ?? '',
      line: this.lineNumbers[line] ?? line + 1,
      column,
    };
  }

  /** The text of an output line, for diagnostics' caret lines. */
  lineText(line: number): string {
    const start = this.lineStarts[line] ?? this.text.length;
    const next = this.lineStarts[line + 1];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }
}
