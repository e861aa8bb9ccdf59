/**
 * Reading a file that must be a regular file (a config, a lock, a protocol description, a source line for a
 * diagnostic): opened without blocking, so that a FIFO never hangs the open, and checked on the open
 * descriptor, so that what is read is what was checked. A FIFO, a device (`/dev/zero`), a socket or a
 * directory is a `RegularFileError` saying which it is; so is a file over the size limit.
 */
import * as fs from 'node:fs';

/** The size beyond which a file read this way is refused (a config or a description is kilobytes). */
export const REGULAR_FILE_LIMIT = 64 * 1024 * 1024;

/** Why a file could not be read, as one line: `is a FIFO (named pipe), not a regular file`. */
export class RegularFileError extends Error {
  override readonly name = 'RegularFileError';
  constructor(
    readonly file: string,
    readonly reason: string,
    /** The system error code (EACCES...), when the system refused. */
    readonly code: string | null = null,
  ) {
    super(`${file}: ${reason}`);
  }
}

// Windows has no O_NONBLOCK (and no FIFOs in the file system): 0 there.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** What kind of file system entry a stat describes, for messages: `a directory`, `a FIFO (named pipe)`. */
export function entryKind(stat: fs.Stats): string {
  if (stat.isFile()) return 'a regular file';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

const errnoText: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'does not exist',
  ENOTDIR: 'a folder in its path is a file',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EBUSY: 'in use by another process',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EXDEV: 'on another file system',
  EEXIST: 'exists already',
  ENOTEMPTY: 'the folder is not empty',
  EINVAL: 'invalid argument',
};

/** A system error as one line: `permission denied (EACCES)`; the message of any other error. */
export function systemErrorText(e: unknown): string {
  const code = systemErrorCode(e);
  if (code) return `${errnoText[code] ?? 'system error'} (${code})`;
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}

/** The code of a system error (`EACCES`), or null for anything else. */
export function systemErrorCode(e: unknown): string | null {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : null;
}

/**
 * Reads `file` as UTF-8 when it is a regular file; null when it does not exist. Throws a RegularFileError
 * (`shown` naming the file) for anything else: not a regular file, too large, or refused by the system.
 */
export function readRegularFile(file: string, shown: string = file, limit: number = REGULAR_FILE_LIMIT): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    const code = systemErrorCode(e);
    if (code === 'ENOENT') return null;
    // Windows refuses to open a directory as a file.
    if (code === 'EISDIR' || ((code === 'EPERM' || code === 'EACCES') && isDirectory(file))) {
      throw new RegularFileError(shown, 'is a directory, not a regular file', code);
    }
    throw new RegularFileError(shown, `cannot be read: ${systemErrorText(e)}`, code);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new RegularFileError(shown, `is ${entryKind(stat)}, not a regular file`);
    if (stat.size > limit) throw new RegularFileError(shown, `is ${stat.size} bytes, over the limit of ${limit} bytes for this file`);
    const buffer = Buffer.alloc(stat.size);
    let length = 0;
    // A file that grows while it is read is read as it was when opened, never past the limit.
    while (length < buffer.length) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
    }
    return buffer.toString('utf8', 0, length);
  } catch (e) {
    if (e instanceof RegularFileError) throw e;
    throw new RegularFileError(shown, `cannot be read: ${systemErrorText(e)}`, systemErrorCode(e));
  } finally {
    fs.closeSync(fd);
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
