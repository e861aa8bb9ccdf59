#!/usr/bin/env node
// Checks the structure layouts the model computes (size, alignment, every field's offset, under the
// Windows data model: 64-bit) against what the C compiler gives for the headers widl generated from the
// same IDL (Wine's, as libwine-dev ships them, with Wine's own type definitions: LONG is 32-bit,
// -fshort-wchar makes WCHAR 16-bit). One C program per IDL file prints sizeof/_Alignof/offsetof of every
// structure the file defines and every field; a structure the header does not declare (IDL-only, hidden
// behind #ifdef) is dropped from the program and counted apart.
//
//   node tools/wine/layout-conformance.mjs [--all] [FILE.idl ...]    (LAYOUTS_KEEP=1 keeps the C programs)
//
// Without files, the spread the README names: objidl, oaidl, propidl, mmdeviceapi, d3d11, dxgi and
// more. Exit 0 only when every compared structure matches.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ensureCorpus, WINE_VERSION } from './fetch.mjs';
import { isMain, REPO_ROOT, runMain, UserError } from './main.mjs';

const require = createRequire(import.meta.url);

/** The files checked by default: the ones issue-level promises name, and more of the same families. */
export const DEFAULT_FILES = [
  'objidl.idl', 'oaidl.idl', 'propidl.idl', 'mmdeviceapi.idl', 'd3d11.idl', 'dxgi.idl',
  'wtypes.idl', 'ocidl.idl', 'shobjidl.idl', 'shtypes.idl', 'oledb.idl', 'd3d10.idl', 'dxgi1_2.idl', 'wincodec.idl', 'xaudio2.idl',
];

/**
 * Where the IDL declares a type differently from what the C header compiles, on purpose: the layout the IDL
 * gives cannot be the header's. Each with its reason; a difference listed here is reported, not a failure.
 */
export const KNOWN_DIFFERENCES = new Map([
  [
    'wincodec.idl WICImageParameters',
    'wincodec.idl declares D2D1_PIXEL_FORMAT as `typedef DWORD *D2D1_PIXEL_FORMAT` (a stand-in), while wincodec.h takes the real structure from dcommon.h through cpp_quote',
  ],
]);

/** Fields C declares without a name (Wine's nameless unions and structs when NONAMELESSUNION is not set). */
export const NAMELESS = /^(DUMMYUNIONNAME|DUMMYSTRUCTNAME)\d*$|^__C89_NAMELESS/;

function loadModel() {
  const file = path.join(REPO_ROOT, 'packages/model/dist/index.js');
  if (!fs.existsSync(file)) throw new UserError('the model is not built; run `npm run build` first');
  return require(file);
}

/** The checks one structure gives: its size and alignment, and each field's offset (as C names it). */
function structureChecks(model, layouts, node, name, cName) {
  const layout = layouts.layout(node);
  if (layout instanceof model.LayoutError) return { error: layout.message };
  const checks = [
    { what: `sizeof(${cName})`, expr: `sizeof(${cName})`, expected: layout.size },
    { what: `_Alignof(${cName})`, expr: `_Alignof(${cName})`, expected: layout.align },
  ];
  const fieldsOf = (aggregate, aggregateLayout, base, prefix = '') => {
    const members = model.aggregateMembers(aggregate);
    aggregateLayout.fields.forEach((f, i) => {
      const declared = members[i];
      // widl declares an encapsulated union's arms inside a union member named after it (`u` by default).
      const arm = aggregate.kind === 'encapsulated-union' && i > 0 ? `${aggregate.unionName ?? 'u'}.` : '';
      if (f.bits) return; // a bit-field has no offset C can take
      if (f.anonymous) {
        fieldsOf(declared.specifiers.type, f.anonymous, base + f.offset, prefix);
        return;
      }
      if (NAMELESS.test(f.name)) {
        // Named in the IDL, nameless in C: its fields are the enclosing structure's.
        const inner = declared && declared.specifiers.type;
        if (inner && model.isInlineAggregate(inner)) {
          const innerLayout = layouts.layout(inner);
          if (!(innerLayout instanceof model.LayoutError)) fieldsOf(inner, innerLayout, base + f.offset, prefix);
        }
        return;
      }
      const member = `${prefix}${arm}${f.name}`;
      checks.push({ what: `offsetof(${cName}, ${member})`, expr: `offsetof(${cName}, ${member})`, expected: base + f.offset });
    });
  };
  fieldsOf(node, layout, 0);
  return { checks, layout };
}

/**
 * Compiles and runs the program of `entries`, dropping the ones the compiler rejects; returns per-entry values.
 * `prelude` is C placed after the includes (helpers the checks' expressions use).
 */
export function measure(entries, header, includeDirs, dir, prelude = '') {
  let live = entries;
  const rejected = [];
  for (let round = 0; round < 8 && live.length; round++) {
    const lines = [];
    const lineOf = new Map();
    lines.push('#include <stddef.h>', '#include <stdio.h>', '#include <windef.h>', '#include <winbase.h>', `#include <${header}>`, ...(prelude ? prelude.split('\n') : []), 'int main(void) {');
    for (const e of live) {
      for (const c of e.checks) {
        lineOf.set(lines.length + 1, e);
        lines.push(`  printf("%zu\\n", (size_t)(${c.expr}));`);
      }
    }
    lines.push('  return 0;', '}', '');
    const source = path.join(dir, 'layouts.c');
    const binary = path.join(dir, 'layouts');
    fs.writeFileSync(source, lines.join('\n'));
    const cc = spawnSync('cc', ['-w', '-fshort-wchar', ...includeDirs.flatMap((d) => ['-I', d]), '-o', binary, source], { encoding: 'utf8' });
    if (cc.error) throw new UserError(`cannot run the C compiler (cc): ${cc.error.message}`);
    if (cc.status !== 0) {
      if (process.env.LAYOUTS_KEEP) fs.copyFileSync(source, `${source}.round${round}`);
      const bad = new Set();
      for (const m of cc.stderr.matchAll(/layouts\.c:(\d+):\d+: error/g)) {
        const e = lineOf.get(Number(m[1]));
        if (e) bad.add(e);
      }
      if (!bad.size) throw new UserError(`the C compiler failed on ${header} outside the checks:\n${cc.stderr.split('\n').slice(0, 15).join('\n')}`);
      for (const e of bad) rejected.push(e);
      live = live.filter((e) => !bad.has(e));
      continue;
    }
    const run = spawnSync(binary, [], { encoding: 'utf8' });
    if (run.status !== 0) throw new UserError(`the layout program for ${header} failed: ${run.stderr}`);
    const values = run.stdout.trim().split('\n').map(Number);
    let k = 0;
    for (const e of live) for (const c of e.checks) c.actual = values[k++];
    return { measured: live, rejected };
  }
  return { measured: [], rejected: [...rejected, ...live] };
}

export async function layoutConformance(argv) {
  const all = argv.includes('--all');
  const wanted = argv.filter((a) => !a.startsWith('--'));
  const model = loadModel();
  const corpus = ensureCorpus();
  const windowsDir = corpus.idlDirs[0];
  const includeDirs = [windowsDir, path.dirname(windowsDir)];
  const files = (wanted.length ? wanted : DEFAULT_FILES).map((f) => (f.includes('/') ? path.resolve(f) : path.join(windowsDir, f)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comidl-layouts-'));
  const totals = { structures: 0, fields: 0, matched: 0, mismatched: 0, known: 0, noLayout: 0, notInHeader: 0, enums: 0 };
  const problems = [];
  try {
    const workspace = new model.ComWorkspace({ includeDirs: corpus.idlDirs });
    for (const file of files) {
      if (!fs.existsSync(file)) throw new UserError(`no such IDL file: ${file}`);
      const fileModel = workspace.load(file);
      // MIDL rules that widl does not enforce (M0xx) do not change a layout; syntax and import errors do.
      const errors = fileModel.diagnostics.filter((d) => d.severity === 'error' && d.file === file && !/^M\d/.test(d.code));
      if (errors.length) throw new UserError(`${file}: ${errors.length} error(s), e.g. ${errors[0].line}:${errors[0].column} ${errors[0].message}`);
      const unit = workspace.unit(path.resolve(file));
      const scope = workspace.scope(unit);
      const { types } = model.scopeTypes(scope);
      const layouts = model.scopeTypes(scope).layouts(8);
      const entries = [];
      const seen = new Set();
      const nodes = new Set(unit.index.aggregateNames.keys());
      for (const symbol of unit.index.tags.values()) if (symbol.declaration) nodes.add(symbol.declaration);
      for (const node of nodes) {
        const name = types.aggregateName(node);
        if (!name || seen.has(name)) continue;
        seen.add(name);
        const typedefName = scope.type(name)?.kind === 'typedef';
        const cName = typedefName ? name : `${node.kind === 'enum' ? 'enum' : node.kind === 'union' ? 'union' : 'struct'} ${name}`;
        if (node.kind === 'enum') {
          totals.enums++;
          entries.push({ name, checks: [{ what: `sizeof(${cName})`, expr: `sizeof(${cName})`, expected: 4 }] });
          continue;
        }
        const r = structureChecks(model, layouts, node, name, cName);
        if (r.error) {
          totals.noLayout++;
          problems.push({ file, name, kind: 'no layout', detail: r.error });
          continue;
        }
        entries.push({ name, checks: r.checks });
      }
      const header = `${path.basename(file, '.idl')}.h`;
      const { measured, rejected } = measure(entries, header, includeDirs, dir);
      totals.notInHeader += rejected.length;
      for (const e of rejected) problems.push({ file, name: e.name, kind: 'not in the header', detail: `${header} does not declare it under that name (IDL-only, conditional, or renamed by a macro)` });
      for (const e of measured) {
        totals.structures++;
        totals.fields += e.checks.filter((c) => c.what.startsWith('offsetof')).length;
        const wrong = e.checks.filter((c) => c.actual !== c.expected);
        const known = KNOWN_DIFFERENCES.get(`${path.basename(file)} ${e.name}`);
        if (wrong.length && known) {
          totals.known++;
          problems.push({ file, name: e.name, kind: 'known difference', detail: `${wrong.map((c) => `${c.what}: C ${c.actual}, ours ${c.expected}`).join('; ')}: ${known}` });
        } else if (wrong.length) {
          totals.mismatched++;
          for (const c of wrong) problems.push({ file, name: e.name, kind: 'mismatch', detail: `${c.what}: C ${c.actual}, ours ${c.expected}` });
        } else totals.matched++;
      }
      process.stdout.write(`${path.basename(file)}: ${measured.length} structures and enums compared, ${rejected.length} not in ${header}\n`);
    }
  } finally {
    if (!process.env.LAYOUTS_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    else process.stdout.write(`kept ${dir}\n`);
  }
  process.stdout.write(
    `wine ${WINE_VERSION} layouts (64-bit): ${totals.structures} structures and enums compared (${totals.enums} enums), ${totals.fields} field offsets; ` +
      `${totals.matched} match, ${totals.mismatched} differ, ${totals.known} known differences; ${totals.noLayout} without a layout; ${totals.notInHeader} not declared by the C header\n`,
  );
  const order = { mismatch: 0, 'no layout': 1, 'known difference': 2, 'not in the header': 3 };
  problems.sort((a, b) => order[a.kind] - order[b.kind]);
  const shownProblems = all ? problems : problems.slice(0, 30);
  for (const p of shownProblems) process.stdout.write(`  ${path.basename(p.file)} ${p.name}: ${p.kind}: ${p.detail}\n`);
  if (shownProblems.length < problems.length) process.stdout.write(`  ... ${problems.length - shownProblems.length} more (--all)\n`);
  const ok = totals.mismatched === 0;
  process.stdout.write(ok ? 'layout conformance: OK\n' : 'layout conformance: FAILED\n');
  return ok ? 0 : 1;
}

if (isMain(import.meta.url)) runMain(() => layoutConformance(process.argv.slice(2)));
