// Runs a benchmark's measuring side in a child node process, so that its timings and peak memory are not
// those of the harness: the job goes in a temporary JSON file, the child prints one JSON line last.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from './main.mjs';

/**
 * `node SCRIPT JOB.json`; resolves to the child's last output line, parsed, plus `wallMs` from spawn to exit.
 * @param {string} script
 * @param {unknown} job
 */
export function runBenchChild(script, job) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-child-'));
  const jobFile = path.join(dir, 'job.json');
  fs.writeFileSync(jobFile, JSON.stringify(job));
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [script, jobFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      fs.rmSync(dir, { recursive: true, force: true });
      const last = out.trim().split('\n').pop();
      if (code !== 0 || !last) {
        reject(new UserError(`benchmark child failed (exit ${code}):\n${err.trim().split('\n').slice(-10).join('\n')}`));
        return;
      }
      resolve({ ...JSON.parse(last), wallMs });
    });
  });
}
