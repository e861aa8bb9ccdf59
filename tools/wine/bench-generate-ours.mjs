#!/usr/bin/env node
// Child process of bench-generate.mjs: our whole generator in-process on a set of files, as one library
// (front end, then the interfaces, proxies and mocks emitters' structures, printed by ts-morph, nothing
// written); prints one JSON line with the phase timings (as generate() reports them), output size and this
// process's peak RSS.
//
//   node tools/wine/bench-generate-ours.mjs JOB.json
//   JOB = { codegen, model, files, includeDirs, defines, tolerate, root }

import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

let t0 = process.hrtime.bigint();
const codegen = require(job.codegen);
const model = require(job.model);
const loadMs = ms(t0);

t0 = process.hrtime.bigint();
const workspace = new model.ComWorkspace({ includeDirs: job.includeDirs, defines: job.defines });
for (const f of job.files) workspace.load(f);
const frontEndMs = ms(t0);

t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const result = codegen.generate({
  files: job.files,
  scope: '@wine',
  name: 'wine',
  source: 'wine',
  root: job.root,
  includeDirs: job.includeDirs,
  defines: job.defines,
  tolerate: job.tolerate,
  workspace,
});
const emitMs = ms(t0);
const cpu = process.cpuUsage(cpu0);
if (!result.packages.length) {
  const errors = result.diagnostics.filter((d) => d.severity === 'error' && !job.tolerate.includes(d.code));
  process.stderr.write(`generation failed: ${errors.slice(0, 5).map((d) => `${d.file}:${d.line}: ${d.code} ${d.message}`).join('\n')}\n`);
  process.exit(1);
}
const out = {
  loadMs,
  // The workspace's front end, and what generate() still did before the emitters (library, lock, protocols).
  frontEndMs: frontEndMs + result.timings.frontEndMs,
  printerLoadMs: result.timings.printerLoadMs,
  structuresMs: result.timings.structuresMs,
  printMs: result.timings.printMs,
  emitCpuMs: (cpu.user + cpu.system) / 1000,
  emitMs,
  totalMs: frontEndMs + emitMs,
  interfaces: result.interfaceCount,
  modules: result.moduleCount,
  packages: result.packages.map((p) => ({ name: p.name, files: p.files.length, bytes: p.files.reduce((n, f) => n + Buffer.byteLength(f.text), 0) })),
  maxRssKb: process.resourceUsage().maxRSS,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
