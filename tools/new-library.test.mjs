// Adding an IDL library: the one-liner (comidl init) writes a library that this workspace's generator
// accepts as it is, and refuses to be written twice.
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
    const first = newLibrary({ name: 'sample-lib', scope: '@sample', root: tmp });
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout.split('\n').filter((l) => l.startsWith('wrote ')).join('\n'), 'wrote idl/sample-lib/comidl.config.json\nwrote idl/sample-lib/sample-lib.idl');
    const config = JSON.parse(fs.readFileSync(path.join(tmp, 'idl/sample-lib/comidl.config.json'), 'utf8'));
    assert.deepEqual(config.files, ['sample-lib.idl']);
    const again = newLibrary({ name: 'sample-lib', root: tmp });
    assert.equal(again.status, 1);
    assert.match(again.stderr, /exists already/);
    assert.equal(newLibrary({ name: 'Bad_Name', root: tmp }).status, 2);
    // tools/generate.mjs searches the base IDL (idl/com) last, as the CLI does: the starter's
    // `import "unknwn.idl";` is found.
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
