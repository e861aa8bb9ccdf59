// Runs widl -h over files: sequentially for wall time, and under
// /usr/bin/time (when present) for peak RSS.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from './main.mjs';

export const TIME_BIN = '/usr/bin/time';

export function widlArgs(file, { includeDirs = [], defines = {}, output }) {
  const args = [];
  for (const d of includeDirs) args.push('-I', d);
  for (const [k, v] of Object.entries(defines)) args.push('-D', v === undefined || v === null ? k : `${k}=${v}`);
  return args.concat(['-h', '-o', output, file]);
}

function check(r, file) {
  if (r.error) throw new UserError(`cannot run widl: ${r.error.message}`);
  if (r.status !== 0) throw new UserError(`widl failed on ${file} (exit ${r.status ?? r.signal}):\n${String(r.stderr).trim().split('\n').slice(-5).join('\n')}`);
}

/** Sequential widl -h over all files; returns total wall ms (process start-up included). */
export function timeWidl(widl, files, opts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'widl-bench-'));
  try {
    const output = path.join(dir, 'x.h');
    const t0 = process.hrtime.bigint();
    for (const f of files) check(spawnSync(widl, widlArgs(f, { ...opts, output }), { stdio: ['ignore', 'ignore', 'pipe'] }), f);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Peak RSS in KiB of running `cmd args` under /usr/bin/time -f %M, or null
 * when /usr/bin/time is missing.
 */
export function peakRssOf(cmd, args, { tmpDir, stdio = ['ignore', 'ignore', 'pipe'] } = {}) {
  if (!fs.existsSync(TIME_BIN)) return Promise.resolve(null);
  const report = path.join(tmpDir ?? os.tmpdir(), `rss-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn(TIME_BIN, ['-f', '%M', '-o', report, cmd, ...args], { stdio });
    let err = '';
    child.stderr?.on('data', (c) => (err += c));
    child.stdout?.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      let kb = NaN;
      try {
        kb = Number(fs.readFileSync(report, 'utf8').trim().split('\n').pop());
        fs.rmSync(report, { force: true });
      } catch {
        /* reported below */
      }
      if (!Number.isFinite(kb)) reject(new UserError(`${TIME_BIN} gave no peak RSS for ${cmd} (exit ${code}): ${err.trim().slice(-300)}`));
      else resolve({ kb, code, stderr: err });
    });
  });
}

/** Max peak RSS (KiB) of widl over all files, `jobs` at a time; null without /usr/bin/time. */
export async function widlPeakRss(widl, files, opts, jobs = Math.max(1, os.availableParallelism?.() ?? os.cpus().length)) {
  if (!fs.existsSync(TIME_BIN)) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'widl-rss-'));
  try {
    let next = 0;
    let max = 0;
    const worker = async (w) => {
      while (next < files.length) {
        const f = files[next++];
        const r = await peakRssOf(widl, widlArgs(f, { ...opts, output: path.join(dir, `x${w}.h`) }), { tmpDir: dir });
        if (r.code !== 0) throw new UserError(`widl failed on ${f} (exit ${r.code})`);
        max = Math.max(max, r.kb);
      }
    };
    await Promise.all(Array.from({ length: jobs }, (_, w) => worker(w)));
    return max;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
