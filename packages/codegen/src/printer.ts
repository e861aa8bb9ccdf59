/**
 * Loads what prints generated files: ts-morph (and the TypeScript compiler under it, about half a second at
 * start) with the emitters that build its structures. Loaded on first use, by a generation that has files to
 * print: `comidl vtable`, `diff`, `parse` and `print`, and a generation that stops at errors, never load it.
 */
export class PrinterUnavailableError extends Error {
  override readonly name = 'PrinterUnavailableError';
}

let emitters: typeof import('./emitters') | undefined;

/** The emitters and `printFiles`; a PrinterUnavailableError, with the reason, when ts-morph cannot be loaded. */
export function loadEmitters(): typeof import('./emitters') {
  if (emitters) return emitters;
  try {
    require('ts-morph');
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new PrinterUnavailableError(`ts-morph, which prints the generated TypeScript, cannot be loaded (${reason}); install the dependencies again (npm ci)`);
  }
  emitters = require('./emitters') as typeof import('./emitters');
  return emitters;
}
