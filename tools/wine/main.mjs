// Shared entry-point plumbing for the scripts in this folder: errors meant for
// the user print as one line (no stack trace) and set exit code 1.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A path as shown to the user: relative inside the repository, absolute outside. */
export function shown(p) {
  const r = path.relative(REPO_ROOT, p);
  return r.startsWith('..') || path.isAbsolute(r) ? p : r;
}

/** An error whose message is meant for the user as is. */
export class UserError extends Error {}

/** True when the module at `importMetaUrl` is the script node was started with. */
export function isMain(importMetaUrl) {
  return Boolean(process.argv[1]) && path.resolve(process.argv[1]) === fileURLToPath(importMetaUrl);
}

/** Runs main(); its return value is the exit code. */
export async function runMain(main) {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (e) {
    process.stderr.write(`error: ${e && e.message ? e.message : String(e)}\n`);
    if (!(e instanceof UserError) && process.env.WINE_TOOLS_DEBUG) process.stderr.write(`${e.stack}\n`);
    process.exitCode = 1;
  }
}
