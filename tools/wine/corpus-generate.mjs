#!/usr/bin/env node
// Proof on real IDL (part of npm run conformance): every file widl compiles in Wine's corpus goes through
// generation as `comidl generate --lenient` runs it (the MIDL rules widl does not enforce are warnings), in
// one process and one library; no error is allowed. Prints the counts (files, modules, interfaces, output
// files, warnings by code), then type-checks under `strict`, as a user's compiler would, the whole interfaces
// package and the proxies and mocks of a spread of the files (with what they import).
//
//   node tools/wine/corpus-generate.mjs [-D NAME[=VAL]]... [--all]
//
// Exit code 0 only when generation gives no error and every listed module compiles without a diagnostic.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseOptions } from './conformance.mjs';
import { listCompiledIdl } from './corpus.mjs';
import { ensureCorpus, ROOT_DIR, WINE_VERSION } from './fetch.mjs';
import { isMain, REPO_ROOT, runMain, shown, UserError } from './main.mjs';

const require = createRequire(import.meta.url);
const CODEGEN = path.join(REPO_ROOT, 'packages/codegen/dist/index.js');
const MODEL = path.join(REPO_ROOT, 'packages/model/dist/index.js');
/** The runtime's entry points (`@comidl/runtime`, `@comidl/runtime/mocks`...) by the sources its package.json names. */
const RUNTIME_DIR = path.join(REPO_ROOT, 'packages/runtime');
const RUNTIME_ENTRIES = Object.fromEntries(
  Object.entries(JSON.parse(fs.readFileSync(path.join(RUNTIME_DIR, 'package.json'), 'utf8')).exports).map(([sub, conditions]) => [
    `@comidl/runtime${sub.slice(1)}`,
    [path.join(RUNTIME_DIR, conditions['@comidl/source'])],
  ]),
);

/** The files whose generated proxies and mocks must compile under `strict` (issue 15: at least these). */
export const STRICT_MODULES = ['objidl', 'oaidl', 'propidl', 'mmdeviceapi', 'shobjidl', 'wincodec', 'dxgi', 'd3d11', 'xaudio2', 'mshtml'];

/** Diagnostics counted by severity and code: `{ errors: {M005: 3}, warnings: {...} }`. */
export function countByCode(diagnostics) {
  const out = { errors: {}, warnings: {} };
  for (const d of diagnostics) {
    const bucket = d.severity === 'error' ? out.errors : out.warnings;
    bucket[d.code] = (bucket[d.code] ?? 0) + 1;
  }
  return out;
}

const byCode = (counts) => Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)).map(([c, n]) => `${c} ${n}`).join(', ') || 'none';

/** The packages compiled: all three that import no native code (the native one needs koffi and Node's types). */
const STRICT_KINDS = ['interfaces', 'proxies', 'mocks'];

/** Type-checks `roots` (paths of generated modules in `dir`) strict; returns the compiler's messages. */
function compileStrict(ts, dir, roots, packages) {
  const paths = { ...RUNTIME_ENTRIES };
  for (const p of packages) paths[p.name] = [path.join(dir, p.directory, 'src/index.ts')];
  const program = ts.createProgram(roots, {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    noEmit: true,
    skipLibCheck: true,
    isolatedModules: true,
    paths,
  });
  const messages = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
  return { messages, sourceFiles: program.getSourceFiles().filter((f) => f.fileName.startsWith(dir)).length };
}

export async function corpusGenerate(argv, out = (t) => process.stdout.write(t)) {
  for (const f of [CODEGEN, MODEL]) if (!fs.existsSync(f)) throw new UserError(`${shown(f)} is missing; run npm run build first`);
  const opts = parseOptions(argv);
  const corpus = ensureCorpus();
  const files = listCompiledIdl(corpus.idlDirs).map((e) => e.idl);
  if (!files.length) throw new UserError('no .idl files with widl headers found');
  const codegen = require(CODEGEN);
  const model = require(MODEL);
  const defines = { __WIDL__: '0x80000', _WIN32: '1', ...opts.defines };
  const t0 = performance.now();
  // What `comidl generate --lenient` makes: a lenient workspace, every error stopping generation.
  const workspace = new model.ComWorkspace({ includeDirs: corpus.idlDirs, defines, lenient: true });
  const result = codegen.generate({ files, scope: '@wine', name: 'wine', source: 'wine', root: ROOT_DIR, includeDirs: corpus.idlDirs, defines, workspace });
  const ms = performance.now() - t0;
  const counts = countByCode(result.diagnostics);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  out(`corpus generate, wine ${WINE_VERSION}: ${files.length} files widl compiles, generated as one library (--lenient) in ${(ms / 1000).toFixed(1)} s\n`);
  if (!result.packages.length || errors.length) {
    const shownErrors = opts.all ? errors : errors.slice(0, 20);
    for (const d of shownErrors) out(`  ${shown(d.file)}:${d.line}:${d.column}: error ${d.code}: ${d.message}\n`);
    out(`FAIL: ${errors.length} errors (${byCode(counts.errors)})${result.lockProblems.length ? `, ${result.lockProblems.length} lock problems` : ''}\n`);
    return 1;
  }
  const outputFiles = result.packages.reduce((n, p) => n + p.files.length, 0);
  out(`  ${files.length} files -> ${result.moduleCount} modules, ${result.interfaceCount} interfaces -> ${outputFiles} generated files in ${result.packages.length} packages\n`);
  out(`  warnings by code: ${byCode(counts.warnings)} (${Object.values(counts.warnings).reduce((a, b) => a + b, 0)} in all)\n`);

  const ts = require(require.resolve('typescript', { paths: [path.join(REPO_ROOT, 'packages/codegen')] }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comidl-corpus-'));
  try {
    const compiled = result.packages.filter((p) => STRICT_KINDS.includes(p.kind));
    for (const p of compiled) for (const f of p.files) {
      const file = path.join(dir, p.directory, f.path);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, f.text);
    }
    // The whole interfaces package (its index names every module), and each listed file's three modules.
    const interfacesIndex = path.join(dir, 'wine-interfaces', 'src', 'index.ts');
    const roots = [interfacesIndex, ...STRICT_KINDS.flatMap((kind) => STRICT_MODULES.map((m) => path.join(dir, `wine-${kind}`, 'src', `${m}.ts`)))];
    const missing = roots.filter((r) => !fs.existsSync(r));
    if (missing.length) {
      out(`FAIL: no generated module ${missing.map((m) => path.relative(dir, m)).join(', ')}\n`);
      return 1;
    }
    const t1 = performance.now();
    const { messages, sourceFiles } = compileStrict(ts, dir, roots, compiled);
    const interfaceModules = result.packages.find((p) => p.kind === 'interfaces').files.filter((f) => f.path.endsWith('.ts')).length;
    out(`  strict: the interfaces package (${interfaceModules} files) and the proxies and mocks of ${STRICT_MODULES.join(', ')} (${sourceFiles} generated files in all) in ${((performance.now() - t1) / 1000).toFixed(1)} s: ${messages.length} diagnostics\n`);
    if (messages.length) {
      for (const m of opts.all ? messages : messages.slice(0, 20)) out(`  ${m}\n`);
      out(`FAIL: the generated TypeScript does not compile under strict\n`);
      return 1;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  out('OK\n');
  return 0;
}

if (isMain(import.meta.url)) runMain(() => corpusGenerate(process.argv.slice(2)));
