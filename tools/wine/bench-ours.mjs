#!/usr/bin/env node
// Child process of bench-parse.mjs: times our front end in-process on a set of
// files and prints one JSON line with the timings and this process's peak RSS,
// so that the number is not polluted by the benchmark harness.
//
//   node tools/wine/bench-ours.mjs JOB.json
//   JOB = { api, files, includeDirs, defines, warm }

import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

function summarize(reports) {
  let interfaces = 0;
  let slots = 0;
  let filesWithErrors = 0;
  for (const r of reports) {
    interfaces += r.interfaces?.length ?? 0;
    for (const i of r.interfaces ?? []) slots += i.slots?.length ?? 0;
    if ((r.diagnostics ?? []).some((d) => d.severity === 'error')) filesWithErrors++;
  }
  return { reports: reports.length, interfaces, slots, filesWithErrors };
}

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const opts = { includeDirs: job.includeDirs, defines: job.defines ?? {} };

let t0 = process.hrtime.bigint();
const api = require(job.api);
const loadMs = ms(t0);
if (typeof api.vtableReports !== 'function') throw new Error(`${job.api} does not export vtableReports`);

t0 = process.hrtime.bigint();
const cold = api.vtableReports(job.files, opts);
const coldMs = ms(t0);
const out = { loadMs, coldMs, ...summarize(cold) };

if (job.warm) {
  t0 = process.hrtime.bigint();
  api.vtableReports(job.files, opts);
  out.warmMs = ms(t0);
}
out.maxRssKb = process.resourceUsage().maxRSS;
process.stdout.write(`${JSON.stringify(out)}\n`);
