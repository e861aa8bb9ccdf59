import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { frontEnd, runBin, vtableArgs } from './frontend.mjs';
import { UserError } from './main.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontend-test-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// A stand-in bin: one JSON line per file, each ~64 KB, exit 1 like the real
// CLI does when a file has errors.
const BIN = path.join(dir, 'bin.cjs');
fs.writeFileSync(
  BIN,
  `const a = process.argv.slice(2);
if (a[0] !== 'vtable') process.exit(2);
const files = []; for (let i = 1; i < a.length; i++) { if (a[i] === '-I' || a[i] === '-D') i++; else files.push(a[i]); }
for (const f of files) process.stdout.write(JSON.stringify({ file: f, interfaces: [{ name: 'IX', base: 'IUnknown', slots: Array(4000).fill('Method') }], diagnostics: [], argv: a }) + '\\n');
process.exitCode = 1;
`,
);

test('vtableArgs puts -I and -D before the files', () => {
  assert.deepEqual(vtableArgs(['a.idl', 'b.idl'], { includeDirs: ['x', 'y'], defines: { __WIDL__: '1', F: null } }), [
    'vtable', '-I', 'x', '-I', 'y', '-D', '__WIDL__=1', '-D', 'F', 'a.idl', 'b.idl',
  ]);
});

test('runBin collects large output from one process and accepts exit code 1', async () => {
  const files = Array.from({ length: 200 }, (_, i) => `f${i}.idl`);
  const reports = await runBin(BIN, files, { includeDirs: ['inc'] });
  assert.equal(reports.length, 200);
  assert.deepEqual(reports.map((r) => r.file), files);
  assert.deepEqual(reports[0].argv.slice(0, 3), ['vtable', '-I', 'inc']);
});

test('runBin rejects other exit codes with a UserError', async () => {
  const bad = path.join(dir, 'bad.cjs');
  fs.writeFileSync(bad, 'console.error("kaputt"); process.exit(3);');
  await assert.rejects(runBin(bad, ['a.idl'], {}), (e) => e instanceof UserError && /exit code 3/.test(e.message) && /kaputt/.test(e.message));
});

test('frontEnd prefers an API exporting vtableReports, else the bin, else explains', () => {
  const api = path.join(dir, 'api.cjs');
  fs.writeFileSync(api, 'exports.vtableReports = (files) => files.map((file) => ({ file, interfaces: [], diagnostics: [] }));');
  const noApi = path.join(dir, 'noapi.cjs');
  fs.writeFileSync(noApi, 'exports.c = 1;');
  assert.equal(frontEnd({ api, bin: BIN }).mode, 'api');
  assert.equal(frontEnd({ api: noApi, bin: BIN }).mode, 'bin');
  assert.equal(frontEnd({ api, bin: BIN, forceBin: true }).mode, 'bin');
  assert.throws(() => frontEnd({ api: noApi, bin: path.join(dir, 'nope.cjs') }), UserError);
});
