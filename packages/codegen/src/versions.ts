/**
 * The versions generated packages name: comidl's own (the generator, in each README) and @comidl/runtime's
 * (the packages depend on a compatible range of it), each read from its package's package.json, so that a
 * release changes them in one place.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

let comidl: string | undefined;
let runtime: string | undefined;

/** This package's version (the same file from `src` and from `dist`). */
export function comidlVersion(): string {
  comidl ??= versionIn(path.join(__dirname, '..', 'package.json'));
  return comidl;
}

/**
 * The version of the @comidl/runtime installed beside this generator: its package.json, found as Node finds
 * the package from here (the `node_modules` folders above this file, nearest first).
 */
export function runtimeVersion(): string {
  if (runtime === undefined) {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
      const file = path.join(dir, 'node_modules', '@comidl', 'runtime', 'package.json');
      if (fs.existsSync(file) && packageName(file) === '@comidl/runtime') {
        runtime = versionIn(file);
        break;
      }
      if (path.dirname(dir) === dir) throw new Error('@comidl/runtime is not installed beside @comidl/codegen');
    }
  }
  return runtime;
}

function packageName(file: string): unknown {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name;
}

function versionIn(file: string): string {
  const version = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error(`${file}: no version`);
  return version;
}
