#!/usr/bin/env node
// Layout conformance of GENERATED native descriptors over Wine's IDL (issue 18 §4; npm run conformance): for
// each IDL file, comidl generates the native package's descriptor (src/descriptor.ts, printed as it would be
// committed, then compiled to JavaScript), @comidl/runtime-native binds it (koffi declares every structure,
// and refuses the library when koffi's layout differs from the model's), and the size, alignment and every
// field's offset and size of each structure the file defines, as koffi's declaration gives them, are compared
// with what the C compiler gives for the header widl generated from the same IDL (Wine's headers: 64-bit,
// -fshort-wchar). Bit-fields are compared by first bit and width; a nameless member's fields as C reaches
// them. The slots the generator left without a binding must be exactly those the runtime binds none for.
//
//   node tools/wine/native-layout-conformance.mjs [--all] [FILE.idl ...]
//
// Without files, the spread layout-conformance.mjs checks (objidl, oaidl, propidl, mmdeviceapi, d3d11, dxgi
// and more). Exit 0 only when every compared value is equal and the slots agree. Uses the built packages.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ensureCorpus, WINE_VERSION } from './fetch.mjs';
import { DEFAULT_FILES, KNOWN_DIFFERENCES, measure, NAMELESS } from './layout-conformance.mjs';
import { isMain, REPO_ROOT, runMain, UserError } from './main.mjs';

const require = createRequire(import.meta.url);

async function loadBuilt() {
  const dist = (p) => path.join(REPO_ROOT, 'packages', p, 'dist/index.js');
  for (const p of ['model', 'codegen', 'runtime-native', 'mapi-sync-native-test']) {
    if (!fs.existsSync(dist(p))) throw new UserError(`packages/${p} is not built; run \`npm run build\` first`);
  }
  const native = await import(pathToFileURL(dist('runtime-native')).href);
  const checks = await import(pathToFileURL(path.join(REPO_ROOT, 'packages/mapi-sync-native-test/dist/layout-checks.js')).href);
  return { model: require(dist('model')), codegen: require(dist('codegen')), native, checks, ts: require('typescript') };
}

/** The generated descriptor of `file`'s library, evaluated from its printed source; with the warnings. */
async function generatedDescriptor(libs, workspace, file, root, dir) {
  const { codegen, ts } = libs;
  const fileModel = workspace.load(file);
  // MIDL rules widl does not enforce (M0xx) change no layout; generation tolerates them, as the corpus needs.
  const tolerate = [...new Set(fileModel.diagnostics.filter((d) => d.severity === 'error' && /^M\d/.test(d.code)).map((d) => d.code))];
  const name = path.basename(file, '.idl').toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const result = codegen.generate({ workspace, files: [file], tolerate, scope: '@wine', name, source: path.relative(root, path.dirname(file)), root, kinds: ['native'] });
  const errors = result.diagnostics.filter((d) => d.severity === 'error' && !tolerate.includes(d.code));
  if (!result.packages.length) throw new UserError(`${path.basename(file)} does not generate: ${errors[0] ? `${errors[0].file}:${errors[0].line}: ${errors[0].message}` : 'no packages'}`);
  const source = result.packages[0].files.find((f) => f.path === 'src/descriptor.ts');
  const js = ts.transpileModule(source.text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const out = path.join(dir, `${name}.descriptor.mjs`);
  fs.writeFileSync(out, js);
  const exports = await import(pathToFileURL(out).href);
  const descriptor = Object.values(exports).find((v) => v && Array.isArray(v.structures) && Array.isArray(v.interfaces));
  return { descriptor, warnings: result.diagnostics.filter((d) => d.severity === 'warning' && /^N\d/.test(d.code)) };
}

/** The structures `file` defines itself, by the name C knows them by in its header (typedef name or tag). */
function ownStructures(model, workspace, file) {
  const unit = workspace.unit(path.resolve(file));
  const scope = workspace.scope(unit);
  const { types } = model.scopeTypes(scope);
  const out = new Map();
  const nodes = new Set(unit.index.aggregateNames.keys());
  for (const symbol of unit.index.tags.values()) if (symbol.declaration) nodes.add(symbol.declaration);
  for (const node of nodes) {
    if (node.kind === 'enum') continue;
    const name = types.aggregateName(node);
    if (!name || out.has(name)) continue;
    out.set(name, scope.type(name)?.kind === 'typedef' ? name : `${node.kind === 'union' ? 'union' : 'struct'} ${name}`);
  }
  return out;
}

export async function nativeLayoutConformance(argv) {
  const all = argv.includes('--all');
  const wanted = argv.filter((a) => !a.startsWith('--'));
  const libs = await loadBuilt();
  const corpus = ensureCorpus();
  const windowsDir = corpus.idlDirs[0];
  const includeDirs = [windowsDir, path.dirname(windowsDir)];
  const files = (wanted.length ? wanted : DEFAULT_FILES).map((f) => (f.includes('/') ? path.resolve(f) : path.join(windowsDir, f)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comidl-native-layouts-'));
  const totals = { structures: 0, fields: 0, bitFields: 0, opaque: 0, notInHeader: 0, values: 0, differ: 0, known: 0, slots: 0, unbound: 0 };
  const warnings = {};
  const problems = [];
  try {
    const workspace = new libs.model.ComWorkspace({ includeDirs: corpus.idlDirs });
    for (const file of files) {
      if (!fs.existsSync(file)) throw new UserError(`no such IDL file: ${file}`);
      const { descriptor, warnings: w } = await generatedDescriptor(libs, workspace, file, path.dirname(path.dirname(windowsDir)), dir);
      for (const d of w) warnings[d.code] = (warnings[d.code] ?? 0) + 1;
      let library;
      try {
        library = libs.native.bindLibrary(descriptor);
      } catch (e) {
        problems.push({ file, name: '(library)', kind: 'not bound', detail: e.message });
        continue;
      }
      // Every slot the generator bound, the runtime binds; every one it left without a binding, the runtime too.
      const generated = descriptor.interfaces.flatMap((i) => i.slots.filter((s) => s.unsupported !== undefined).map((s) => `${i.name}::${s.name}`)).sort();
      const runtime = library.unsupportedSlots().map((s) => `${s.interfaceName}::${s.name}`).sort();
      totals.slots += descriptor.interfaces.reduce((n, i) => n + i.slots.length, 0);
      totals.unbound += generated.length;
      for (const s of runtime.filter((x) => !generated.includes(x))) problems.push({ file, name: s, kind: 'slot', detail: 'the runtime binds no slot here, but the generator did not say so' });
      for (const s of generated.filter((x) => !runtime.includes(x))) problems.push({ file, name: s, kind: 'slot', detail: 'the generator left it unbound, but the runtime does not list it' });

      const own = ownStructures(libs.model, workspace, file);
      const structures = descriptor.structures.filter((s) => own.has(s.name));
      const checks = libs.checks.layoutChecks(library, structures, { cName: (s) => own.get(s.name), namelessInC: (f) => NAMELESS.test(f) });
      const byStructure = new Map();
      for (const c of checks) {
        if (!byStructure.has(c.structure)) byStructure.set(c.structure, { name: c.structure, checks: [] });
        byStructure.get(c.structure).checks.push({ what: c.what, expr: c.expression, expected: c.koffi, kind: c.kind });
      }
      const header = `${path.basename(file, '.idl')}.h`;
      const { measured, rejected } = measure([...byStructure.values()], header, includeDirs, dir, libs.checks.LAYOUT_HELPERS);
      totals.notInHeader += rejected.length;
      for (const e of measured) {
        totals.structures++;
        if (structures.find((s) => s.name === e.name)?.opaque !== undefined) totals.opaque++;
        totals.fields += e.checks.filter((c) => c.kind === 'offset').length;
        totals.bitFields += e.checks.filter((c) => c.kind === 'bit').length;
        totals.values += e.checks.length;
        const wrong = e.checks.filter((c) => c.actual !== c.expected);
        const known = KNOWN_DIFFERENCES.get(`${path.basename(file)} ${e.name}`);
        if (wrong.length && known) {
          totals.known++;
          problems.push({ file, name: e.name, kind: 'known difference', detail: `${wrong.map((c) => `${c.what}: C ${c.actual}, koffi ${c.expected}`).join('; ')}: ${known}` });
        } else if (wrong.length) {
          totals.differ++;
          for (const c of wrong) problems.push({ file, name: e.name, kind: 'mismatch', detail: `${c.what}: C ${c.actual}, koffi ${c.expected}` });
        }
      }
      process.stdout.write(`${path.basename(file)}: ${measured.length} generated structures compared with ${header}, ${rejected.length} not in it; ${generated.length} of ${descriptor.interfaces.reduce((n, i) => n + i.slots.length, 0)} slots without a binding\n`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const codes = Object.entries(warnings).sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  process.stdout.write(
    `wine ${WINE_VERSION} generated native layouts (koffi, 64-bit): ${totals.structures} structures compared (${totals.opaque} declared as bytes), ${totals.fields} field offsets and sizes, ${totals.bitFields} bit-fields, ${totals.values} values; ` +
      `${totals.differ} structures differ, ${totals.known} known differences; ${totals.notInHeader} not declared by the C header; ${totals.unbound} of ${totals.slots} slots without a binding (generator and runtime agree unless listed); warnings: ${codes}\n`,
  );
  const order = { 'not bound': 0, mismatch: 1, slot: 2, 'known difference': 3 };
  problems.sort((a, b) => order[a.kind] - order[b.kind]);
  const shown = all ? problems : problems.slice(0, 30);
  for (const p of shown) process.stdout.write(`  ${path.basename(p.file)} ${p.name}: ${p.kind}: ${p.detail}\n`);
  if (shown.length < problems.length) process.stdout.write(`  ... ${problems.length - shown.length} more (--all)\n`);
  const ok = totals.structures > 0 && !problems.some((p) => p.kind !== 'known difference');
  process.stdout.write(ok ? 'native layout conformance: OK\n' : 'native layout conformance: FAILED\n');
  return ok ? 0 : 1;
}

if (isMain(import.meta.url)) runMain(() => nativeLayoutConformance(process.argv.slice(2)));
