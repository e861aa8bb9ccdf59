// @ts-check
/**
 * The Nx project of one library folder (the folder of a comidl.config.json): `idl-<name>` with a cached
 * `generate` target. Its inputs are the folder, the IDL it imports elsewhere (include folders and the
 * static import closure) and the generator; its outputs are what generation writes into the package
 * folders (`src/` and the files beside it: package.json, tsconfig files, manifest, README; never `dist` or
 * `node_modules`, which a build and an install put there) and the vtable lock. The package folders are `<out>/<name>-<kind>`, as comidl's generation driver names them.
 * Plain JavaScript, read by Nx as it is: computing the project graph needs no build.
 */
const fs = require('node:fs');
const path = require('node:path');
const { importClosure } = require('./import-closure');

/** The packages a library generates, in the driver's order (@comidl/codegen's PackageKind). */
const PACKAGE_KINDS = ['interfaces', 'proxies', 'mocks', 'native'];
const DEFAULT_OUT = 'packages/generated';
/** The vtable lock beside the config (@comidl/model's LOCK_FILE_NAME). */
const LOCK = '{projectRoot}/vtable.lock.json';
const DEFAULT_COMMAND = 'comidl generate --config {config} --out {out}';
/** What the target runs when the workspace does not say: the installed comidl. */
const DEFAULT_GENERATOR_INPUTS = [{ externalDependencies: ['@comidl/cli'] }];

/**
 * @typedef {object} ComidlPluginOptions
 * @property {string} [targetName] the target's name (default `generate`)
 * @property {string} [out] the folder the package folders go in, relative to the workspace (default packages/generated)
 * @property {string} [command] what the target runs from the workspace root, where the tokens config, out, name and projectRoot in braces are replaced (default: DEFAULT_COMMAND)
 * @property {unknown[]} [generatorInputs] the inputs that stand for the generator (default: the installed CLI package)
 * @property {unknown[]} [dependsOn] tasks to run first (a workspace that builds its own generator)
 * @property {string[]} [includeDirs] folders the command searches after the config's, relative to the workspace root (a workspace whose generator searches its own base IDL)
 */

/** A path relative to the workspace root, with `/`. */
const rel = (/** @type {string} */ root, /** @type {string} */ p) => path.relative(root, p).split(path.sep).join('/');
const token = (/** @type {string} */ p) => (p === '' ? '{workspaceRoot}' : `{workspaceRoot}/${p}`);

/**
 * @param {string} configFile the config, relative to the workspace root (as Nx gives it)
 * @param {ComidlPluginOptions | undefined} options
 * @param {string} workspaceRoot
 */
function libraryProject(configFile, options, workspaceRoot) {
  const opts = options ?? {};
  const projectRoot = path.posix.dirname(configFile.split(path.sep).join('/'));
  const dir = path.join(workspaceRoot, projectRoot);
  const config = readConfig(path.join(workspaceRoot, configFile));
  const name = typeof config.name === 'string' ? config.name : null;
  const scope = typeof config.scope === 'string' ? config.scope : null;
  // The output folder: a config's own `out` (relative to its folder, as its other paths), else the
  // plugin's option. The command passes it on as --out.
  const outDir = typeof config.out === 'string' ? path.resolve(dir, config.out) : path.resolve(workspaceRoot, opts.out ?? DEFAULT_OUT);
  const out = rel(workspaceRoot, outDir);
  const includeDirs = [...stringList(config.includeDirs).map((d) => path.resolve(dir, d)), ...stringList(opts.includeDirs).map((d) => path.resolve(workspaceRoot, d))];
  const files = stringList(config.files).map((f) => path.resolve(dir, f));
  const used = usedLibraries(dir, config);
  // An installed library (`"uses": ["@com/idl"]`) is no project of the workspace: its package is an input.
  const installed = usedPackages(config);

  const inside = (/** @type {string} */ p) => !path.relative(dir, p).startsWith('..');
  const inWorkspace = (/** @type {string} */ p) => {
    const r = path.relative(workspaceRoot, p);
    return !r.startsWith('..') && !path.isAbsolute(r);
  };
  const elsewhere = [
    ...includeDirs.filter(inWorkspace).flatMap((d) => ['idl', 'h'].map((ext) => `${token(rel(workspaceRoot, d))}/**/*.${ext}`)),
    ...importClosure(files, includeDirs).filter((f) => !inside(f) && inWorkspace(f)).map((f) => token(rel(workspaceRoot, f))),
  ];
  // The lock is an output, and no input: the first run writes it, and the second must be a cache hit.
  // A used library's config is read by the run (what it generates is imported, not generated again).
  const usedConfigs = used.map((u) => u.config).filter(inWorkspace).map((f) => token(rel(workspaceRoot, f)));
  const inputs = [
    '{projectRoot}/**/*',
    `!${LOCK}`,
    ...new Set([...elsewhere, ...usedConfigs]),
    ...(installed.length ? [{ externalDependencies: installed }] : []),
    ...(opts.generatorInputs ?? DEFAULT_GENERATOR_INPUTS),
  ];
  // Everything generation writes into a package folder, not what a build or an install puts there; in the
  // sources form (`<out>/<name>/<kind>/*.ts`) each kind's folder, which holds generated files only.
  const outputs =
    name === null || scope === null
      ? []
      : PACKAGE_KINDS.flatMap((kind) => {
          if (config.form === 'sources') return [token(out === '' ? `${name}/${kind}` : `${out}/${name}/${kind}`)];
          const folder = token(out === '' ? `${name}-${kind}` : `${out}/${name}-${kind}`);
          return [`${folder}/src`, `${folder}/*.json`, `${folder}/*.md`];
        });
  outputs.push(LOCK);

  const command = (opts.command ?? DEFAULT_COMMAND)
    .replaceAll('{config}', configFile.split(path.sep).join('/'))
    .replaceAll('{out}', out === '' ? '.' : out)
    .replaceAll('{name}', name ?? path.basename(dir))
    .replaceAll('{projectRoot}', projectRoot);
  const target = {
    command,
    options: { cwd: '{workspaceRoot}' },
    // The used libraries' packages are generated (or restored from the cache) first: this one's import them.
    ...(opts.dependsOn || used.length
      ? { dependsOn: [...(opts.dependsOn ?? []), ...(used.length ? [{ projects: used.map((u) => u.project), target: opts.targetName ?? 'generate' }] : [])] }
      : {}),
    inputs,
    outputs,
    cache: true,
    metadata: {
      description: name
        ? `Generates the ${name} ${PACKAGE_KINDS.join(', ')} packages into ${out || '.'} from this folder's IDL (and what it imports).`
        : 'Generates this folder\'s library (its comidl.config.json names none: the run reports why).',
      technologies: ['comidl'],
    },
  };
  return {
    projectRoot,
    project: {
      root: projectRoot,
      name: projectName(dir, name),
      projectType: 'library',
      tags: ['type:idl'],
      ...(used.length ? { implicitDependencies: used.map((u) => u.project) } : {}),
      targets: { [opts.targetName ?? 'generate']: target },
    },
  };
}

/**
 * The project's name: the one a project.json in the folder gives, or `idl-<name>` (comidl's generation
 * driver names the same project in the generated packages' `nx` section).
 * @param {string} dir
 * @param {string | null} name
 */
function projectName(dir, name) {
  try {
    const own = JSON.parse(fs.readFileSync(path.join(dir, 'project.json'), 'utf8')).name;
    if (typeof own === 'string') return own;
  } catch {
    // No project.json: the inferred name.
  }
  return `idl-${name ?? path.basename(dir)}`;
}

/**
 * The libraries a config `uses` (each a config, or the folder of one, relative to the config's folder): the
 * config file and its project's name. Entries that name no readable config are left to the run, which
 * reports them located.
 * @param {string} dir the using config's folder
 * @param {Record<string, unknown>} config
 * @returns {{ config: string, project: string }[]}
 */
function usedLibraries(dir, config) {
  return stringList(config.uses).filter((entry) => packageName(entry) === null).flatMap((entry) => {
    const target = path.resolve(dir, entry);
    const file = isDirectory(target) ? path.join(target, 'comidl.config.json') : target;
    const fields = readConfig(file);
    if (typeof fields.name !== 'string') return [];
    return [{ config: file, project: projectName(path.dirname(file), fields.name) }];
  });
}

/**
 * The installed packages a config `uses`: entries that are no path (as the config reader tells them: a path
 * starts with ./, ../ or /), by package name (`@com/idl/win32` -> `@com/idl`).
 * @param {Record<string, unknown>} config
 * @returns {string[]}
 */
function usedPackages(config) {
  return [...new Set(stringList(config.uses).map(packageName).filter((n) => n !== null))];
}

/**
 * @param {string} entry
 * @returns {string | null}
 */
function packageName(entry) {
  if (/^\.\.?(\/|\\|$)/.test(entry) || path.isAbsolute(entry) || path.win32.isAbsolute(entry)) return null;
  const m = /^((?:@[^/]+\/)?[^/]+)/.exec(entry);
  return m ? m[1] : null;
}

/** @param {string} p */
function isDirectory(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The config's fields, or none when it is not a JSON object: the target still exists, and running it
 * reports the config's problems, located.
 * @param {string} file
 * @returns {Record<string, unknown>}
 */
function readConfig(file) {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/** @param {unknown} value @returns {string[]} */
function stringList(value) {
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string' && v.trim() !== '') : [];
}

module.exports = { libraryProject, PACKAGE_KINDS, DEFAULT_OUT };
