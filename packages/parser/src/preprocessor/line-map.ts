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
  /** Finished output pieces; lines are separated by the newlines inside them. */
  private readonly parts: string[] = [];
  /** A run of verbatim lines still to be cut from `chunkText` (`chunkStart` < 0: none). */
  private chunkText = '';
  private chunkStart = -1;
  private chunkEnd = 0;
  private readonly files: string[] = [];
  private readonly nums: number[] = [];
  readonly columnMaps: ColumnMaps = new Map();
  /** The length of the output so far, newlines included (see `MAX_OUTPUT_BYTES`). */
  length = 0;

  get lineCount(): number {
    return this.nums.length;
  }

  /**
   * Appends the line `text[start, end)` unchanged. Consecutive lines of one text are cut out as one piece,
   * so copying a file costs almost nothing per line.
   */
  pushVerbatim(text: string, start: number, end: number, file: string, line: number): void {
    this.files.push(file);
    this.nums.push(line);
    this.length += end - start + 1;
    if (this.chunkStart >= 0) {
      if (text === this.chunkText && start === this.chunkEnd + 1) {
        this.chunkEnd = end;
        return;
      }
      this.flushChunk();
    }
    this.chunkText = text;
    this.chunkStart = start;
    this.chunkEnd = end;
  }

  /** Appends one output line (without its newline) coming from `file`:`line`. */
  push(text: string, file: string, line: number): void {
    if (this.chunkStart >= 0) this.flushChunk();
    this.files.push(file);
    this.nums.push(line);
    this.length += text.length + 1;
    this.parts.push(text, '\n');
  }

  /**
   * Appends a rewritten line, given as pieces to concatenate, with its column anchors (quadruples, see the
   * module comment).
   */
  pushMapped(pieces: readonly string[], file: string, line: number, anchors: readonly number[]): void {
    if (anchors.length > 4 || anchors[0] !== 1 || anchors[1] !== line || anchors[2] !== 1 || anchors[3] !== VERBATIM) {
      this.columnMaps.set(this.nums.length, Int32Array.from(anchors));
    }
    if (this.chunkStart >= 0) this.flushChunk();
    this.files.push(file);
    this.nums.push(line);
    const parts = this.parts;
    let length = 1;
    for (let i = 0; i < pieces.length; i++) {
      parts.push(pieces[i]);
      length += pieces[i].length;
    }
    this.length += length;
    parts.push('\n');
  }

  private flushChunk(): void {
    this.parts.push(this.chunkText.slice(this.chunkStart, this.chunkEnd), '\n');
    this.chunkStart = -1;
    this.chunkText = '';
  }

  finish(): { text: string; lineFiles: string[]; lineNumbers: Int32Array } {
    if (this.chunkStart >= 0) this.flushChunk();
    return { text: this.parts.join(''), lineFiles: this.files, lineNumbers: Int32Array.from(this.nums) };
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
