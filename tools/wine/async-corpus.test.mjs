// The async_uuid copies conformance compares: the attribute lands where it belongs, exactly once, and
// widl makes the three asynchronous twins from the copies. Needs the fetched corpus: skipped without it,
// and a failure on CI.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { addAsyncUuids, ASYNC_UUIDS, prepareAsyncCorpus } from './async-corpus.mjs';
import { IDL_DIRS, WIDL } from './fetch.mjs';
import { parseHeaderIids, parseHeaderVtables } from './header-vtables.mjs';

const fetched = fs.existsSync(WIDL);
const skip = fetched || process.env.CI ? false : 'corpus not fetched (node tools/wine/fetch.mjs)';

test('addAsyncUuids puts async_uuid after the interface uuid, and refuses a uuid that is not there once', () => {
  const text = '[\n  object,\n  uuid(0000010f-0000-0000-C000-000000000046),\n  pointer_default(unique)\n]\ninterface IAdviseSink : IUnknown {}\n';
  const patched = addAsyncUuids(text, [ASYNC_UUIDS[0]]);
  assert.match(patched, /uuid\(0000010f-0000-0000-C000-000000000046\),\n {2}async_uuid\(00000150-0000-0000-C000-000000000046\),\n {2}pointer_default/);
  assert.throws(() => addAsyncUuids('interface IAdviseSink;', [ASYNC_UUIDS[0]]), /occurs 0 times/);
  assert.throws(() => addAsyncUuids(text + text, [ASYNC_UUIDS[0]]), /occurs 2 times/);
});

test('widl makes AsyncIAdviseSink, AsyncIAdviseSink2 and AsyncIMultiQI from the copies, with Windows IIDs', { skip }, () => {
  assert.ok(fetched, `no widl at ${WIDL}: CI must fetch the Wine corpus (npm run wine:fetch)`);
  const files = prepareAsyncCorpus(IDL_DIRS);
  const vtables = new Map();
  const iids = new Map();
  for (const { header } of files) {
    const text = fs.readFileSync(header, 'utf8');
    for (const v of parseHeaderVtables(text)) vtables.set(v.cName, v.slots);
    for (const [k, v] of parseHeaderIids(text)) iids.set(k, v);
  }
  assert.deepEqual(vtables.get('AsyncIMultiQI'), ['QueryInterface', 'AddRef', 'Release', 'Begin_QueryMultipleInterfaces', 'Finish_QueryMultipleInterfaces']);
  assert.equal(iids.get('AsyncIAdviseSink'), '00000150-0000-0000-c000-000000000046');
  assert.equal(iids.get('AsyncIAdviseSink2'), '00000151-0000-0000-c000-000000000046');
  assert.equal(iids.get('AsyncIMultiQI'), '000e0020-0000-0000-c000-000000000046');
  assert.deepEqual(vtables.get('AsyncIAdviseSink2').slice(0, vtables.get('AsyncIAdviseSink').length), vtables.get('AsyncIAdviseSink'));
});
