/**
 * Finding and reading `#include`d files.
 *
 * `#include "f"` searches the directory of the including file (its real path, not a `#line` name), then the
 * include directories in order; `#include <f>` searches only the include directories. An absolute name is read
 * as is. On POSIX systems backslashes in a name are taken as directory separators, as MIDL on Windows would.
 * Every file is read at most once per `preprocess` call.
 */
import * as path from 'node:path';
import { readSourceFile, SourceFileError, sourceFileProblem } from '../source-file';

/**
 * Supplies file contents; `undefined` when the file does not exist or cannot be read. It may throw a
 * `SourceFileError` for a file that exists but is no source file (not a regular file, too large).
 */
export interface PreprocessHost {
  readFile(path: string): string | undefined;
}

/** Reads the file system: regular files of at most `MAX_SOURCE_BYTES` only. */
export const nodeHost: PreprocessHost = { readFile: readSourceFile };

export interface ResolvedInclude {
  path: string;
  text: string;
}

/** A file found but refused: not a regular file, or too large. */
export interface RefusedInclude {
  path: string;
  refused: string;
}

export class IncludeResolver {
  private readonly cache = new Map<string, string | null>();
  /** Why a file found could not be read (see `source-file.ts`), by path. */
  private readonly refusals = new Map<string, string>();

  constructor(
    private readonly host: PreprocessHost,
    private readonly includeDirs: readonly string[],
  ) {}

  read(file: string): string | undefined {
    let text = this.cache.get(file);
    if (text === undefined) {
      // Checked whatever the host: a host that reads the disk directly would hang on a FIFO.
      const refused = sourceFileProblem(file);
      let read: string | undefined;
      if (refused !== undefined) this.refusals.set(file, refused);
      else {
        try {
          read = this.host.readFile(file);
        } catch (e) {
          if (e instanceof SourceFileError) this.refusals.set(file, e.reason);
          read = undefined;
        }
      }
      text = typeof read === 'string' ? stripBom(read) : null;
      this.cache.set(file, text);
    }
    return text === null ? undefined : text;
  }

  /** The file `#include` names, searched as the header comment says; a file found but refused says why. */
  resolve(name: string, quoted: boolean, includer: string): ResolvedInclude | RefusedInclude | undefined {
    if (path.sep === '/' && name.includes('\\')) name = name.replace(/\\/g, '/');
    if (path.isAbsolute(name)) return this.attempt(path.normalize(name));
    if (quoted) {
      const found = this.attempt(path.join(path.dirname(includer), name));
      if (found !== undefined) return found;
    }
    for (const dir of this.includeDirs) {
      const found = this.attempt(path.join(dir, name));
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The folders `resolve` searches for an `#include` in `includer`, in order. */
  searched(quoted: boolean, includer: string): string[] {
    return quoted ? [path.dirname(includer), ...this.includeDirs] : [...this.includeDirs];
  }

  private attempt(file: string): ResolvedInclude | RefusedInclude | undefined {
    const text = this.read(file);
    if (text !== undefined) return { path: file, text };
    const refused = this.refusals.get(file);
    return refused === undefined ? undefined : { path: file, refused };
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
