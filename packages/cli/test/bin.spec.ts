/**
 * The one test that runs the real executable (`node packages/cli/bin/comidl.cjs`), which loads the compiled
 * package: skipped with a message when `packages/cli/dist` has not been built (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { cliIn, REPO_ROOT, STACK_TRACE } from './helpers';

const DIST = path.join(REPO_ROOT, 'packages/cli/dist');
const BIN = path.join(REPO_ROOT, 'packages/cli/bin/comidl.cjs');

const built = existsSync(path.join(DIST, 'index.js'));
if (!built) console.warn(`skipped: no compiled CLI at ${DIST}; run npm run build at the repository root`);

(built ? it : it.skip)('node packages/cli/bin/comidl.cjs vtable prints what run() prints, with its exit status', () => {
  const argv = ['vtable', 'idl/mapi-sync/ostx.idl', 'idl/mapi-sync/mapisync.idl'];
  const spawned = spawnSync(process.execPath, [BIN, ...argv], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  const inProcess = cliIn(REPO_ROOT, ...argv);
  expect({ status: spawned.status, stdout: spawned.stdout, stderr: spawned.stderr }).toEqual({
    status: inProcess.code,
    stdout: inProcess.stdout,
    stderr: inProcess.stderr,
  });
  expect(spawned.status).toBe(0);
  expect(spawned.stdout.split('\n').filter(Boolean)).toHaveLength(2);
  expect(spawned.stderr).not.toMatch(STACK_TRACE);
});

(built ? it : it.skip)('loads only what the command needs: vtable runs without the code generator', () => {
  // The compiled dispatcher in a plain node process; then the modules that process loaded.
  const script = `
    const { run } = require(${JSON.stringify(path.join(DIST, 'main.js'))});
    const out = [];
    const code = run(['vtable', 'idl/mapi-sync/ostx.idl'], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify({ code, lines: out.join('').split('\\n').filter(Boolean).length, codegen: loaded.filter((f) => /[\\/](codegen|ts-morph)[\\/]/.test(f)).length }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ code: 0, lines: 1, codegen: 0 });
});

(built ? it : it.skip)('checks a library without loading ts-morph: the structures print on the fast path', () => {
  const script = `
    const { run } = require(${JSON.stringify(path.join(DIST, 'main.js'))});
    const out = [];
    const code = run(['check', '--config', 'idl/mapi-sync'], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify({ code, codegen: loaded.some((f) => /[\\/]codegen[\\/]/.test(f)), tsMorph: loaded.filter((f) => /[\\/](ts-morph|typescript)[\\/]/.test(f)).length }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ code: 0, codegen: true, tsMorph: 0 });
});
