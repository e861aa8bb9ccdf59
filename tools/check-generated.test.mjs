// The stale check fails on every kind of difference between the committed generated packages and what
// idl/ gives: a changed file, a missing file, an extra file; and passes on an exact copy. The vtable lock
// too: a lock that is missing or lacks an IID is reported, a changed layout behind a locked IID is an error,
// which generate refuses as well unless --update-lock accepts it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = path.join(root, 'tools/check-generated.mjs');
const committed = path.join(root, 'packages/generated');

function copyGenerated(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-generated-'))) {
  // The committed packages are packages of this repository's npm workspace (their siblings by version): the
  // copy is one too.
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, workspaces: ['*'] }) + '\n');
  // Every file generation owns, as each package's manifest lists them (and the manifest itself); not dist/.
  for (const pkg of fs.readdirSync(committed)) {
    const { files } = JSON.parse(fs.readFileSync(path.join(committed, pkg, 'comidl.manifest.json'), 'utf8'));
    for (const f of [...files, 'comidl.manifest.json']) {
      fs.mkdirSync(path.dirname(path.join(dir, pkg, f)), { recursive: true });
      fs.copyFileSync(path.join(committed, pkg, f), path.join(dir, pkg, f));
    }
  }
  return dir;
}


/**
 * A copy of idl/ and of the committed packages (in packages/generated, as here) in one folder, checked from
 * there: paths in messages, in generated headers and in the READMEs' commands are then the same as in the
 * repository.
 */
function copyWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-generated-'));
  copyGenerated(path.join(dir, 'packages', 'generated'));
  fs.cpSync(path.join(root, 'idl'), path.join(dir, 'idl'), { recursive: true });
  // The workspace's nx.json registers the @comidl/nx plugin, whose projects the packages' `nx` section names.
  fs.copyFileSync(path.join(root, 'nx.json'), path.join(dir, 'nx.json'));
  return dir;
}

const checkIn = (dir) => spawnSync(process.execPath, [script, 'idl', '--out', 'packages/generated'], { cwd: dir, encoding: 'utf8' });

// The READMEs' regenerate commands name the output folder relative to the config's: the copies of the
// committed packages are checked beside a copy of idl/, where that path is the same.
test('passes on an exact copy of the committed packages', () => {
  const dir = copyWorkspace();
  try {
    const r = checkIn(dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /generated files match idl\//);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('lists stale, missing and extra files and exits 1', () => {
  const dir = copyWorkspace();
  const out = path.join(dir, 'packages/generated');
  try {
    fs.appendFileSync(path.join(out, 'mapi-sync-proxies/src/ostx.ts'), '// edited by hand\n');
    fs.rmSync(path.join(out, 'mapi-sync-interfaces/src/vtables.ts'));
    fs.writeFileSync(path.join(out, 'mapi-sync-mocks/src/leftover.ts'), 'export {};\n');
    const r = checkIn(dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^stale +\S*mapi-sync-proxies\/src\/ostx\.ts$/m);
    assert.match(r.stderr, /^missing +\S*mapi-sync-interfaces\/src\/vtables\.ts$/m);
    assert.match(r.stderr, /^extra +\S*mapi-sync-mocks\/src\/leftover\.ts$/m);
    assert.match(r.stderr, /3 of the generated files differ/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const LOCK = 'idl/mapi-sync/vtable.lock.json';
const generateIn = (dir, ...args) =>
  spawnSync(process.execPath, [path.join(root, 'tools/generate.mjs'), 'idl', '--out', 'packages/generated', ...args], { cwd: dir, encoding: 'utf8' });
const editOnce = (file, from, to) => {
  const text = fs.readFileSync(file, 'utf8');
  assert.equal(text.split(from).length, 2, `'${from}' must occur once in ${file}`);
  fs.writeFileSync(file, text.replace(from, to));
};

test('a missing vtable lock, and one without every IID of the library, are reported and fail', () => {
  const dir = copyWorkspace();
  try {
    let r = checkIn(dir);
    assert.equal(r.status, 0, r.stderr);
    const lock = path.join(dir, LOCK);
    const committed = fs.readFileSync(lock, 'utf8');

    const model = createRequire(import.meta.url)(path.join(root, 'packages/model/dist/index.js'));
    const content = model.parseLock(committed);
    fs.writeFileSync(lock, model.formatLock({ ...content, interfaces: content.interfaces.filter((i) => i.name !== 'IPSTX') }));
    r = checkIn(dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^stale +idl\/mapi-sync\/vtable\.lock\.json$/m);
    assert.match(r.stderr, /1 of the generated files differ/);

    fs.rmSync(lock);
    r = checkIn(dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^missing +idl\/mapi-sync\/vtable\.lock\.json$/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed layout behind a locked IID fails the check, and generate unless --update-lock', () => {
  const dir = copyWorkspace();
  try {
    editOnce(path.join(dir, 'idl/mapi-sync/ostx.idl'), '[in] UINT uiSync,\n        [in, out] LPVOID *ppv);', '[in] UINT uiSync,\n        [out] LPVOID *ppv);');
    const error = `${LOCK}: error: IOSTX slot 5: SyncBeg parameter 2 (ppv) direction in,out -> out`;
    const committed = fs.readFileSync(path.join(dir, LOCK), 'utf8');

    let r = checkIn(dir);
    assert.equal(r.status, 1);
    assert.ok(r.stderr.split('\n').includes(error), r.stderr);

    r = generateIn(dir);
    assert.equal(r.status, 1);
    assert.ok(r.stderr.split('\n').includes(error), r.stderr);
    assert.match(r.stdout, /nothing was written/);
    assert.equal(fs.readFileSync(path.join(dir, LOCK), 'utf8'), committed);

    r = generateIn(dir, '--update-lock');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /vtable\.lock\.json: warning: IOSTX slot 5: SyncBeg parameter 2 \(ppv\) direction in,out -> out/);
    assert.match(r.stdout, /^ {2}wrote idl\/mapi-sync\/vtable\.lock\.json$/m);
    assert.match(fs.readFileSync(path.join(dir, LOCK), 'utf8'), /"name": "SyncBeg", .*\["out", "void\*\*", "ppv"\]/);

    r = checkIn(dir);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without ts-morph (an environment error), check-generated and generate say so and exit 1 (as for a generator not built), writing nothing', () => {
  // The CLI's test preload makes ts-morph impossible to load, as in an installation without it.
  const hook = path.join(root, 'packages/cli/test/without-ts-morph.cjs');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'check-generated-'));
  try {
    for (const [tool, args] of [['check-generated', [script, '--out', committed]], ['generate', [path.join(root, 'tools/generate.mjs'), '--out', out]]]) {
      const r = spawnSync(process.execPath, ['-r', hook, ...args], { cwd: root, encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`^${tool}: ts-morph, which prints the generated TypeScript, cannot be loaded \\(Cannot find module 'ts-morph'\\)`, 'm'));
      assert.doesNotMatch(r.stderr, /^\s+at /m);
    }
    assert.deepEqual(fs.readdirSync(out), []);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
