/**
 * The tests that run the real executable (`node packages/cli/bin/comidl.cjs`) or the compiled dispatcher in a
 * plain node process, which load the compiled packages: which modules a command loads (ts-morph only for a
 * generation), and a generation where ts-morph cannot be loaded. Skipped with a message when
 * `packages/cli/dist` has not been built (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { cliIn, copyIdl, REPO_ROOT, STACK_TRACE, tempDir } from './helpers';

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

/** Runs `comidl ARGV` through the compiled dispatcher in a plain node process: its status and which modules it loaded. */
function loaded(argv: string[], cwd = REPO_ROOT): { code: number; tsMorph: boolean; typescript: boolean; out: string } {
  const script = `
    const { run } = require(${JSON.stringify(path.join(DIST, 'main.js'))});
    const out = [];
    const code = run(${JSON.stringify(argv)}, { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify({
      code,
      tsMorph: loaded.some((f) => /[\\/]node_modules[\\/]ts-morph[\\/]/.test(f)),
      typescript: loaded.some((f) => /[\\/]node_modules[\\/]typescript[\\/]/.test(f)),
      out: out.join(''),
    }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

const OSTX = 'idl/mapi-sync/ostx.idl';

describe('ts-morph is loaded by generation only', () => {
  const dir = tempDir('bin', (d) => copyIdl(d));

  (built ? it.each : it.skip.each)([
    ['vtable', [OSTX]],
    ['diff', [OSTX, OSTX]],
    ['parse', [OSTX, '--json']],
    ['print', [OSTX]],
  ])('comidl %s does not load it', (command: string, args: string[]) => {
    const r = loaded([command, ...args]);
    expect({ code: r.code, tsMorph: r.tsMorph, typescript: r.typescript }).toEqual({ code: 0, tsMorph: false, typescript: false });
  });

  (built ? it : it.skip)('comidl generate and comidl check load it to print the packages', () => {
    const generated = loaded(['generate', '--config', 'idl/mapi-sync', '--out', 'out'], dir);
    expect({ code: generated.code, tsMorph: generated.tsMorph }).toEqual({ code: 0, tsMorph: true });
    expect(existsSync(path.join(dir, 'out/mapi-sync-interfaces/src/vtables.ts'))).toBe(true);
    const checked = loaded(['check', '--config', 'idl/mapi-sync', '--out', 'out'], dir);
    expect({ code: checked.code, tsMorph: checked.tsMorph, out: checked.out }).toEqual({ code: 0, tsMorph: true, out: expect.stringMatching(/^check: \d+ generated files of mapi-sync/) });
  });

  /** `node -r without-ts-morph.cjs packages/cli/bin/comidl.cjs ARGV`: comidl where ts-morph cannot be loaded. */
  const withoutTsMorph = (...argv: string[]) =>
    spawnSync(process.execPath, ['-r', path.join(__dirname, 'without-ts-morph.cjs'), BIN, ...argv], { cwd: dir, encoding: 'utf8', timeout: 60_000 });

  (built ? it : it.skip)('without ts-morph (an environment error), generate and check say so in one line and exit 1, writing nothing; vtable still works', () => {
    const message = /^comidl: ts-morph, which prints the generated TypeScript, cannot be loaded \(Cannot find module 'ts-morph'\); install the dependencies again \(npm ci\)$/m;
    const generated = withoutTsMorph('generate', '--config', 'idl/mapi-sync', '--out', 'out-without');
    expect({ status: generated.status, stdout: generated.stdout }).toEqual({ status: 1, stdout: '' });
    expect(generated.stderr).toMatch(message);
    expect(generated.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(path.join(dir, 'out-without'))).toBe(false);
    const checked = withoutTsMorph('check', '--config', 'idl/mapi-sync', '--out', 'out');
    expect(checked.status).toBe(1);
    expect(checked.stderr).toMatch(message);
    expect(checked.stderr).not.toMatch(STACK_TRACE);
    const vtable = withoutTsMorph('vtable', OSTX);
    expect({ status: vtable.status, stderr: vtable.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
