// Runs our front end's `vtable` report over many files in one process:
// in-process through packages/cli/dist/index.js when it exports
// vtableReports, otherwise by spawning the comidl bin once with all files.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT, shown, UserError } from './main.mjs';

export const DEFAULT_API = path.join(REPO_ROOT, 'packages/cli/dist/index.js');
export const DEFAULT_BIN = path.join(REPO_ROOT, 'packages/cli/bin/comidl.cjs');

const require = createRequire(import.meta.url);

/** Loads the in-process API, or returns null when it is not there (yet). */
export function loadApi(apiPath) {
  if (!fs.existsSync(apiPath)) return null;
  let mod;
  try {
    mod = require(apiPath);
  } catch (e) {
    throw new UserError(`loading ${apiPath} failed: ${e.message}`);
  }
  return typeof mod.vtableReports === 'function' ? mod : null;
}

/** `vtable` command-line arguments for the given files and options. */
export function vtableArgs(files, { includeDirs = [], defines = {}, lenient = false } = {}) {
  const args = ['vtable'];
  if (lenient) args.push('--lenient');
  for (const d of includeDirs) args.push('-I', d);
  for (const [k, v] of Object.entries(defines)) args.push('-D', v === undefined || v === null ? k : `${k}=${v}`);
  return args.concat(files);
}

/** Spawns the bin once; resolves to the parsed JSON lines. */
export function runBin(binPath, files, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...vtableArgs(files, opts)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', (e) => reject(new UserError(`cannot run ${binPath}: ${e.message}`)));
    child.on('close', (code, signal) => {
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (signal || (code !== 0 && code !== 1)) {
        reject(new UserError(`${shown(binPath)} vtable ended with ${signal ?? `exit code ${code}`}${stderr ? `:\n${stderr.split('\n').slice(-20).join('\n')}` : ''}`));
        return;
      }
      const reports = [];
      const text = Buffer.concat(out).toString('utf8');
      for (const [i, line] of text.split('\n').entries()) {
        if (!line.trim()) continue;
        try {
          reports.push(JSON.parse(line));
        } catch {
          reject(new UserError(`line ${i + 1} of the vtable output is not JSON: ${line.slice(0, 200)}`));
          return;
        }
      }
      resolve(reports);
    });
  });
}

/**
 * Picks how to run the front end.
 * @returns {{mode: 'api'|'bin', where: string, run: (files: string[], opts: object) => Promise<object[]>}}
 */
export function frontEnd({ api = DEFAULT_API, bin = DEFAULT_BIN, forceBin = false } = {}) {
  if (forceBin && !fs.existsSync(bin)) throw new UserError(`${bin} does not exist`);
  const mod = forceBin ? null : loadApi(api);
  if (mod) return { mode: 'api', where: api, run: async (files, opts) => mod.vtableReports(files, opts) };
  if (fs.existsSync(bin)) return { mode: 'bin', where: bin, run: (files, opts) => runBin(bin, files, opts) };
  throw new UserError(
    `no front end to run: ${shown(api)} does not export vtableReports and ` +
      `${shown(bin)} does not exist (run npm run build first).`,
  );
}
