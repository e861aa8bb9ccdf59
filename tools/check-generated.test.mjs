// The stale check fails on every kind of difference between the committed generated packages and what
// idl/ gives: a changed file, a missing file, an extra file; and passes on an exact copy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = path.join(root, 'tools/check-generated.mjs');
const committed = path.join(root, 'packages/generated');

function copyGenerated() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-generated-'));
  for (const pkg of fs.readdirSync(committed)) {
    for (const f of ['package.json', 'tsconfig.json', 'tsconfig.lib.json']) {
      fs.mkdirSync(path.join(dir, pkg), { recursive: true });
      fs.copyFileSync(path.join(committed, pkg, f), path.join(dir, pkg, f));
    }
    fs.cpSync(path.join(committed, pkg, 'src'), path.join(dir, pkg, 'src'), { recursive: true });
  }
  return dir;
}

const check = (out) => spawnSync(process.execPath, [script, '--out', out], { cwd: root, encoding: 'utf8' });

test('passes on an exact copy of the committed packages', () => {
  const dir = copyGenerated();
  try {
    const r = check(dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /generated files match idl\//);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('lists stale, missing and extra files and exits 1', () => {
  const dir = copyGenerated();
  try {
    fs.appendFileSync(path.join(dir, 'mapi-sync-proxies/src/ostx.ts'), '// edited by hand\n');
    fs.rmSync(path.join(dir, 'mapi-sync-interfaces/src/vtables.ts'));
    fs.writeFileSync(path.join(dir, 'mapi-sync-mocks/src/leftover.ts'), 'export {};\n');
    const r = check(dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^stale +\S*mapi-sync-proxies\/src\/ostx\.ts$/m);
    assert.match(r.stderr, /^missing +\S*mapi-sync-interfaces\/src\/vtables\.ts$/m);
    assert.match(r.stderr, /^extra +\S*mapi-sync-mocks\/src\/leftover\.ts$/m);
    assert.match(r.stderr, /3 of the generated files differ/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
