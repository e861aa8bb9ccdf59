// Adding an IDL library: the one-liner writes a library that generates.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { newLibrary } from './new-library.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('a new library generates its four packages and refuses to be written twice', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'new-library-'));
  try {
    fs.cpSync(path.join(root, 'idl/com'), path.join(tmp, 'idl/com'), { recursive: true });
    const written = newLibrary({ name: 'sample-lib', scope: '@sample', root: tmp });
    assert.deepEqual(written, ['idl/sample-lib/sample-lib.idl', 'idl/sample-lib/comidl.config.json']);
    assert.throws(() => newLibrary({ name: 'sample-lib', root: tmp }), /exists already/);
    assert.throws(() => newLibrary({ name: 'Bad_Name', root: tmp }), /lowercase/);
    const out = path.join(tmp, 'generated');
    const r = spawnSync(process.execPath, [path.join(root, 'tools/generate.mjs'), path.join(tmp, 'idl'), '--out', out, '--library', 'sample-lib'], { cwd: tmp, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    for (const kind of ['interfaces', 'proxies', 'mocks', 'native']) {
      const pkg = JSON.parse(fs.readFileSync(path.join(out, `sample-lib-${kind}`, 'package.json'), 'utf8'));
      assert.equal(pkg.name, `@sample/${kind}`);
    }
    assert.match(fs.readFileSync(path.join(out, 'sample-lib-interfaces/src/sample-lib.ts'), 'utf8'), /export interface ISampleLib extends IUnknown/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
