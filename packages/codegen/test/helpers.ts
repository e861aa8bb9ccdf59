/** Shared by the codegen tests: fixture folders, baselines, generation of a fixture, compiling output. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import * as runtime from '@comidl/runtime';
import * as runtimeMocks from '@comidl/runtime/mocks';
import { generate, type GenerateOptions, type GeneratedPackage } from '../src';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(__dirname, 'fixtures');
/** `UPDATE_BASELINES=1 npx jest` rewrites the expected output instead of comparing with it. */
export const UPDATE_BASELINES = process.env['UPDATE_BASELINES'] === '1';

export function caseFolders(): string[] {
  return readdirSync(FIXTURES)
    .filter((n) => !n.startsWith('_') && statSync(path.join(FIXTURES, n)).isDirectory())
    .sort();
}

/** Generates a fixture's four packages; paths in headers are relative to the repository root. */
export function generateFixture(name: string, input = path.join(FIXTURES, name, 'input.idl'), extra: Partial<GenerateOptions> = {}): GeneratedPackage[] {
  const relative = path.relative(REPO_ROOT, input).split(path.sep).join('/');
  // The input is given absolute (tests run from the package folder or the repository root); paths in the
  // output are relative to `root`.
  const result = generate({ files: [input], scope: '@fixture', name, source: path.dirname(relative), root: REPO_ROOT, ...extra });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || result.protocolProblems.length) {
    throw new Error(`fixture ${name} does not generate:\n${[...errors.map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`), ...result.protocolProblems.map((p) => `${p.file}: ${p.path}: ${p.message}`)].join('\n')}`);
  }
  return result.packages;
}

/** Every file below `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/**
 * Compares generated packages with `expectedDir/<package>/<file>`, or rewrites them with UPDATE_BASELINES=1.
 * Missing, extra and different files all fail.
 */
export function expectPackages(expectedDir: string, packages: GeneratedPackage[]): void {
  const actual = new Map<string, string>();
  for (const p of packages) for (const f of p.files) actual.set(`${p.directory}/${f.path}`, f.text);
  if (UPDATE_BASELINES) {
    rmSync(expectedDir, { recursive: true, force: true });
    for (const [file, text] of actual) {
      mkdirSync(path.dirname(path.join(expectedDir, file)), { recursive: true });
      writeFileSync(path.join(expectedDir, file), text);
    }
    return;
  }
  const expected = listFiles(expectedDir);
  if (!expected.length) throw new Error(`missing baseline ${path.relative(REPO_ROOT, expectedDir)}; write it with UPDATE_BASELINES=1 npx jest`);
  expect([...actual.keys()].sort()).toEqual(expected);
  for (const file of expected) {
    expect({ file, text: actual.get(file) }).toEqual({ file, text: readFileSync(path.join(expectedDir, file), 'utf8') });
  }
}

/** The runtime's source entry, which the tests compile against. */
export const RUNTIME_INDEX = path.join(REPO_ROOT, 'packages/runtime/src/index.ts');
/** The runtime's `mocks` entry: the bases of mocks and fakes. */
export const RUNTIME_MOCKS = path.join(REPO_ROOT, 'packages/runtime/src/mocks.ts');
/** The native runtime's, which native packages compile against. */
export const RUNTIME_NATIVE_INDEX = path.join(REPO_ROOT, 'packages/runtime-native/src/index.ts');

/** How the tests run the compiler: strict, ES2022, bundler resolution, no emit. */
export const STRICT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: [],
  noEmit: true,
  skipLibCheck: true,
};

/**
 * Type-checks generated packages with the compiler, strict, as their consumers would: the packages are
 * written to a temporary folder and `@comidl/runtime` (and its `mocks` entry), `@comidl/runtime-native` and `@fixture/*` resolve by
 * path mapping. Native packages compile with Node's types (what their tsconfig names), the others without.
 * Returns the diagnostics as `file:line: message` lines.
 */
export function compilePackages(packages: GeneratedPackage[]): string[] {
  const dir = path.join(os.tmpdir(), `comidl-compile-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    for (const p of packages) for (const f of p.files) {
      const file = path.join(dir, p.directory, f.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, f.text);
    }
    const paths: Record<string, string[]> = {
      '@comidl/runtime': [RUNTIME_INDEX],
      '@comidl/runtime/mocks': [RUNTIME_MOCKS],
      '@comidl/runtime-native': [RUNTIME_NATIVE_INDEX],
    };
    for (const p of packages) paths[p.name] = [path.join(dir, p.directory, 'src/index.ts')];
    const compile = (selected: GeneratedPackage[], types: string[]) => {
      const roots = selected.flatMap((p) => p.files.filter((f) => f.path.endsWith('.ts')).map((f) => path.join(dir, p.directory, f.path)));
      const program = ts.createProgram(roots, {
        ...STRICT_OPTIONS,
        types,
        noUnusedLocals: true,
        noUnusedParameters: true,
        noImplicitOverride: true,
        noImplicitReturns: true,
        isolatedModules: true,
        paths,
      });
      return ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file && d.start !== undefined ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
        return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    };
    // Native packages run on Node (their tsconfig names its types); the others compile without any.
    const portable = packages.filter((p) => p.kind !== 'native');
    const native = packages.filter((p) => p.kind === 'native');
    return [...compile(portable, []), ...(native.length ? compile(native, ['node']) : [])];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Imports generated packages: each TypeScript file transpiled to CommonJS (TypeScript's own emit, no type
 * check: `compilePackages` does that) and run, the way a bundler would load them; `@comidl/runtime` is the
 * runtime this test uses (and its `mocks` entry), `modules` the other packages a test gives (the native runtime), the packages import each other by name and their modules by `./x.js`. Returns the
 * exports of each package's index by package name. Everything a module runs on import runs here.
 */
export function importPackages(packages: GeneratedPackage[], modules: Readonly<Record<string, Record<string, unknown>>> = {}): Record<string, Record<string, unknown>> {
  const sources = new Map<string, string>();
  for (const p of packages) for (const f of p.files) if (f.path.endsWith('.ts')) sources.set(`${p.name}/${f.path.replace(/^src\//, '').replace(/\.ts$/, '')}`, f.text);
  const loaded = new Map<string, Record<string, unknown>>();
  const load = (id: string): Record<string, unknown> => {
    const cached = loaded.get(id);
    if (cached) return cached;
    const text = sources.get(id);
    if (text === undefined) throw new Error(`no generated module ${id}`);
    const module = { exports: {} as Record<string, unknown> };
    loaded.set(id, module.exports);
    const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const packageOf = id.slice(0, id.lastIndexOf('/'));
    const requireFrom = (specifier: string) => {
      if (specifier === '@comidl/runtime') return runtime as Record<string, unknown>;
      if (specifier === '@comidl/runtime/mocks') return runtimeMocks as Record<string, unknown>;
      if (Object.hasOwn(modules, specifier)) return modules[specifier]!;
      if (specifier.startsWith('./')) return load(`${packageOf}/${specifier.slice(2).replace(/\.js$/, '')}`);
      return load(`${specifier}/index`);
    };
    new Function('exports', 'require', 'module', js)(module.exports, requireFrom, module);
    loaded.set(id, module.exports);
    return module.exports;
  };
  return Object.fromEntries(packages.map((p) => [p.name, load(`${p.name}/index`)]));
}
