/**
 * `comidl.config.json`: how a library folder is generated. Paths in it are relative to the folder. The
 * folder's vtable lock (`vtable.lock.json` beside the config) is read too, as the layouts to check.
 *
 *   { "name": "mapi-sync", "scope": "@mapi-sync", "files": ["mapi-sync.idl"],
 *     "protocols": ["iostx.protocol.json"], "includeDirs": [], "defines": {} }
 *
 * Every field is checked in one pass: each wrong one is reported at its line and column with its JSON path
 * (`idl/x/comidl.config.json:4:12: error: files[1]: must be a string, a path relative to the config's
 * folder`). The config, the lock and the protocol descriptions are read as regular files only.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { LOCK_FILE_NAME, readRegularFile, RegularFileError, severityProblems } from '@comidl/model';
import { didYouMean, jsonNestingTooDeep, MAX_JSON_DEPTH, type Severity } from '@comidl/parser';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { EmitScope, GenerateOptions, UsedLibrary } from './generate';
import { MODULE_FORMATS, type ModuleFormat } from './package-files';
import { outputFolderProblem } from './output/output-folder';
import { OUTPUT_FORMS, type OutputForm } from './sources-form';

export interface LibraryConfig {
  name: string;
  scope: string;
  files: string[];
  protocols?: string[];
  includeDirs?: string[];
  defines?: Record<string, string>;
  lenient?: boolean;
  severity?: Record<string, Severity>;
  emit?: EmitScope;
  uses?: string[];
  version?: string;
  license?: string;
  description?: string;
  publish?: boolean;
  moduleFormat?: ModuleFormat;
  out?: string;
  form?: OutputForm;
}

/** The config's problems, one located line each (`file:line:col: error: path: message`). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Every field of a library config, with what it must be (the CLI's JSON Schema describes the same). */
export const CONFIG_FIELDS: Readonly<Record<keyof LibraryConfig, string>> = {
  name: 'a lowercase package name (a-z, 0-9, -), such as "mapi-sync"',
  scope: 'an npm scope such as "@mapi-sync"',
  files: 'a non-empty list of the IDL files of the library, relative to the config\'s folder',
  protocols: 'a list of protocol descriptions (*.protocol.json), relative to the config\'s folder',
  includeDirs: 'a list of folders searched for imports and #include, relative to the config\'s folder',
  defines: 'an object of preprocessor macros: { "NAME": "value" }',
  lenient: 'true or false: MIDL rules widl does not enforce (M002-M006, M009, M011) give warnings',
  severity: 'an object of rule codes and severities, such as { "M005": "warning" }',
  emit: '"all" (every declaration of the files\' import closure, the default) or "reached" (the files\' declarations and what they refer to)',
  uses: 'a list of the libraries whose packages this one imports instead of generating what they generate: their configs (or folders), relative to the config\'s folder (starting with ./ or ../), or installed packages that ship one ("@com/idl")',
  version: 'the packages\' version, a semantic version such as "1.2.0" (default "0.1.0")',
  license: 'the packages\' licence, an SPDX expression such as "MIT" (default "MIT")',
  description: 'a non-empty sentence saying what the library is; each package\'s description starts with it',
  publish: 'true or false: the packages are published to a registry (not private; siblings by version, not file: links)',
  moduleFormat: '"dual" (ES modules and CommonJS, the default), "esm" or "commonjs": the packages\' module format',
  out: 'the folder the package folders go in, relative to the config\'s folder (--out overrides it; default packages/generated in the current folder)',
  form: '"packages" (npm packages <name>-<kind>, the default) or "sources" (plain TypeScript files <name>/<kind>/*.ts for the project\'s own source tree)',
};
/** Keys a JSON file may carry for its editor or reader. */
export const CONFIG_IGNORED_KEYS: ReadonlySet<string> = new Set(['$schema', '$comment', '//']);

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const SCOPE = /^@[a-z0-9][a-z0-9-]*$/;
const MACRO = /^[A-Za-z_]\w*$/;
/** A semantic version (https://semver.org), without a leading `v`. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
/** An SPDX licence expression as npm takes it (`MIT`, `(MIT OR Apache-2.0)`, `SEE LICENSE IN LICENSE`, `UNLICENSED`). */
const LICENSE = /^[A-Za-z0-9().+: -]*[A-Za-z0-9)]$/;
const DESCRIPTION = /\S/;

const CONFIG_FILE = 'comidl.config.json';

/**
 * Reads a config file into generate() options; paths shown relative to `root`. Throws a ConfigError. The
 * libraries it uses are read too (`using`: the configs that led here, to find a cycle).
 */
export function loadConfig(configFile: string, root: string, using: readonly string[] = []): GenerateOptions {
  const dir = path.dirname(configFile);
  const shown = (p: string) => path.relative(root, p).split(path.sep).join('/');
  // Generated files name their sources relative to the current folder when the library is inside it, else
  // relative to the config's folder: never an absolute path, nor one that depends on where comidl ran.
  const shownRoot = within(root, dir) ? root : dir;
  const display = (p: string) => path.relative(shownRoot, p).split(path.sep).join('/');
  const file = shown(configFile);
  const text = read(configFile, file, 'the library config');
  if (text === null) throw new ConfigError([`${file}:1:1: error: the library config does not exist`]);
  const located: { offset: number; line: string }[] = [];
  const lines = lineStarts(text);
  const at = (offset: number) => {
    let line = lines.length - 1;
    while (line > 0 && lines[line] > offset) line--;
    return `${file}:${line + 1}:${offset - lines[line] + 1}`;
  };
  // jsonc-parser descends by recursion: nesting deeper than a config ever has is refused before it.
  const tooDeep = jsonNestingTooDeep(text);
  if (tooDeep >= 0) throw new ConfigError([`${at(tooDeep)}: error: not valid JSON: nested deeper than ${MAX_JSON_DEPTH} levels`]);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length || !tree) {
    throw new ConfigError(
      errors.length
        ? errors.map((e) => `${at(e.offset)}: error: not valid JSON: ${printParseErrorCode(e.error)}`)
        : [`${file}:1:1: error: empty; a library config is a JSON object`],
    );
  }
  if (tree.type !== 'object') throw new ConfigError([`${at(tree.offset)}: error: must be a JSON object with ${Object.keys(CONFIG_FIELDS).join(', ')}`]);
  const fail = (node: Node, jsonPath: string, message: string) => located.push({ offset: node.offset, line: `${at(node.offset)}: error: ${jsonPath}: ${message}` });
  const node = (key: string) => findNodeAtLocation(tree, [key]);

  for (const property of tree.children ?? []) {
    const key = property.children![0].value as string;
    if (!Object.hasOwn(CONFIG_FIELDS, key) && !CONFIG_IGNORED_KEYS.has(key)) {
      const suggestion = didYouMean(key, Object.keys(CONFIG_FIELDS), (s) => `"${s}"`);
      fail(property.children![0], key, `unknown field${suggestion || ` (a library config has ${Object.keys(CONFIG_FIELDS).join(', ')})`}`);
    }
  }
  const stringField = (key: 'name' | 'scope' | 'version' | 'license' | 'description' | 'out', pattern: RegExp, required = true): string | undefined => {
    const n = node(key);
    if (!n) {
      if (required) fail(tree, key, `missing; ${CONFIG_FIELDS[key]}`);
    }
    else if (n.type !== 'string' || !pattern.test(n.value as string)) fail(n, key, `must be ${CONFIG_FIELDS[key]}`);
    else return n.value as string;
    return undefined;
  };
  const list = (key: 'files' | 'protocols' | 'includeDirs' | 'uses', required: boolean): { value: string; node: Node; index: number }[] => {
    const n = node(key);
    if (!n) {
      if (required) fail(tree, key, `missing; ${CONFIG_FIELDS[key]}`);
      return [];
    }
    if (n.type !== 'array' || (required && !n.children?.length)) {
      fail(n, key, `must be ${CONFIG_FIELDS[key]}`);
      return [];
    }
    const out: { value: string; node: Node; index: number }[] = [];
    (n.children ?? []).forEach((item, index) => {
      if (item.type !== 'string' || (item.value as string).trim() === '') fail(item, `${key}[${index}]`, 'must be a non-empty string, a path relative to the config\'s folder');
      else out.push({ value: item.value as string, node: item, index });
    });
    return out;
  };

  const name = stringField('name', NAME);
  const scope = stringField('scope', SCOPE);
  const files = list('files', true);
  const protocolEntries = list('protocols', false);
  const includeDirs = list('includeDirs', false);
  const defines: Record<string, string> = {};
  const definesNode = node('defines');
  if (definesNode && definesNode.type !== 'object') fail(definesNode, 'defines', `must be ${CONFIG_FIELDS.defines}`);
  for (const property of definesNode?.type === 'object' ? (definesNode.children ?? []) : []) {
    const [k, v] = property.children!;
    const macro = k.value as string;
    if (!MACRO.test(macro)) fail(k, `defines.${macro}`, 'must be a macro name (letters, digits, _; not starting with a digit)');
    else if (v.type !== 'string') fail(v, `defines.${macro}`, 'must be a string (the macro\'s replacement text)');
    else defines[macro] = v.value as string;
  }

  const booleanField = (key: 'lenient' | 'publish'): boolean | undefined => {
    const n = node(key);
    if (n && n.type !== 'boolean') fail(n, key, `must be ${CONFIG_FIELDS[key]}`);
    else if (n) return n.value as boolean;
    return undefined;
  };
  const lenient = booleanField('lenient');
  const severityNode = node('severity');
  let severity: Record<string, Severity> | undefined;
  if (severityNode) {
    if (severityNode.type !== 'object') fail(severityNode, 'severity', `must be ${CONFIG_FIELDS.severity}`);
    else {
      severity = {};
      for (const property of severityNode.children ?? []) {
        const [k, v] = property.children!;
        const why = severityProblems({ [k.value as string]: v.value });
        if (why.length) fail(v.type === 'string' ? v : k, `severity.${k.value as string}`, why.map((w) => w.replace(/^"[^"]*": /, '')).join('; '));
        else severity[k.value as string] = v.value as Severity;
      }
    }
  }

  /** A field whose value is one of a few strings. */
  const oneOf = <T extends string>(key: 'emit' | 'moduleFormat' | 'form', values: readonly T[]): T | undefined => {
    const n = node(key);
    if (n && (n.type !== 'string' || !values.includes(n.value as T))) fail(n, key, `must be ${CONFIG_FIELDS[key]}`);
    else if (n) return n.value as T;
    return undefined;
  };
  const emit = oneOf<EmitScope>('emit', ['all', 'reached']);

  const uses: UsedLibrary[] = [];
  const nested: string[] = [];
  /** The folders of installed used libraries' configs: searched for imports after the config's includeDirs. */
  const installedDirs: string[] = [];
  for (const { value, node: n, index } of list('uses', false)) {
    let target = path.resolve(dir, value);
    const installed = isPackageSpecifier(value) ? installedConfig(value, dir, shown) : null;
    if (installed?.problem) {
      fail(n, `uses[${index}]`, `${value}: ${installed.problem}`);
      continue;
    }
    if (installed) target = installed.file;
    else if (fs.existsSync(target) && fs.statSync(target).isDirectory()) target = path.join(target, CONFIG_FILE);
    const chain = [...using, configFile];
    if (chain.includes(target)) {
      fail(n, `uses[${index}]`, `${value}: a cycle of uses: ${[...chain.slice(chain.indexOf(target)), target].map(shown).join(' -> ')}`);
      continue;
    }
    const why = notRegular(target);
    if (why) {
      fail(n, `uses[${index}]`, `${value}: the library config ${why}`);
      continue;
    }
    if (installed) installedDirs.push(path.dirname(target));
    try {
      const entry = `uses[${index}]: ${value}`;
      uses.push({ options: loadConfig(target, root, chain), config: shown(target), at: at(n.offset), entry, ...(installed ? { package: installed.name } : {}) });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      nested.push(...e.problems);
    }
  }
  const version = stringField('version', SEMVER, false);
  const license = stringField('license', LICENSE, false);
  const description = stringField('description', DESCRIPTION, false);
  const publish = booleanField('publish');
  const moduleFormat = oneOf('moduleFormat', MODULE_FORMATS);
  const out = stringField('out', DESCRIPTION, false);
  // Not a folder generation must never fill (a file system root, the home folder, a system folder...).
  const outProblem = out !== undefined ? outputFolderProblem(out, { cwd: dir }) : null;
  if (outProblem) fail(node('out')!, 'out', `${out}: ${outProblem}`);
  const form = oneOf('form', OUTPUT_FORMS);
  // The sources form has no package of its own: the project compiles the files, in its own module format.
  for (const key of ['moduleFormat', 'publish'] as const) {
    const n = node(key);
    if (form === 'sources' && n) fail(n, key, 'applies to the packages form; with "form": "sources" the project compiles the files as part of its own code');
  }

  // The IDL files must be regular files (the front end reads them); the protocol descriptions are read here.
  for (const { value, node: n, index } of files) {
    const why = notRegular(path.resolve(dir, value));
    if (why) fail(n, `files[${index}]`, `${value} ${why}`);
  }
  const protocols: { file: string; text: string }[] = [];
  for (const { value, node: n, index } of protocolEntries) {
    const target = path.resolve(dir, value);
    try {
      const t = readRegularFile(target, value);
      if (t === null) fail(n, `protocols[${index}]`, `protocol description ${value} does not exist`);
      else protocols.push({ file: display(target), text: t });
    } catch (e) {
      if (!(e instanceof RegularFileError)) throw e;
      fail(n, `protocols[${index}]`, `protocol description ${e.message}`);
    }
  }
  for (const { value, node: n, index } of includeDirs) {
    const target = path.resolve(dir, value);
    if (fs.existsSync(target) && !fs.statSync(target).isDirectory()) fail(n, `includeDirs[${index}]`, `${value} is not a folder`);
  }
  const lockFile = path.join(dir, LOCK_FILE_NAME);
  let lockText: string | null = null;
  const problems: string[] = [];
  try {
    lockText = read(lockFile, shown(lockFile), 'the vtable lock');
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.problems);
  }
  // In the order of the file (a stable sort keeps a field's problems in the order they were found).
  located.sort((a, b) => a.offset - b.offset);
  problems.unshift(...located.map((l) => l.line));
  problems.push(...nested.filter((p) => !problems.includes(p)));
  if (problems.length) throw new ConfigError(problems);
  return {
    files: files.map((f) => shown(path.resolve(dir, f.value))),
    scope: scope!,
    name: name!,
    // The config's folder relative to the current one; from inside it (or outside the current one), the config.
    source: shownRoot === root && dir !== root ? shown(dir) : path.basename(configFile),
    shownRoot,
    protocols,
    includeDirs: [...includeDirs.map((d) => path.resolve(dir, d.value)), ...installedDirs],
    defines,
    ...(lenient !== undefined ? { lenient } : {}),
    ...(severity !== undefined ? { severity } : {}),
    ...(emit !== undefined ? { emit } : {}),
    ...(uses.length ? { uses } : {}),
    root,
    lock: { file: shown(lockFile), text: lockText },
    nxProject: nxProjectOf(dir, name!),
    idlFiles: files.map((f) => path.relative(dir, path.resolve(dir, f.value)).split(path.sep).join('/')),
    ...(version !== undefined ? { version } : {}),
    ...(license !== undefined ? { license } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(publish !== undefined ? { publish } : {}),
    ...(moduleFormat !== undefined ? { moduleFormat } : {}),
    ...(out !== undefined ? { out: path.resolve(dir, out) } : {}),
    ...(form !== undefined ? { form } : {}),
  };
}

/**
 * Whether a `uses` entry names an installed package (`@com/idl`, `com-idl/sub`) rather than a path: as in
 * tsconfig's `extends` and Node's own resolution, a path starts with `./`, `../` or `/` (or a drive).
 */
function isPackageSpecifier(value: string): boolean {
  return !/^\.\.?(\/|\\|$)/.test(value) && !path.isAbsolute(value) && !path.win32.isAbsolute(value);
}

/** An npm package name, optionally scoped, then an optional subpath (`@com/idl/win32`). */
const PACKAGE_SPECIFIER = /^((?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*)(\/.+)?$/;

/**
 * The config an installed package ships (`@com/idl` -> `<its folder>/comidl.config.json`; a subpath names a
 * folder in the package, or a config file): the package is found as Node finds it from the config's folder,
 * in each `node_modules` up to the root and Node's global folders (`require.resolve.paths`), whatever the
 * package's `exports` say (a config and IDL files are data, not modules).
 */
function installedConfig(value: string, dir: string, shown: (p: string) => string): { name: string; file: string; problem?: string } {
  const m = PACKAGE_SPECIFIER.exec(value);
  if (!m) return { name: value, file: '', problem: 'must be a path relative to the config\'s folder (starting with ./ or ../) or an installed package (such as "@com/idl")' };
  const [, name, subpath = ''] = m;
  const searched = createRequire(path.join(dir, CONFIG_FILE)).resolve.paths(name) ?? [];
  const packageDir = searched.map((p) => path.join(p, name)).find((d) => notRegular(path.join(d, 'package.json')) === null);
  if (packageDir === undefined) {
    const beside = path.resolve(dir, value);
    const hint = fs.existsSync(beside) ? `; for the folder beside the config write "./${value}"` : '; install it (npm install), or write a path starting with ./ or ../';
    return { name, file: '', problem: `no installed package ${name} in node_modules from ${shown(dir) || '.'} up${hint}` };
  }
  const file = subpath.endsWith('.json') ? path.join(packageDir, subpath) : path.join(packageDir, subpath, CONFIG_FILE);
  const why = notRegular(file);
  if (why) return { name, file, problem: `the package ${name} (${shown(packageDir)}) ships no library config: ${shown(file)} ${why}` };
  return { name, file };
}

/** A path as messages show it: relative to `root` when inside it, with `/`. */
export function shownPath(root: string, file: string): string {
  const rel = path.relative(root, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

/** Whether `p` is `dir` or inside it. */
export function within(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** A file's text (null when it does not exist), or a ConfigError saying why it cannot be read. */
function read(file: string, shown: string, what: string): string | null {
  try {
    return readRegularFile(file, shown);
  } catch (e) {
    if (!(e instanceof RegularFileError)) throw e;
    throw new ConfigError([`${shown}:1:1: error: ${what} ${e.reason}`]);
  }
}

/** Why `file` is not a regular file the front end can read (`does not exist`, `is a FIFO...`); null when it is one. */
export function notRegular(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    if (stat.isFile()) return null;
    if (stat.isDirectory()) return 'is a directory, not a regular file';
    if (stat.isFIFO()) return 'is a FIFO (named pipe), not a regular file';
    if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device, not a regular file';
    if (stat.isSocket()) return 'is a socket, not a regular file';
    return 'is not a regular file';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'does not exist';
    if (code === 'ENOTDIR') return 'does not exist (a folder in its path is a file)';
    return `cannot be read (${code ?? 'error'})`;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/**
 * The name of the Nx project a library folder is: its `project.json`'s, or, when the nearest nx.json above it
 * registers the @comidl/nx plugin, the project that plugin infers (`idl-<name>`); null when it is none.
 */
function nxProjectOf(dir: string, name: string): string | null {
  const own = jsonField(path.join(dir, 'project.json'), 'name');
  if (own !== undefined) return typeof own === 'string' ? own : null;
  for (let d = dir; ; d = path.dirname(d)) {
    const plugins = jsonField(path.join(d, 'nx.json'), 'plugins');
    if (plugins !== undefined) {
      const registered = Array.isArray(plugins) && plugins.some((p) => (typeof p === 'string' ? p : (p as { plugin?: unknown } | null)?.plugin) === NX_PLUGIN);
      return registered ? `idl-${name}` : null;
    }
    if (path.dirname(d) === d) return null;
  }
}
const NX_PLUGIN = '@comidl/nx';

/** A top-level field of a JSON file; undefined when the file is absent or not JSON. */
function jsonField(file: string, key: string): unknown {
  try {
    const text = readRegularFile(file);
    if (text === null) return undefined;
    const value = JSON.parse(text) as Record<string, unknown> | null;
    return value?.[key] ?? null;
  } catch {
    return undefined;
  }
}
