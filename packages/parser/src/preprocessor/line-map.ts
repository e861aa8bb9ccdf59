/**
 * The output text and its map back to original positions.
 *
 * Every output line records the (presumed) file and line it comes from. Lines copied unchanged need nothing
 * more: their columns are the original columns. A line that was rewritten (a macro was expanded on it, or
 * backslash-newlines or a multi-line macro invocation joined several physical lines into it) also gets a
 * column map: a few anchors `[outputColumn, line, column, kind]`, one wherever the correspondence changes.
 * A `VERBATIM` anchor maps the following text character for character; an `EXPANSION` anchor maps all the text
 * a macro expansion produced to the position of the macro name that was invoked.
 */
import type { SourcePosition } from '../diagnostics';

export const VERBATIM = 0;
export const EXPANSION = 1;

/** Column maps of one result's rewritten lines, keyed by 0-based output line. */
export type ColumnMaps = Map<number, Int32Array>;

export class OutputBuilder {
  private readonly parts: string[] = [];
  private readonly files: string[] = [];
  private nums = new Int32Array(4096);
  private count = 0;
  readonly columnMaps: ColumnMaps = new Map();

  get lineCount(): number {
    return this.count;
  }

  /** Appends one output line (without its newline) coming from `file`:`line`. */
  push(text: string, file: string, line: number): void {
    const n = this.count;
    if (n === this.nums.length) {
      const grown = new Int32Array(n * 2);
      grown.set(this.nums);
      this.nums = grown;
    }
    this.nums[n] = line;
    this.files.push(file);
    this.parts.push(text);
    this.count = n + 1;
  }

  /** Appends a rewritten line with its column anchors (quadruples, see the module comment). */
  pushMapped(text: string, file: string, line: number, anchors: readonly number[]): void {
    if (anchors.length > 4 || anchors[0] !== 1 || anchors[1] !== line || anchors[2] !== 1 || anchors[3] !== VERBATIM) {
      this.columnMaps.set(this.count, Int32Array.from(anchors));
    }
    this.push(text, file, line);
  }

  finish(): { text: string; lineFiles: string[]; lineNumbers: Int32Array } {
    const text = this.count === 0 ? '' : this.parts.join('\n') + '\n';
    return { text, lineFiles: this.files, lineNumbers: this.nums.slice(0, this.count) };
  }
}

export interface LineTable {
  lineFiles: readonly string[];
  lineNumbers: Int32Array;
}

/**
 * Maps a 1-based output position to its original position. Lines outside the output are clamped to the
 * nearest line; an empty output maps to `emptyFile` line 1.
 */
export function mapPosition(table: LineTable, maps: ColumnMaps | undefined, line: number, column: number, emptyFile: string): SourcePosition {
  const n = table.lineFiles.length;
  if (n === 0) return { file: emptyFile, line: 1, column };
  const index = Math.min(Math.max(Math.trunc(line) - 1, 0), n - 1);
  const file = table.lineFiles[index];
  const anchors = maps?.get(index);
  if (anchors === undefined) return { file, line: table.lineNumbers[index], column };
  // Last anchor at or before the column.
  let lo = 0;
  let hi = anchors.length / 4 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (anchors[mid * 4] <= column) lo = mid;
    else hi = mid - 1;
  }
  const a = lo * 4;
  const outCol = anchors[a];
  const origLine = anchors[a + 1];
  const origCol = anchors[a + 2];
  if (anchors[a + 3] === EXPANSION || column < outCol) return { file, line: origLine, column: origCol };
  return { file, line: origLine, column: origCol + (column - outCol) };
}
