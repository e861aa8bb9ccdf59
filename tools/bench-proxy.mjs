#!/usr/bin/env node
// Proxy call overhead (npm run bench:proxy): a call through the generated in-process proxy -> channel ->
// generated stub -> implementation, against the same call made directly on the implementation. Prints
// ns per call for both and the ratio; target: at most 3x. Uses the built packages (npm run build).
//
//   node tools/bench-proxy.mjs [--calls N]

import { performance } from 'node:perf_hooks';

const TARGET = 3;
const args = process.argv.slice(2);
const callsIndex = args.indexOf('--calls');
const CALLS = callsIndex >= 0 ? Number(args[callsIndex + 1]) : 2_000_000;

let runtime, interfaces, proxies;
try {
  runtime = await import('@comidl/runtime');
  interfaces = await import('@mapi-sync/interfaces');
  proxies = await import('@mapi-sync/proxies');
} catch (e) {
  process.stderr.write(`bench-proxy: the packages are not built (${e.message.split('\n')[0]}); run npm run build first\n`);
  process.exit(1);
}
const { S_OK, createInProcessChannel, ComConnection, out, inOut } = runtime;
const { structs, LR_SYNC } = interfaces;
const { proxyStubs, IOSTXProxy } = proxies;

/** A minimal IOSTX: what a real local store would do is not the point; the call path is. */
const impl = {
  QueryInterface: () => S_OK,
  AddRef: () => 2,
  Release: () => 1,
  GetLastError(_hr, _flags, ppError) {
    ppError.value = null;
    return S_OK;
  },
  InitSync: () => S_OK,
  SyncBeg(uiSync, ppv) {
    ppv.value = uiSync;
    return S_OK;
  },
  SyncEnd: () => S_OK,
  SyncHdrBeg: () => S_OK,
  SyncHdrEnd: () => S_OK,
  SetSyncResult: () => S_OK,
};

const [clientEnd, serverEnd] = createInProcessChannel();
const server = new ComConnection(serverEnd, { proxyStubs, structs });
server.serve('ostx', impl, 'IOSTX');
const client = new ComConnection(clientEnd, { proxyStubs, structs });
const proxy = client.connect('ostx', IOSTXProxy);

function time(label, f) {
  for (let i = 0; i < 200_000; i++) f(i); // warm-up: let the JIT settle
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) f(i);
    best = Math.min(best, ((performance.now() - t0) * 1e6) / CALLS);
  }
  return { label, ns: best };
}

const box = inOut(null);
const outBox = out();
// Each case makes a fresh loop body per target, so that the direct loop only ever sees the implementation
// and the proxy loop only the proxy (a shared call site would measure megamorphic dispatch instead).
let sink = 0;
const cases = [
  ['InitSync(ulFlags)          in only', (t) => (i) => (sink += t.InitSync(0) + i)],
  ['SyncBeg(uiSync, ppv)       [in, out] void*', (t) => (i) => (sink += t.SyncBeg(LR_SYNC, box) + i)],
  ['GetLastError(hr, f, pp)    [out]', (t) => (i) => (sink += t.GetLastError(0, 0, outBox) + i)],
];
const rows = [];
for (const [label, loop] of cases) {
  const direct = time(label, loop(impl));
  const viaProxy = time(label, loop(proxy));
  rows.push([label, direct.ns, viaProxy.ns, viaProxy.ns / direct.ns]);
}
const fmt = (n, d = 1) => n.toFixed(d);
const lines = [
  `proxy call overhead, in-process channel, ${CALLS.toLocaleString('en-US')} calls per round, best of 5 rounds`,
  `${'call'.padEnd(44)}  ${'direct ns'.padStart(10)}  ${'proxy ns'.padStart(10)}  ${'ratio'.padStart(7)}`,
  ...rows.map(([l, d, p, r]) => `${l.padEnd(44)}  ${fmt(d).padStart(10)}  ${fmt(p).padStart(10)}  ${`${fmt(r, 2)}x`.padStart(7)}`),
  `target <= ${TARGET}x: ${rows.every((r) => r[3] <= TARGET) ? 'met' : 'NOT met'} (worst ${fmt(Math.max(...rows.map((r) => r[3])), 2)}x)`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (sink === 0.5) process.stdout.write('\n'); // keeps the results observable
client.close();
server.close();
