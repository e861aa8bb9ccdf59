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
