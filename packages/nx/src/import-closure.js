// @ts-check
/**
 * The IDL files a library reads, as far as they are known without running the front end: its files, and
 * what they `import` and `#include`, followed transitively. An import is looked for beside the importing
 * file, then in the include folders, as the front end does. Names not found (the CLI's own base IDL, a
 * folder given with -I) are left out: the generator package is an input of its own.
 */
const fs = require('node:fs');
const path = require('node:path');

/** `import "a.idl", "b.idl";`, `#include "x.h"` and `#include <x.h>`; comments may name some too (harmless). */
const IMPORT = /\bimport\s+((?:"[^"\n]+"\s*,?\s*)+);/g;
const INCLUDE = /^[ \t]*#[ \t]*include[ \t]*["<]([^">\n]+)[">]/gm;

/**
 * @param {readonly string[]} files absolute paths of the library's IDL files
 * @param {readonly string[]} includeDirs absolute include folders, searched in order
 * @returns {string[]} absolute paths of every file found, sorted
 */
function importClosure(files, includeDirs) {
  const seen = new Set();
  const queue = [...files];
  while (queue.length) {
    const file = /** @type {string} */ (queue.shift());
    if (seen.has(file)) continue;
    const text = readText(file);
    if (text === null) continue;
    seen.add(file);
    for (const name of importedNames(text)) {
      const found = [path.dirname(file), ...includeDirs].map((d) => path.resolve(d, name)).find(isFile);
      if (found && !seen.has(found)) queue.push(found);
    }
  }
  return [...seen].sort();
}

/** @param {string} text */
function importedNames(text) {
  const names = [];
  for (const m of text.matchAll(IMPORT)) for (const q of m[1].matchAll(/"([^"\n]+)"/g)) names.push(q[1]);
  for (const m of text.matchAll(INCLUDE)) names.push(m[1]);
  return names;
}

/** @param {string} file */
function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** @param {string} file */
function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

module.exports = { importClosure, importedNames };
