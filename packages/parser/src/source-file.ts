/**
 * Reading source files safely: only regular files are read (a FIFO would block forever, a device such as
 * `/dev/zero` never ends, a directory is no text), and none larger than `MAX_SOURCE_BYTES`. Everything that
 * reads IDL, an `#include`d file or an import goes through `sourceFileProblem` first, whatever host it reads
 * with, so the refusal is a located diagnostic instead of a hang.
 */
import * as fs from 'node:fs';

/**
 * The largest file read: 64 MB. Wine's largest IDL file, mshtml.idl, is 1.15 MB; ten times it fits five times
 * over. A larger file is refused before it is read.
 */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

/** Why a file of this status cannot be read as a source file, or undefined when it can. */
function refusal(stat: fs.Stats): string | undefined {
  if (stat.isFile()) return stat.size > MAX_SOURCE_BYTES ? tooLarge(stat.size) : undefined;
  if (stat.isDirectory()) return 'not a regular file (a directory)';
  if (stat.isFIFO()) return 'not a regular file (a FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'not a regular file (a device)';
  if (stat.isSocket()) return 'not a regular file (a socket)';
  return 'not a regular file';
}

function tooLarge(size?: number): string {
  return `larger than ${MAX_SOURCE_BYTES / (1024 * 1024)} MB${size === undefined ? '' : ` (${size} bytes)`}`;
}

/**
 * Why a path cannot be read as a source file (`not a regular file (a FIFO)`, `larger than 64 MB`), or
 * undefined when it can, or when it does not exist on disk (a host may supply it from elsewhere).
 */
export function sourceFileProblem(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  return refusal(stat);
}

/** Thrown by `readSourceFile` for a path that exists but cannot be read as a source file. */
export class SourceFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot read '${file}': ${reason}`);
    this.name = 'SourceFileError';
  }
}

/**
 * Reads a regular file of at most `MAX_SOURCE_BYTES` as UTF-8; undefined when it does not exist or cannot be
 * opened. Opened without blocking (a FIFO put in its place after the check does not hang the read), checked
 * on the open descriptor, and read no further than the limit even if it grows meanwhile. Throws
 * `SourceFileError` for anything else.
 */
export function readSourceFile(file: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new SourceFileError(file, 'not a regular file (a directory)');
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    const refused = refusal(stat);
    if (refused) throw new SourceFileError(file, refused);
    // One byte more than the size says: a file that grew since is read on, up to the limit.
    let buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > MAX_SOURCE_BYTES) throw new SourceFileError(file, tooLarge());
        const bigger = Buffer.alloc(Math.min(buffer.length * 2, MAX_SOURCE_BYTES + 1));
        buffer.copy(bigger);
        buffer = bigger;
      }
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.toString('utf8', 0, length);
  } catch (e) {
    if (e instanceof SourceFileError) throw e;
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}
