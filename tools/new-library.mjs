#!/usr/bin/env node
// Adds an IDL library to this workspace (npm run new-library -- NAME [--scope @SCOPE]): `comidl init idl/NAME`
// (the built CLI) writes idl/NAME/ with comidl.config.json and a starter NAME.idl; the @comidl/nx plugin
// (nx.json) makes the folder the Nx project idl-NAME, whose `generate` target writes
// packages/generated/NAME-{interfaces,proxies,mocks,native}. Then `npm run generate` and `npm install` (to
// link the new workspace packages) make them usable. Refuses to overwrite (comidl init does).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COMIDL = path.join(ROOT, 'packages/cli/bin/comidl.cjs');

/** Runs `comidl init idl/NAME` in `root`: its exit status and output. */
export function newLibrary({ name, scope, root = ROOT }) {
  if (!fs.existsSync(path.join(ROOT, 'packages/cli/dist/index.js'))) return { status: 1, stdout: '', stderr: 'new-library: the CLI is not built; run `npm run build` first\n' };
  const args = [COMIDL, 'init', `idl/${name}`, '--name', name, ...(scope ? ['--scope', scope] : [])];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

function main(argv) {
  const args = [...argv];
  const i = args.indexOf('--scope');
  const scope = i >= 0 ? args.splice(i, 2)[1] : undefined;
  const [name] = args;
  if (!name || args.length !== 1 || name.startsWith('-') || (i >= 0 && !scope)) {
    process.stderr.write('usage: npm run new-library -- NAME [--scope @SCOPE]\n');
    return 2;
  }
  const r = newLibrary({ name, scope });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.status === 0) process.stdout.write(`then: npm run generate && npm install\n`);
  return r.status;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
