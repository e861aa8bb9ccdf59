/**
 * The output forms of a library. `packages` (the default): one npm package per kind, `<out>/<name>-<kind>`,
 * with its package.json, tsconfig files, README and `src/*.ts`, the packages importing each other by name
 * (`@<scope>/interfaces`). `sources`: plain TypeScript files in a folder of the user's own source tree, as
 * protobuf-es `target=ts` writes them: `<out>/<name>/<kind>/*.ts`, importing each other by relative paths
 * (`../interfaces/ostx.js`), with no package.json, tsconfig or build of their own: the user's project
 * compiles them with its own code. Each kind's folder still carries its `comidl.manifest.json` (what
 * generation owns there) and every file its `@generated` header.
 */
import * as path from 'node:path';
import type { PrintedFile } from './generated-file';
import type { PackageKind } from './package-files';

export type OutputForm = 'packages' | 'sources';

export const OUTPUT_FORMS: readonly OutputForm[] = ['packages', 'sources'];

/**
 * How a file of the sources form imports what another kind's folder declares. The folders of a library
 * sit side by side (`<name>/interfaces`, `<name>/proxies`); a used library generated in the sources form
 * too is imported by a relative path from its folder (in its config's `out`, or beside this library in
 * the same output folder); any other used library by its package names.
 */
export interface SourcesImports {
  /**
   * The npm scope of each used library generated in the sources form -> its folder relative to this
   * library's output folder, with `/` (`com`, `../base/com`).
   */
  readonly usedSources: ReadonlyMap<string, string>;
}

/** The folder of one kind, relative to the output folder, with `/`: `mapi-sync/interfaces`. */
export function sourcesDirectory(name: string, kind: PackageKind): string {
  return `${name}/${kind}`;
}

/**
 * The module specifier of `module` in the `kind` folder of this library (`library` null) or of a used
 * library in the folder `library` (relative to this library's output folder), seen from a file of another
 * kind's folder of this library. `.js` extensions, as the packages' own relative imports have: right for
 * `moduleResolution` `nodenext`/`node16` and for `bundler`.
 */
export function sourcesSpecifier(library: string | null, kind: PackageKind, module: string): string {
  return library === null ? `../${kind}/${module}.js` : path.posix.join('../..', library, kind, `${module}.js`);
}

/** The emitters' files (`src/ostx.ts`) as the sources form writes them, in the kind's folder itself (`ostx.ts`). */
export function asSourceFiles(files: readonly PrintedFile[]): PrintedFile[] {
  return files.map((f) => ({ ...f, path: f.path.replace(/^src\//, '') }));
}
