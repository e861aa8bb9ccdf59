/**
 * The non-TypeScript files of a generated package: package.json, its tsconfig files and its README. Each
 * package builds where it lands: every compiler option is in its own tsconfig (nothing outside the package),
 * `npm run build` compiles it, and its siblings are found without a registry unless the library is published.
 */
import * as path from 'node:path';
import type { GeneratedFile } from './generated-file';
import { commentText, htmlCommentText, jsonText, markdownText } from './escape';
import { generatedHeader, generatedNote } from './header';

export type PackageKind = 'interfaces' | 'proxies' | 'mocks' | 'native';

/** The packages in the order they build: each after the ones it depends on. */
export const BUILD_ORDER: readonly PackageKind[] = ['interfaces', 'proxies', 'mocks', 'native'];

/**
 * How a package names its sibling (`@<scope>/interfaces`): `file` as a `file:../<name>-interfaces` link (the
 * default: no registry is asked), `version` as its exact version (inside an npm workspace, which resolves it
 * to the workspace's package; or published, from the registry).
 */
export type SiblingLink = 'file' | 'version';

/**
 * The module format a package is built in: `esm` (ES modules in `dist/`), `commonjs` (CommonJS in `dist/`), or
 * `dual` (the default: ES modules in `dist/` and CommonJS in `dist/cjs/`, chosen by the `import` and `require`
 * export conditions, so the package loads under native ESM Jest and under the stock `ts-jest` preset, whose
 * test files are CommonJS). Dual packages load the CommonJS build of @comidl/runtime when required and its ES
 * build when imported: a program that does both holds two copies of the runtime (its `instanceof` checks do
 * not cross).
 */
export type ModuleFormat = 'esm' | 'commonjs' | 'dual';
export const MODULE_FORMATS: readonly ModuleFormat[] = ['esm', 'commonjs', 'dual'];

export interface PackageNames {
  scope: string;
  name: string;
  source: string;
  version: string;
  /** The version of @comidl/runtime the code was generated for: the packages take a compatible range of it. */
  runtimeVersion: string;
  /** The Nx project of the IDL folder; null outside an Nx workspace (no `nx` section then). */
  nxProject: string | null;
  /**
   * The libraries this one uses (`"uses"`), deepest first: their packages are dependencies, each named as its
   * `link` says.
   */
  uses?: readonly UsedPackages[];
  license: string;
  /** What the library is, from its config; the package descriptions start with it (default: the name). */
  description: string | null;
  /** Published to a registry: not private, siblings by version. */
  publish: boolean;
  siblings: SiblingLink;
  moduleFormat: ModuleFormat;
  /** Which packages are generated (the README's build order). */
  kinds: readonly PackageKind[];
  readme: ReadmeFacts;
}

/** A used library's packages: `<scope>/<kind>`, in the folder `<name>-<kind>`, at `version`, named as `link` says. */
export interface UsedPackages {
  scope: string;
  name: string;
  version: string;
  link: UsedLink;
}

/**
 * How a package names a used library's packages: `file` as a `file:` link to their folder (`folder`: the used
 * library's output folder relative to this library's, with `/`; empty when they share one), `version` as
 * its exact version (inside an npm workspace, which links it), `range` as a compatible range of its version
 * (`^1.2.0`: a library released on its own, published or installed, which a later minor version extends).
 */
export type UsedLink = { kind: 'file'; folder: string } | { kind: 'version' } | { kind: 'range' };

/** What a package's README says about where it came from. */
export interface ReadmeFacts {
  /** The comidl version that generated it. */
  comidlVersion: string;
  /** The IDL files it was generated from, relative to `from`, with `/`. */
  idlFiles: readonly string[];
  /** What the paths are relative to, as a reader knows it: `the folder of comidl.config.json`. */
  from: string;
  /** Where the command that regenerates the packages runs: `the folder that holds idl/mapi-sync`. */
  regenerateFrom: string;
  /** The command that regenerates the packages byte for byte. */
  regenerate: string;
}

const descriptions: Record<PackageKind, string> = {
  interfaces: 'TypeScript interfaces, structures, constants, IIDs and vtable layouts',
  proxies: 'vtable-ordered proxies and stubs over in-process and message channels',
  mocks: 'mocks and protocol-aware fakes for tests',
  native: 'bindings to native COM objects through their vtables (koffi), and TypeScript objects exported as COM objects',
};

/** The koffi that @comidl/runtime-native is built on: a native package depends on it too (koffi's binaries and install script). */
const KOFFI_VERSION = '3.3.4';
/** The TypeScript the tsconfig files are written for (the build script's `tsc`). */
const TYPESCRIPT_RANGE = '^6.0.3';

/**
 * The jest-mock the mocks' methods are made by (`@comidl/runtime/mocks`, where it is an optional peer
 * dependency): a mocks package depends on it, so the runtime finds it wherever a mocks package is installed.
 */
const JEST_MOCK_RANGE = '^30.0.0';

/**
 * The compiler options of a generated package, all of them: the package needs no tsconfig outside itself.
 * `@comidl/source` resolves a linked sibling (and the comidl packages in their own repository) to its
 * TypeScript sources for type-checking without a build; packed packages have no sources and TypeScript
 * falls back to their declarations.
 */
function compilerOptions(kind: PackageKind): Record<string, unknown> {
  return {
    target: 'es2022',
    lib: ['es2022'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    customConditions: ['@comidl/source'],
    strict: true,
    noImplicitOverride: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    esModuleInterop: true,
    forceConsistentCasingInFileNames: true,
    skipLibCheck: true,
    declaration: true,
    isolatedModules: true,
    // A native package runs on Node (koffi, through @comidl/runtime-native, whose sources use Node's types).
    types: kind === 'native' ? ['node'] : [],
    rootDir: 'src',
  };
}

/**
 * A package's dependencies: the runtime (a compatible range), its library's interfaces package (beside the
 * interfaces package itself), each used library's interfaces package and package of the same kind, and for
 * native bindings the native runtime and koffi, and for mocks jest-mock. Every dependency on a generated
 * package is written here: a sibling as a `file:` link to its folder beside this one or its exact version, a
 * used library's package as its `link` says.
 */
export function dependenciesOf(kind: PackageKind, names: PackageNames): Record<string, string> {
  const runtimeRange = `^${names.runtimeVersion}`;
  const dependencies: Record<string, string> = { '@comidl/runtime': runtimeRange };
  if (kind !== 'interfaces') dependencies[`${names.scope}/interfaces`] = names.siblings === 'file' ? `file:../${names.name}-interfaces` : names.version;
  const generated = ({ scope, name, version, link }: UsedPackages, k: PackageKind) =>
    (dependencies[`${scope}/${k}`] = link.kind === 'range' ? `^${version}` : link.kind === 'version' ? version : `file:${path.posix.join('..', link.folder, `${name}-${k}`)}`);
  for (const used of names.uses ?? []) {
    generated(used, 'interfaces');
    if (kind !== 'interfaces') generated(used, kind);
  }
  // The comidl packages are released together: the native runtime at the same version as the runtime.
  if (kind === 'native') Object.assign(dependencies, { '@comidl/runtime-native': runtimeRange, koffi: KOFFI_VERSION });
  if (kind === 'mocks') dependencies['jest-mock'] = JEST_MOCK_RANGE;
  return dependencies;
}

/**
 * The CommonJS build's module options: CommonJS output, and resolution as bundlers do it (TypeScript 6 takes
 * it with CommonJS output), which, unlike `nodenext`, does not take the output format from the package's
 * `type` field.
 */
const COMMONJS_OPTIONS = { module: 'commonjs', moduleResolution: 'bundler' };

/**
 * After a dual package's CommonJS build: `dist/cjs/package.json` says its `.js` files are CommonJS inside a
 * `"type": "module"` package (Node and Jest read the nearest package.json). A `node -e` one-liner without
 * inner double quotes, so every shell npm runs scripts with (sh, cmd.exe) passes it the same.
 */
const COMMONJS_MARKER = `node -e "require('node:fs').writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }))"`;

/** The entry points and build of a package in its module format. */
function moduleFields(format: ModuleFormat): { pkg: Record<string, unknown>; build: string } {
  const esm = { types: './dist/index.d.ts', default: './dist/index.js' };
  if (format !== 'dual') {
    return {
      pkg: { type: format === 'esm' ? 'module' : 'commonjs', main: esm.default, types: esm.types, exports: { '.': { '@comidl/source': './src/index.ts', ...esm } } },
      build: 'tsc -p tsconfig.lib.json',
    };
  }
  const cjs = { types: './dist/cjs/index.d.ts', default: './dist/cjs/index.js' };
  return {
    pkg: {
      type: 'module',
      // Tools that read no `exports` require `main`.
      main: cjs.default,
      types: esm.types,
      exports: { '.': { '@comidl/source': './src/index.ts', import: esm, require: cjs } },
    },
    build: `tsc -p tsconfig.lib.json && tsc -p tsconfig.cjs.json && ${COMMONJS_MARKER}`,
  };
}

export function packageFiles(kind: PackageKind, names: PackageNames): GeneratedFile[] {
  const dependencies = dependenciesOf(kind, names);
  const format = names.moduleFormat;
  const { pkg: entryPoints, build } = moduleFields(format);
  const pkg = {
    '//': generatedNote(names.source),
    name: `${names.scope}/${kind}`,
    version: names.version,
    ...(names.publish ? {} : { private: true }),
    description: `${names.description ?? names.name}: ${descriptions[kind]}, generated by comidl from ${names.source}`,
    license: names.license,
    ...entryPoints,
    files: ['dist', 'README.md'],
    // A native package's modules bind its classes to the library when loaded (`implement`).
    sideEffects: kind === 'native',
    engines: { node: '>=20.19' },
    scripts: { build },
    dependencies,
    devDependencies: { typescript: TYPESCRIPT_RANGE },
    ...(names.publish ? { publishConfig: { access: 'public' } } : {}),
    // In an Nx workspace the package is the output of its IDL folder's `generate` target: Nx regenerates
    // (or restores from its cache) before building, and an IDL change marks the package affected.
    ...(names.nxProject
      ? {
          nx: {
            tags: ['scope:generated', 'type:generated'],
            implicitDependencies: [names.nxProject],
            targets: {
              generate: { executor: 'nx:noop', dependsOn: [{ projects: [names.nxProject], target: 'generate' }] },
              // The package's own build script (both builds of a dual package), in the package's folder, cached.
              build: { command: 'npm run build', options: { cwd: '{projectRoot}' }, outputs: ['{projectRoot}/dist'], cache: true, dependsOn: ['generate', '^build'] },
              typecheck: { dependsOn: ['generate'] },
            },
          },
        }
      : {}),
  };
  // The source is the JSON escaper's in package.json, the comment escaper's in the tsconfig files' header.
  const comment = generatedHeader(names.source);
  const text = jsonText;
  const own = format === 'commonjs' ? COMMONJS_OPTIONS : {};
  // The build: the siblings' declarations, not their sources (they are built first), into dist/.
  const lib = { ...compilerOptions(kind), ...own, customConditions: [], outDir: 'dist', sourceMap: false, tsBuildInfoFile: 'dist/.tsbuildinfo' };
  const tsconfig = (file: string, compilerOptions: Record<string, unknown>): GeneratedFile => ({
    path: file,
    content: { kind: 'text', text: comment + text({ compilerOptions, include: ['src/**/*.ts'] }) },
  });
  return [
    { path: 'package.json', content: { kind: 'text', text: text(pkg) } },
    tsconfig('tsconfig.json', { ...compilerOptions(kind), ...own, noEmit: true }),
    tsconfig('tsconfig.lib.json', lib),
    ...(format === 'dual'
      ? [tsconfig('tsconfig.cjs.json', { ...lib, ...COMMONJS_OPTIONS, outDir: 'dist/cjs', tsBuildInfoFile: 'dist/cjs/.tsbuildinfo' })]
      : []),
    { path: 'README.md', content: { kind: 'text', text: readme(kind, names) } },
  ];
}

const formatSentence: Record<ModuleFormat, string> = {
  esm: 'The build is ES modules (`dist/`).',
  commonjs: 'The build is CommonJS (`dist/`).',
  dual: 'The build is both ES modules (`dist/`, for `import`) and CommonJS (`dist/cjs/`, for `require`, as in Jest with the stock `ts-jest` preset).',
};

/** The README of a package: what it is, what it was generated from, how to regenerate, build and install it. */
function readme(kind: PackageKind, names: PackageNames): string {
  const { readme: facts } = names;
  const packageName = (k: PackageKind) => `${names.scope}/${k}`;
  const folder = (k: PackageKind) => `${names.name}-${k}`;
  const order = BUILD_ORDER.filter((k) => names.kinds.includes(k));
  const md = markdownText;
  // The scope and name are checked (`@[a-z0-9-]+`, `[a-z0-9-]+`) before generation: they need no escape.
  const lines = [
    `<!-- ${htmlCommentText(generatedNote(names.source))} -->`,
    `# ${packageName(kind)}`,
    '',
    `${md(names.description ?? names.name)}: ${descriptions[kind]}.`,
    '',
    `Generated by comidl ${md(facts.comidlVersion)} from ${facts.idlFiles.map(md).join(', ')} (relative to ${facts.from}) and what ${facts.idlFiles.length === 1 ? 'it imports' : 'they import'}. Do not edit: regenerate, from ${md(facts.regenerateFrom)}:`,
    '',
    '```sh',
    // One line, quoted for the shell (`shellWord`): nothing in it can end the block.
    commentText(facts.regenerate),
    '```',
    '',
    ...(names.nxProject ? [`In its Nx workspace: \`npx nx run ${names.nxProject}:generate\`.`, ''] : []),
    '## Build',
    '',
    `The packages build in this order, each with \`npm run build\` in its folder once its dependencies are installed: ${order.map((k) => `${folder(k)} (${packageName(k)})`).join(', ')}.`,
    formatSentence[names.moduleFormat],
    names.publish
      ? `They are published: they name each other by version (${md(names.version)}), and @comidl/runtime by a compatible range.`
      : names.siblings === 'file'
        ? `They are private and find each other through file: links to the sibling folders (no registry is asked for them): install them into a project with \`npm install\` and their folders (\`npm install ./${md(folder(order[0]))} ...\`), where @comidl/runtime is installed too.`
        : `They are private packages of an npm workspace, which links them to each other: \`npm install\` at the workspace root.`,
    '',
  ];
  return `${lines.join('\n')}`;
}
