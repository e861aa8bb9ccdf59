/**
 * The runtime's entries: the main one (what proxies, stubs and connections import) reaches no Jest package
 * through its imports, so `@comidl/runtime` installs and loads alone; the `mocks` entry is where jest-mock
 * comes in. The imports are read from the sources with TypeScript's `preProcessFile`, followed through the
 * runtime's own modules.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const SRC = path.resolve(__dirname, '../src');

/** The packages the entry's module graph imports (relative imports followed, type-only ones included). */
function packagesReachedFrom(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (fileName.startsWith('.')) visit(path.resolve(path.dirname(file), fileName.replace(/\.js$/, '.ts')));
      else packages.add(fileName);
    }
  };
  visit(path.join(SRC, entry));
  if (seen.size < 2) throw new Error(`${entry} imports nothing: the walk did not run`);
  return packages;
}

const isJest = (name: string) => name === 'jest-mock' || name === 'expect' || name === 'jest' || name.startsWith('@jest/');

describe('the runtime’s entries', () => {
  it('main (index.ts) reaches no Jest package', () => {
    expect([...packagesReachedFrom('index.ts')].filter(isJest)).toEqual([]);
  });

  it('mocks (mocks.ts) is built on jest-mock', () => {
    expect([...packagesReachedFrom('mocks.ts')].filter(isJest)).toEqual(['jest-mock']);
  });
});
