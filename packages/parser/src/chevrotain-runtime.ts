/**
 * Chevrotain's runtime, loaded from the package's self-contained bundle `lib/chevrotain.mjs` rather than from
 * its entry point `lib/src/api.js`. The entry is about a hundred ES modules that Node resolves and compiles one
 * by one, about 400 ms at every start of the command line; the bundle, the same code in one file, loads in
 * about 30 ms. The package's `exports` expose only the entry, so the bundle is found beside it. (Jest maps
 * `chevrotain` to the bundle already; there the entry is the bundle.) Types still come from `chevrotain`.
 */
import { dirname, join } from 'node:path';
import type * as Chevrotain from 'chevrotain';

/** The bundle beside the package's entry point (`lib/src/api.js` -> `lib/chevrotain.mjs`); a bundle is itself. */
export function bundleOf(entry: string): string {
  return entry.endsWith('.mjs') ? entry : join(dirname(entry), '..', 'chevrotain.mjs');
}

/** The path of the bundle this process loads Chevrotain from. */
export const chevrotainBundle = bundleOf(require.resolve('chevrotain'));

// A plain require of a path: the bundle lies outside what the package exports.
export const chevrotain = require(chevrotainBundle) as typeof Chevrotain;
