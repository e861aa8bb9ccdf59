/**
 * A FILE named `-` is standard input: it is read once, whole, and given to the front end under the name
 * `<stdin>`, as a file of the current folder (its imports and #includes are found there, and in -I folders).
 */
import * as fs from 'node:fs';
import { MAX_SOURCE_BYTES, parseIdl, parseIdlFile, type ParseOptions, type ParseResult } from '@comidl/parser';
import { UsageError } from './args';

/** How diagnostics and reports name standard input. */
export const STDIN_NAME = '<stdin>';

export interface StandardInput {
  /** The files as given, with `-` replaced by `<stdin>`. */
  files: string[];
  /** The text of `<stdin>` by that name, when `-` was given; empty otherwise. */
  sources: Map<string, string>;
}

/** Reads whole standard input, refusing more than `MAX_SOURCE_BYTES` (any file is refused past it). */
export type StandardInputReader = () => string;

export function readStandardInput(fd = 0): string {
  const chunks: Buffer[] = [];
  const chunk = Buffer.alloc(1 << 16);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking pipe with nothing yet: wait a little rather than spin.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break; // Windows: the writer closed the pipe
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > MAX_SOURCE_BYTES) throw new UsageError(`standard input is larger than ${MAX_SOURCE_BYTES / (1024 * 1024)} MB, the most a source file may be`);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Replaces a `-` among the files by `<stdin>` and reads it; `-` given twice is a usage error. */
export function withStandardInput(files: readonly string[], read: StandardInputReader = readStandardInput): StandardInput {
  const dashes = files.filter((f) => f === '-').length;
  if (dashes > 1) throw new UsageError('standard input (-) can be read only once');
  const sources = new Map<string, string>();
  if (dashes) sources.set(STDIN_NAME, read());
  return { files: files.map((f) => (f === '-' ? STDIN_NAME : f)), sources };
}

/** Parses a file as given, or standard input when it is `<stdin>` among the sources. */
export function parseGivenFile(file: string, sources: ReadonlyMap<string, string>, options: ParseOptions): ParseResult {
  const text = sources.get(file);
  return text === undefined ? parseIdlFile(file, options) : parseIdl(file, text, options);
}
