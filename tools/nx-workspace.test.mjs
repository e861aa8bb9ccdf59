// The workspace as Nx sees it: an IDL change marks affected exactly the projects built from that IDL, the
// project graph has the phases in order (parser -> model -> codegen -> cli) and the generated packages'
// real dependencies, and regenerating with nothing changed is a cache hit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nxBin = path.join(root, 'node_modules/nx/dist/bin/nx.js');

function nx(...args) {
  const r = spawnSync(process.execPath, [nxBin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_ISOLATE_PLUGINS: 'false', NX_TUI: 'false', FORCE_COLOR: '0' },
  });
  assert.equal(r.status, 0, `nx ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const affected = (file) =>
  nx('show', 'projects', '--affected', `--files=${file}`, '--json')
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('['))
    .flatMap((l) => JSON.parse(l))
    .sort();

// @comidl/mapi-sync-native-test builds its C test objects from the widl headers of idl/mapi-sync and
// idl/marshal-test; @mapi-sync/store (hand-written) extends the generated IOSTXFake.
const MAPI_SYNC = [
  '@comidl/mapi-sync-native-test',
  '@comidl/mapi-sync-test',
  '@mapi-sync/interfaces',
  '@mapi-sync/mocks',
  '@mapi-sync/native',
  '@mapi-sync/proxies',
  '@mapi-sync/store',
  'idl-mapi-sync',
];

// The test library of the native bindings (it imports idl/com only).
const MARSHAL_TEST = ['@marshal-test/interfaces', '@marshal-test/mocks', '@marshal-test/native', '@marshal-test/proxies', 'idl-marshal-test'];

test('an IDL file of the library affects the library and its generated packages only', () => {
  assert.deepEqual(affected('idl/mapi-sync/ostx.idl'), MAPI_SYNC);
});

test('an IDL file the library imports affects everything generated from it', () => {
  // idl/com and idl/mapi are no projects: the @comidl/nx plugin makes the IDL a library imports from
  // another folder an input of its generate target, and Nx marks the target's project affected.
  assert.deepEqual(affected('idl/mapi/mapidefs.idl'), MAPI_SYNC);
  // The CLI ships idl/com as its base IDL (its build copies it), and the Nx plugin runs on the CLI.
  assert.deepEqual(affected('idl/com/wtypes.idl'), [...MAPI_SYNC, ...MARSHAL_TEST, '@comidl/cli', '@comidl/nx'].sort());
  assert.deepEqual(affected('idl/marshal-test/marshal-test.idl'), ['@comidl/mapi-sync-native-test', ...MARSHAL_TEST].sort());
});

test('the project graph has the phases in order and the generated packages on the runtime', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-graph-')), 'graph.json');
  try {
    nx('graph', `--file=${file}`);
    const { graph } = JSON.parse(fs.readFileSync(file, 'utf8'));
    const deps = (p) => (graph.dependencies[p] ?? []).map((d) => d.target).sort();
    assert.ok(deps('@comidl/model').includes('@comidl/parser'));
    assert.ok(deps('@comidl/codegen').includes('@comidl/model'));
    assert.ok(deps('@comidl/cli').includes('@comidl/codegen'));
    assert.deepEqual(deps('@comidl/runtime'), []);
    assert.deepEqual(deps('@comidl/runtime-native'), ['@comidl/runtime']);
    assert.deepEqual(deps('@mapi-sync/interfaces'), ['@comidl/runtime', 'idl-mapi-sync']);
    assert.deepEqual(deps('@mapi-sync/proxies'), ['@comidl/runtime', '@mapi-sync/interfaces', 'idl-mapi-sync']);
    assert.deepEqual(deps('@mapi-sync/mocks'), ['@comidl/runtime', '@mapi-sync/interfaces', 'idl-mapi-sync']);
    // Only the native package (and runtime-native) reach koffi.
    assert.deepEqual(deps('@mapi-sync/native'), ['@comidl/runtime', '@comidl/runtime-native', '@mapi-sync/interfaces', 'idl-mapi-sync']);
    assert.deepEqual(deps('@mapi-sync/store'), ['@comidl/runtime', '@mapi-sync/interfaces', '@mapi-sync/mocks']);
    assert.ok(deps('@comidl/codegen').includes('@comidl/runtime')); // the one check of protocol descriptions
    assert.deepEqual(deps('idl-mapi-sync'), []);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

test('regenerating with nothing changed is a cache hit', () => {
  nx('run', 'idl-mapi-sync:generate', '--output-style=static');
  const second = nx('run', 'idl-mapi-sync:generate', '--output-style=static');
  assert.match(second, /local cache|existing outputs match the cache/);
});
