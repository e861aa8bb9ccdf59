#!/usr/bin/env node
// Parse benchmark on Wine's IDL corpus: our front end (all files in one
// process) against widl -h (one process per file, sequentially).
//
//   node tools/wine/bench-parse.mjs [--api FILE | --bin FILE] [-D NAME[=VAL]]... [--no-warm]
//
// Ours: in-process API in a child node process that reports its own
// process.resourceUsage().maxRSS; a cold run, then a warm one in the same
// process. With --bin (or when the API is not built): one spawn of the bin,
// wall time from spawn to exit, peak RSS from /usr/bin/time.
// widl: wall time of the sequential loop (process start-up included, no
// warm-up); peak RSS in a second pass, the max over files of /usr/bin/time -f %M.
// Target: ours <= 0.6x widl wall time.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseOptions } from './conformance.mjs';
import { listCompiledIdl } from './corpus.mjs';
import { ensureCorpus, WINE_VERSION } from './fetch.mjs';
import { frontEnd, vtableArgs } from './frontend.mjs';
import { runBenchChild } from './bench-child.mjs';
import { isMain, runMain, shown, UserError } from './main.mjs';
import { peakRssOf, TIME_BIN, timeWidl, widlPeakRss } from './widl-run.mjs';

const TARGET = 0.6;
const CHILD = fileURLToPath(new URL('./bench-ours.mjs', import.meta.url));

async function benchOurs(fe, files, opts, warm) {
  if (fe.mode === 'api') {
    const r = await runBenchChild(CHILD, { api: fe.where, files, includeDirs: opts.includeDirs, defines: opts.defines, warm });
    const rows = [{ label: 'ours, cold run (API call)', ms: r.coldMs, rssKb: r.maxRssKb }];
    if (warm) rows.push({ label: 'ours, warm run (same process)', ms: r.warmMs, rssKb: r.maxRssKb });
    const notes = [
      `ours: module load ${r.loadMs.toFixed(1)} ms (not in the rows above); ${r.reports} reports, ${r.interfaces} interfaces, ` +
        `${r.slots} slots, ${r.filesWithErrors} files with errors`,
      'ours peak RSS: child node process.resourceUsage().maxRSS at exit (cold + warm runs)',
    ];
    return { rows, notes };
  }
  const args = [fe.where, ...vtableArgs(files, opts)];
  const t0 = process.hrtime.bigint();
  const r = await peakRssOf(process.execPath, args);
  const rssKb = r?.kb ?? null;
  const code = r
    ? r.code
    : await new Promise((resolve, reject) => {
        const c = spawn(process.execPath, args, { stdio: 'ignore' });
        c.on('error', reject);
        c.on('close', resolve);
      });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (code !== 0 && code !== 1) throw new UserError(`${shown(fe.where)} vtable ended with exit code ${code}${r?.stderr ? `:\n${r.stderr.trim().slice(-500)}` : ''}`);
  return {
    rows: [{ label: 'ours, one bin process', ms, rssKb }],
    notes: [
      `ours: ${shown(fe.where)} spawned once with all files; wall time includes node start-up and module load`,
      `ours peak RSS: ${rssKb === null ? `n/a (${TIME_BIN} missing: apt-get install time)` : `${TIME_BIN} -f %M`}`,
    ],
  };
}

const fmt = (n, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(d));

export function formatTable({ rows, widlRow, files, bytes }) {
  const mb = bytes / 1e6;
  const head = ['', 'wall ms', 'files/s', 'MB/s', 'peak RSS MB', 'time vs widl', 'RSS vs widl'];
  const body = [...rows, widlRow].map((r) => [
    r.label,
    fmt(r.ms),
    fmt((files / r.ms) * 1000),
    fmt((mb / r.ms) * 1000, 2),
    r.rssKb === null ? 'n/a' : fmt(r.rssKb / 1024),
    `${fmt(r.ms / widlRow.ms, 3)}x`,
    r.rssKb === null || widlRow.rssKb === null ? 'n/a' : `${fmt(r.rssKb / widlRow.rssKb, 2)}x`,
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

export async function benchParse(argv) {
  const warm = !argv.includes('--no-warm');
  const opts = parseOptions(argv.filter((a) => a !== '--no-warm'));
  const corpus = ensureCorpus();
  const entries = listCompiledIdl(corpus.idlDirs);
  if (!entries.length) throw new UserError('no .idl files with widl headers found');
  const files = entries.map((e) => e.idl);
  const bytes = entries.reduce((n, e) => n + e.bytes, 0);
  const fe = frontEnd({ api: opts.api, bin: opts.bin, forceBin: Boolean(opts.bin) });
  const runOpts = { includeDirs: corpus.idlDirs, defines: opts.defines };

  process.stderr.write(`bench: our front end via ${fe.mode} ...\n`);
  const ours = await benchOurs(fe, files, runOpts, warm);
  process.stderr.write(`bench: widl -h over ${files.length} files, sequentially ...\n`);
  const widlMs = timeWidl(corpus.widl, files, runOpts);
  process.stderr.write('bench: widl peak RSS pass ...\n');
  const widlRss = await widlPeakRss(corpus.widl, files, runOpts);
  const widlRow = { label: 'widl -h, one process per file', ms: widlMs, rssKb: widlRss };

  const cold = ours.rows[0];
  const ratio = cold.ms / widlMs;
  const out = [
    `parse benchmark, wine ${WINE_VERSION}: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB of input ` +
      '(sum of the given .idl files; imported and #included files not counted)',
    formatTable({ rows: ours.rows, widlRow, files: files.length, bytes }),
    ...ours.notes,
    `widl: sequential, no warm-up, process start-up included; peak RSS: ${widlRss === null ? `n/a (${TIME_BIN} missing: apt-get install time)` : `max over files of ${TIME_BIN} -f %M (separate pass)`}`,
    `target ours <= ${TARGET}x widl wall time: ${ratio <= TARGET ? 'met' : 'NOT met'} (${ratio.toFixed(3)}x, ${cold.label})`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

if (isMain(import.meta.url)) runMain(() => benchParse(process.argv.slice(2)));
