// Checks against the fetched corpus (node tools/wine/fetch.mjs); skipped when
// it has not been fetched, so that the unit tests need no network, and a
// failure on CI (CI set), which must have fetched it.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { listCompiledIdl } from './corpus.mjs';
import { IDL_DIRS, WIDL } from './fetch.mjs';
import { parseHeaderVtables } from './header-vtables.mjs';
import { toCName } from './names.mjs';

const fetched = fs.existsSync(WIDL) && IDL_DIRS.every((d) => fs.existsSync(d));
const skip = fetched || process.env.CI ? false : 'corpus not fetched (node tools/wine/fetch.mjs)';

test('the corpus is fetched (CI must run npm run wine:fetch)', { skip }, () => {
  assert.ok(fetched, `no Wine corpus at ${IDL_DIRS.join(', ')} or no widl at ${WIDL}: CI must fetch it (npm run wine:fetch)`);
});

/** `declare { interface X<...>; ... }` entries of an IDL file, in order. */
function declareEntries(src) {
  const text = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const out = [];
  for (const m of text.matchAll(/\bdeclare\s*\{([^}]*)\}/g)) {
    for (const part of m[1].split(';')) {
      const t = part.trim().replace(/^interface\s+/, '');
      if (t) out.push(t);
    }
  }
  return out;
}

describe('libwine-dev 8.0 corpus', { skip: fetched ? false : 'corpus not fetched' }, () => {
  const entries = fetched ? listCompiledIdl(IDL_DIRS) : [];
  const headers = entries.map((e) => ({ ...e, vtables: parseHeaderVtables(fs.readFileSync(e.header, 'utf8')) }));

  test('258 .idl files have a widl-generated header (xmldom.h is hand-written)', () => {
    assert.equal(entries.length, 258);
    assert.ok(!entries.some((e) => e.idl.endsWith('/xmldom.idl')));
  });

  test('3001 vtables with 44658 slots, 101 of them parameterized instances', () => {
    const all = headers.flatMap((h) => h.vtables);
    assert.equal(all.length, 3001);
    assert.equal(all.reduce((n, v) => n + v.slots.length, 0), 44658);
    assert.equal(all.filter((v) => v.cName.startsWith('__F')).length, 101);
    assert.ok(all.every((v) => v.slots.length > 0));
    // [object]/[odl] interfaces without a base start their own vtable (no IUnknown slots).
    const rootless = all.filter((v) => v.slots[0] !== 'QueryInterface').map((v) => v.cName);
    assert.ok(rootless.includes('ID3DInclude') && rootless.includes('IInkRectangle'));
  });

  test('every declare entry maps to the instance vtables of its header, in order', () => {
    let n = 0;
    for (const h of headers) {
      const declared = declareEntries(fs.readFileSync(h.idl, 'utf8')).map((d) => toCName(d));
      const instances = h.vtables.map((v) => v.cName).filter((c) => c.startsWith('__F'));
      assert.deepEqual(declared, instances, h.idl);
      n += declared.length;
    }
    assert.equal(n, 101);
  });
});
