#!/usr/bin/env node
// Generation benchmark on Wine's IDL corpus (npm run bench:generate): our generator producing all four
// outputs (interfaces, proxies and stubs, mocks, native bindings) for every file widl compiles, in one process, against
// widl -h over the same files, sequentially, in the same run, with where our time goes (front end, loading
// ts-morph, building the structures, ts-morph printing them). Then a figure of our own library: a cold
// `npm run generate`-equivalent run for idl/ (a fresh node process), against the 1.5 s target.
//
//   node tools/wine/bench-generate.mjs [-D NAME[=VAL]]...
//
// Target: ours <= 1.5x widl's wall time, with ts-morph printing every file.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES_WIDL_DOES_NOT_ENFORCE } from './compare.mjs';
import { parseOptions } from './conformance.mjs';
import { listCompiledIdl } from './corpus.mjs';
import { ensureCorpus, ROOT_DIR, WINE_VERSION } from './fetch.mjs';
import { runBenchChild } from './bench-child.mjs';
import { isMain, REPO_ROOT, runMain, shown, UserError } from './main.mjs';
import { TIME_BIN, timeWidl, widlPeakRss } from './widl-run.mjs';

const TARGET = 1.5;
const GENERATE_TARGET_MS = 1500;
const CHILD = fileURLToPath(new URL('./bench-generate-ours.mjs', import.meta.url));
const CODEGEN = path.join(REPO_ROOT, 'packages/codegen/dist/index.js');
const MODEL = path.join(REPO_ROOT, 'packages/model/dist/index.js');

/** `node tools/generate.mjs` in a fresh process, writing into a temporary folder: cold, as a user runs it. */
function coldGenerate() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-generate-out-'));
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'tools/generate.mjs'), '--out', out], { cwd: REPO_ROOT, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new UserError(`tools/generate.mjs failed:\n${(r.stderr || r.stdout).trim().slice(-800)}`);
    return ms;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const fmt = (n, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(d));

export async function benchGenerate(argv) {
  for (const f of [CODEGEN, MODEL]) if (!fs.existsSync(f)) throw new UserError(`${shown(f)} is missing; run npm run build first`);
  const opts = parseOptions(argv);
  const corpus = ensureCorpus();
  const entries = listCompiledIdl(corpus.idlDirs);
  if (!entries.length) throw new UserError('no .idl files with widl headers found');
  const files = entries.map((e) => e.idl);
  const bytes = entries.reduce((n, e) => n + e.bytes, 0);
  const runOpts = { includeDirs: corpus.idlDirs, defines: opts.defines };

  process.stderr.write(`bench: our generator (interfaces, proxies, mocks, native) over ${files.length} files in one process ...\n`);
  const ours = await runBenchChild(CHILD, {
    codegen: CODEGEN,
    model: MODEL,
    files,
    includeDirs: corpus.idlDirs,
    defines: { __WIDL__: '0x80000', _WIN32: '1', ...opts.defines },
    tolerate: [...RULES_WIDL_DOES_NOT_ENFORCE],
    root: ROOT_DIR,
  });
  process.stderr.write(`bench: widl -h over ${files.length} files, sequentially ...\n`);
  const widlMs = timeWidl(corpus.widl, files, runOpts);
  const widlRss = await widlPeakRss(corpus.widl, files, runOpts);
  process.stderr.write('bench: cold npm run generate (idl/, fresh process) ...\n');
  const generateMs = coldGenerate();

  const outBytes = ours.packages.reduce((n, p) => n + p.bytes, 0);
  const outFiles = ours.packages.reduce((n, p) => n + p.files, 0);
  const ratio = ours.wallMs / widlMs;
  const rows = [
    ['', 'wall ms', 'files/s', 'peak RSS MB', 'vs widl'],
    ['ours: front end + 4 emitters, one process', fmt(ours.wallMs), fmt((files.length / ours.wallMs) * 1000), fmt(ours.maxRssKb / 1024), `${fmt(ratio, 3)}x`],
    ['widl -h, one process per file', fmt(widlMs), fmt((files.length / widlMs) * 1000), widlRss === null ? 'n/a' : fmt(widlRss / 1024), '1.000x'],
  ];
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const table = rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ')).join('\n');
  const out = [
    `generate benchmark, wine ${WINE_VERSION}: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB of input`,
    table,
    `ours, phases: module load ${fmt(ours.loadMs)} ms, front end ${fmt(ours.frontEndMs)} ms (the model's layout fingerprints included), loading ts-morph ${fmt(ours.printerLoadMs)} ms, ` +
      `building structures ${fmt(ours.structuresMs)} ms, ts-morph printing ${fmt(ours.printMs)} ms (with the emitters' writer functions) ` +
      `(wall time includes node start-up)`,
    `ours, output: ${ours.modules} modules, ${ours.interfaces} interfaces -> ${outFiles} files, ${(outBytes / 1e6).toFixed(1)} MB ` +
      `(${ours.packages.map((p) => `${p.name.split('/')[1]} ${(p.bytes / 1e6).toFixed(1)} MB`).join(', ')}); widl writes C headers only`,
    `widl peak RSS: ${widlRss === null ? `n/a (${TIME_BIN} missing)` : `max over files of ${TIME_BIN} -f %M`}`,
    `target ours <= ${TARGET}x widl wall time: ${ratio <= TARGET ? 'met' : 'NOT met'} (${fmt(ratio, 3)}x)`,
    `cold generate of idl/ (node tools/generate.mjs in a fresh process, into a temporary folder): ${fmt(generateMs)} ms; ` +
      `target < ${GENERATE_TARGET_MS} ms: ${generateMs < GENERATE_TARGET_MS ? 'met' : 'NOT met'}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

if (isMain(import.meta.url)) runMain(() => benchGenerate(process.argv.slice(2)));
