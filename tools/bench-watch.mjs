#!/usr/bin/env node
// Watch latency (npm run bench:watch): `comidl generate --watch` on a temporary copy of idl/, then one-file
// edits of idl/mapi-sync/ostx.idl (a doc comment that reaches the generated interfaces); for each edit, the
// time from the save (the write returning) to the "generate: N written ..." line, which comes after every
// file is written. Includes the watch's settle time (100 ms, for editors that save in several steps).
// Prints the median, the best and the worst, and the generation times the CLI reports. Target: < 300 ms.
// Uses the built CLI (npm run build).
//
//   node tools/bench-watch.mjs [--edits N]

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from './libraries.mjs';

const TARGET_MS = 300;
const args = process.argv.slice(2);
const editsIndex = args.indexOf('--edits');
const EDITS = editsIndex >= 0 ? Number(args[editsIndex + 1]) : 12;
const BIN = path.join(ROOT, 'packages/cli/bin/comidl.cjs');
if (!fs.existsSync(path.join(ROOT, 'packages/cli/dist/main.js'))) {
  process.stderr.write('bench-watch: the CLI is not built; run npm run build first\n');
  process.exit(2);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-watch-'));
fs.cpSync(path.join(ROOT, 'idl'), path.join(dir, 'idl'), { recursive: true });
const ostx = path.join(dir, 'idl/mapi-sync/ostx.idl');
const original = fs.readFileSync(ostx, 'utf8');
const phrase = 'Does not change state.';
if (!original.includes(phrase)) {
  process.stderr.write(`bench-watch: idl/mapi-sync/ostx.idl no longer says "${phrase}"; pick another edit\n`);
  process.exit(2);
}

const child = spawn(process.execPath, [BIN, 'generate', '--config', 'idl/mapi-sync', '--out', 'out', '--watch'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
let stdout = '';
let stderr = '';
let waiting = null;
child.stdout.on('data', (chunk) => {
  stdout += chunk;
  if (waiting && waiting.pattern.test(stdout.slice(waiting.from))) {
    const w = waiting;
    waiting = null;
    w.resolve(performance.now());
  }
});
child.stderr.on('data', (chunk) => (stderr += chunk));

/** Resolves with the time the first line matching `pattern` after `from` arrived. */
function lineAfter(from, pattern, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; stderr: ${stderr.trim().slice(-400)}`)), timeoutMs);
    waiting = { from, pattern, resolve: (t) => (clearTimeout(timer), resolve(t)) };
    if (pattern.test(stdout.slice(from))) {
      waiting = null;
      clearTimeout(timer);
      resolve(performance.now());
    }
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  await lineAfter(0, /^watch: watching /m);
  const latencies = [];
  const generation = [];
  for (let i = 0; i < EDITS; i++) {
    await sleep(400);
    const from = stdout.length;
    fs.writeFileSync(ostx, original.replace(phrase, `Does not change state (edit ${i + 1}).`));
    const saved = performance.now();
    const written = await lineAfter(from, /^generate: \d+ written, .* in \d+ ms$/m);
    latencies.push(written - saved);
    const reported = /^generate: [1-9]\d* written, .* in (\d+) ms$/m.exec(stdout.slice(from));
    if (!reported) throw new Error(`edit ${i + 1} wrote nothing:\n${stdout.slice(from)}`);
    generation.push(Number(reported[1]));
  }
  const f = (n) => n.toFixed(0);
  process.stdout.write(
    [
      `watch latency, ${EDITS} one-file edits of idl/mapi-sync/ostx.idl (comidl generate --watch, a copy of idl/):`,
      `  save to "written": median ${f(median(latencies))} ms, best ${f(Math.min(...latencies))} ms, worst ${f(Math.max(...latencies))} ms (includes the 100 ms settle)`,
      `  generation as the CLI reports it: median ${f(median(generation))} ms, best ${f(Math.min(...generation))} ms, worst ${f(Math.max(...generation))} ms`,
      `target median < ${TARGET_MS} ms: ${median(latencies) < TARGET_MS ? 'met' : 'NOT met'}`,
    ].join('\n') + '\n',
  );
} catch (e) {
  process.stderr.write(`bench-watch: ${e.message}\n`);
  process.exitCode = 1;
} finally {
  child.kill('SIGINT');
  await new Promise((r) => child.on('close', r));
  fs.rmSync(dir, { recursive: true, force: true });
}
