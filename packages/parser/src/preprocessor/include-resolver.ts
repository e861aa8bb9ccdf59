/**
 * Finding and reading `#include`d files.
 *
 * `#include "f"` searches the directory of the including file (its real path, not a `#line` name), then the
 * include directories in order; `#include <f>` searches only the include directories. An absolute name is read
 * as is. On POSIX systems backslashes in a name are taken as directory separators, as MIDL on Windows would.
 * Every file is read at most once per `preprocess` call.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Supplies file contents; `undefined` when the file does not exist or cannot be read. */
export interface PreprocessHost {
  readFile(path: string): string | undefined;
}

export const nodeHost: PreprocessHost = {
  readFile(file: string): string | undefined {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

export interface ResolvedInclude {
  path: string;
  text: string;
}

export class IncludeResolver {
  private readonly cache = new Map<string, string | null>();

  constructor(
    private readonly host: PreprocessHost,
    private readonly includeDirs: readonly string[],
  ) {}

  read(file: string): string | undefined {
    let text = this.cache.get(file);
    if (text === undefined) {
      let read: string | undefined;
      try {
        read = this.host.readFile(file);
      } catch {
        read = undefined;
      }
      text = typeof read === 'string' ? stripBom(read) : null;
      this.cache.set(file, text);
    }
    return text === null ? undefined : text;
  }

  resolve(name: string, quoted: boolean, includer: string): ResolvedInclude | undefined {
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

  private attempt(file: string): ResolvedInclude | undefined {
    const text = this.read(file);
    return text === undefined ? undefined : { path: file, text };
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
