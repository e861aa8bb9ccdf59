// Runs widl 8.0 (from the fetched corpus) on synthetic IDL with type-argument
// shapes the corpus lacks, and checks toCName against the vtables it emits.
// Skipped when the corpus has not been fetched; a failure on CI (CI set).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { IDL_DIRS, WIDL } from './fetch.mjs';
import { parseHeaderVtables } from './header-vtables.mjs';
import { toCName } from './names.mjs';

const fetched = fs.existsSync(WIDL);
const skip = fetched || process.env.CI ? false : 'corpus not fetched (node tools/wine/fetch.mjs)';

test('widl is fetched (CI must run npm run wine:fetch)', { skip }, () => {
  assert.ok(fetched, `no widl at ${WIDL}: CI must fetch the Wine corpus (npm run wine:fetch)`);
});

const PREAMBLE = `#pragma winrt ns_prefix
import "inspectable.idl";
import "windows.foundation.idl";
`;

const CASES = [
  {
    idl: `namespace Windows.Foo {
    typedef struct Pt Pt;
    struct Pt { INT32 x; };
    typedef enum Kind Kind;
    enum Kind { A = 0 };
    [uuid(12345678-1234-1234-1234-123456789abd)]
    delegate HRESULT PlainHandler([in] IInspectable *x);
    interface IBar;
    runtimeclass Baz;
    declare {
        interface Windows.Foundation.Collections.IVectorView<UINT32>;
        interface Windows.Foundation.Collections.IVectorView<DOUBLE>;
        interface Windows.Foundation.Collections.IVectorView<unsigned int>;
        interface Windows.Foundation.Collections.IVectorView<Windows.Foo.Pt>;
        interface Windows.Foundation.Collections.IVectorView<Windows.Foo.Kind>;
        interface Windows.Foundation.Collections.IVectorView<Windows.Foo.PlainHandler *>;
        interface Windows.Foundation.Collections.IVectorView<Windows.Foo.Baz *>;
        interface Windows.Foundation.Collections.IVectorView<Windows.Foundation.Collections.IVectorView<Windows.Foo.Baz *> *>;
        interface Windows.Foundation.Collections.IMapView<HSTRING, Windows.Foo.IBar *>;
        interface Windows.Foundation.AsyncOperationCompletedHandler<Windows.Foundation.Collections.IMapView<HSTRING, Windows.Foo.IBar *> *>;
        interface Windows.Foundation.IAsyncOperation<Windows.Foundation.Collections.IMapView<HSTRING, Windows.Foo.IBar *> *>;
    }
    [uuid(12345678-1234-1234-1234-123456789abc)]
    interface IBar : IInspectable { HRESULT F(); }
    [marshaling_behavior(agile)]
    runtimeclass Baz { [default] interface Windows.Foo.IBar; }
}`,
    plain: ['Windows.Foo.PlainHandler', 'Windows.Foo.IBar'],
  },
  {
    idl: `namespace Windows.Foo.Bar {
    [uuid(12345678-1234-1234-1234-123456789ab0)]
    interface IPair<K, V> : IInspectable { HRESULT First([out, retval] K *value); }
    [uuid(12345678-1234-1234-1234-123456789ab1)]
    delegate HRESULT PairHandler<T>([in] T x);
    declare {
        interface Windows.Foo.Bar.IPair<HSTRING, INT32>;
        interface Windows.Foo.Bar.PairHandler<HSTRING>;
        interface Windows.Foo.Bar.IPair<Windows.Foo.Bar.IPair<HSTRING, INT32> *, INT32>;
        interface Windows.Foundation.Collections.IVectorView<Windows.Foo.Bar.IPair<HSTRING, INT32> *>;
    }
}`,
    plain: [],
  },
];

for (const [i, c] of CASES.entries()) {
  test(`widl 8.0 agrees with toCName on synthetic IDL ${i + 1}`, { skip: fetched ? false : 'widl not fetched' }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'names-widl-'));
    try {
      const idl = path.join(dir, 't.idl');
      fs.writeFileSync(idl, PREAMBLE + c.idl);
      const args = IDL_DIRS.flatMap((d) => ['-I', d]).concat(['-h', '-o', path.join(dir, 't.h'), idl]);
      const r = spawnSync(WIDL, args, { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const got = parseHeaderVtables(fs.readFileSync(path.join(dir, 't.h'), 'utf8')).map((v) => v.cName).sort();
      const declared = [...c.idl.matchAll(/^ {8}interface ([^;]+);$/gm)].map((m) => m[1]);
      const expected = [...declared, ...c.plain].map((n) => toCName(n)).sort();
      assert.deepEqual(expected, got);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
