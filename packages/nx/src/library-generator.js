// @ts-check
/**
 * `nx g @comidl/nx:library NAME [--directory DIR] [--scope @SCOPE]`: the library `comidl init` writes (the
 * CLI's own scaffolding, @comidl/cli/scaffold), written into Nx's tree, in DIR (default idl/NAME). Refuses
 * to overwrite: when a file it would write exists, it stops and nothing is written. The plugin then infers
 * the folder's project, idl-NAME, with its generate target.
 */
const path = require('node:path');

/**
 * @param {{ root: string, exists(path: string): boolean, write(path: string, content: string): void }} tree
 * @param {{ name: string, directory?: string, scope?: string }} options
 */
async function libraryGenerator(tree, options) {
  /** @type {typeof import('@comidl/cli/scaffold')} */
  const { scaffoldLibrary } = require('@comidl/cli/scaffold');
  const dir = path.resolve(tree.root, options.directory ?? path.join('idl', options.name));
  const scaffold = scaffoldLibrary({ dir, name: options.name, ...(options.scope ? { scope: options.scope } : {}) });
  const files = scaffold.files.map((f) => ({ path: path.relative(tree.root, f.path).split(path.sep).join('/'), text: f.text }));
  const existing = files.filter((f) => tree.exists(f.path)).map((f) => f.path);
  if (existing.length) throw new Error(`${existing.join(', ')} ${existing.length > 1 ? 'exist' : 'exists'} already; nothing was written`);
  for (const f of files) tree.write(f.path, f.text);
  return () => {
    console.log(`next: edit ${files[1].path}, then nx run idl-${scaffold.name}:generate`);
  };
}

module.exports = libraryGenerator;
module.exports.default = libraryGenerator;
module.exports.libraryGenerator = libraryGenerator;
