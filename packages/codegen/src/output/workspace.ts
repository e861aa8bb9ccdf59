/**
 * Where generated packages land: inside an npm workspace (a folder above whose package.json lists
 * `workspaces` covering the package's folder), whose `npm install` links its packages to each other, or
 * not. And the one quoting a command line in a README needs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Whether `packageDir` (which need not exist yet) is a package of an npm workspace above it. */
export function inNpmWorkspace(packageDir: string): boolean {
  for (let dir = path.dirname(packageDir); ; dir = path.dirname(dir)) {
    const patterns = workspacesOf(path.join(dir, 'package.json'));
    if (patterns && covers(patterns, path.relative(dir, packageDir).split(path.sep).join('/'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** The `workspaces` globs of a package.json (an array, or `{ packages: [...] }`); null without any. */
function workspacesOf(file: string): string[] | null {
  let manifest: unknown;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const w = (manifest as { workspaces?: unknown } | null)?.workspaces;
  const list = Array.isArray(w) ? w : Array.isArray((w as { packages?: unknown } | undefined)?.packages) ? (w as { packages: unknown[] }).packages : null;
  return list ? list.filter((p): p is string => typeof p === 'string') : null;
}

/** Whether the globs (npm's: `*`, `?`, `**`, `!` to exclude) cover the relative path `rel`. */
export function covers(patterns: readonly string[], rel: string): boolean {
  let covered = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (matches(negated ? pattern.slice(1) : pattern, rel)) covered = !negated;
  }
  return covered;
}

function matches(pattern: string, rel: string): boolean {
  const parts = pattern.replace(/^\.\//, '').replace(/\/+$/, '').split('/').filter((p) => p !== '' && p !== '.');
  const segments = rel.split('/');
  const segment = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  const match = (i: number, j: number): boolean => {
    if (i === parts.length) return j === segments.length;
    if (parts[i] === '**') return match(i + 1, j) || (j < segments.length && match(i, j + 1));
    return j < segments.length && segment(parts[i]).test(segments[j]) && match(i + 1, j + 1);
  };
  return match(0, 0);
}

/** A word of a POSIX shell command line: as it is when it needs no quotes, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
