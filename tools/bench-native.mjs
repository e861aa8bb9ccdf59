#!/usr/bin/env node
// Native call overhead (npm run bench:native): a call through a generated native wrapper (<I>Native of
// @mapi-sync/native and @marshal-test/native, over runtime-native's slot invoker) against a raw koffi call of
// the same function pointer and against a loop of the same call in C, on the C test objects of
// @comidl/mapi-sync-native-test (their log off). Cases: IOSTX::InitSync (an [in] integer; target: the wrapper
// at most 1.5x the raw koffi call), IMAPIProgress::GetFlags (an [out] integer),
// IMAPISyncProgressCallback::Progress (an [in] string), IMarshalTest::PutPacked (an [in] structure by pointer).
// Prints ns per call and the ratios; never asserts a time. Uses the built packages (npm run build).
//
//   node tools/bench-native.mjs [--calls N]

import { performance } from 'node:perf_hooks';

const TARGET = 1.5;
const args = process.argv.slice(2);
const callsIndex = args.indexOf('--calls');
const CALLS = callsIndex >= 0 ? Number(args[callsIndex + 1]) : 500_000;
const ROUNDS = 7;

let koffi, runtime, native, testObjects, mapiSync, marshalTest;
try {
  koffi = (await import('koffi')).default;
  runtime = await import('@comidl/runtime');
  native = await import('@comidl/runtime-native');
  testObjects = await import('@comidl/mapi-sync-native-test');
  mapiSync = await import('@mapi-sync/native');
  marshalTest = await import('@marshal-test/native');
} catch (e) {
  process.stderr.write(`bench-native: the packages are not built (${e.message.split('\n')[0]}); run npm run build first\n`);
  process.exit(1);
}
const { out } = runtime;
const { setAllocators, NativeUnknown } = native;
const { TestObjects } = testObjects;
// The generated bindings: @mapi-sync/native and @marshal-test/native (idl/marshal-test).
const { IOSTXNative, IMAPIProgressNative, IMAPISyncProgressCallbackNative } = mapiSync;
const { IMarshalTestNative, marshalTestNative } = marshalTest;

let objects;
try {
  objects = new TestObjects();
} catch (e) {
  process.stderr.write(`bench-native: ${e.message}\n`);
  process.exit(1);
}
setAllocators(objects.allocators);
objects.logging(false);

const ostx = IOSTXNative.attach(objects.create('ostx'));
const progress = IMAPIProgressNative.attach(objects.create('progress'));
const callback = IMAPISyncProgressCallbackNative.attach(objects.create('callback'));
const marshal = IMarshalTestNative.attach(objects.create('marshal'));

/** The function in slot `slot` of the object's vtable, decoded by koffi with `prototype`. */
function rawSlot(wrapper, slot, prototype) {
  const p = NativeUnknown.addressOf(wrapper);
  const vtbl = koffi.decode(p, 'void *');
  const fn = koffi.decode(koffi.decode(vtbl, 'void *', slot + 1)[slot], prototype);
  return { p, fn };
}

const initSync = rawSlot(ostx, 4, koffi.proto('int32_t InitSyncRaw(void *This, uint32_t ulFlags)'));
const getFlags = rawSlot(progress, 4, koffi.proto('int32_t GetFlagsRaw(void *This, void *lpulFlags)'));
const progressRaw = rawSlot(callback, 3, koffi.proto('int32_t ProgressRaw(void *This, const char16_t *text, uint32_t i, uint32_t n)'));
const packedType = marshalTestNative.structures.get('PACKED2').koffiType;
const putPacked = rawSlot(marshal, 10, koffi.proto('int32_t PutPackedRaw(void *This, void *pp)'));
const packedPointer = koffi.pointer(packedType);
const putPackedStruct = koffi.decode(
  koffi.decode(koffi.decode(putPacked.p, 'void *'), 'void *', 11)[10],
  koffi.proto('int32_t', ['void *', packedPointer]),
);
const cell = koffi.alloc('uint32_t', 1);
const cellView = new DataView(koffi.view(cell, 4));
const text = 'Synchronizing Inbox';
const packed = { b: 1, u: 2, ll: 3n };

const lib = objects.library;
const loops = {
  initSync: lib.func('void test_loop_initsync(void *o, int n)'),
  getFlags: lib.func('void test_loop_getflags(void *o, int n)'),
  progress: lib.func('void test_loop_progress(void *o, const char16_t *text, int n)'),
  putPacked: lib.func('void test_loop_putpacked(void *o, void *p, int n)'),
};

const sink = new Float64Array(1);
/** A loop body compiled on its own, so that each side has its own call site. */
function timer(body) {
  // eslint-disable-next-line no-new-func
  const loop = new Function('env', 'n', `const sink = env.sink; let r = 0; for (let i = 0; i < n; i++) { ${body} } sink[0] = r;`);
  return (env) => {
    loop(env, 2000);
    const t = performance.now();
    loop(env, CALLS);
    return ((performance.now() - t) * 1e6) / CALLS;
  };
}

function cLoop(run) {
  return () => {
    const t = performance.now();
    run(CALLS);
    return ((performance.now() - t) * 1e6) / CALLS;
  };
}

const env = { sink, ostx, progress, callback, marshal, initSync, getFlags, progressRaw, putPacked, putPackedStruct, cell, cellView, text, packed, out, box: out() };
const cases = [
  {
    name: 'InitSync([in] ULONG)',
    wrapper: timer('r += env.ostx.InitSync(i);'),
    raw: timer('r += env.initSync.fn(env.initSync.p, i);'),
    c: cLoop((n) => loops.initSync(initSync.p, n)),
    target: TARGET,
  },
  {
    name: 'GetFlags([out] ULONG *)',
    wrapper: timer('r += env.progress.GetFlags(env.box); r += env.box.value;'),
    raw: timer('r += env.getFlags.fn(env.getFlags.p, env.cell); r += env.cellView.getUint32(0, true);'),
    c: cLoop((n) => loops.getFlags(getFlags.p, n)),
  },
  {
    name: 'Progress([in] LPCWSTR, ULONG, ULONG)',
    wrapper: timer('r += env.callback.Progress(env.text, i, 10);'),
    raw: timer('r += env.progressRaw.fn(env.progressRaw.p, env.text, i, 10);'),
    c: cLoop((n) => loops.progress(progressRaw.p, text, n)),
  },
  {
    name: 'PutPacked([in] const PACKED2 *)',
    wrapper: timer('r += env.marshal.PutPacked(env.packed);'),
    raw: timer('r += env.putPackedStruct(env.putPacked.p, env.packed);'),
    c: cLoop((n) => {
      const p = koffi.alloc(packedType, 1);
      koffi.encode(p, packedType, packed);
      loops.putPacked(putPacked.p, p, n);
      koffi.free(p);
    }),
  },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => x.toFixed(1).padStart(7);
console.log(`bench-native: ${CALLS.toLocaleString('en-US')} calls x ${ROUNDS} rounds per case (median ns per call; koffi ${koffi.version}, node ${process.version}, ${process.platform}-${process.arch})`);
console.log(`${'case'.padEnd(40)} ${'wrapper'.padStart(7)} ${'koffi'.padStart(7)} ${'C loop'.padStart(7)}   wrapper/koffi`);
let missed = false;
for (const c of cases) {
  const w = [];
  const r = [];
  const l = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Interleaved, so that a busy moment of the machine falls on all sides.
    w.push(c.wrapper(env));
    r.push(c.raw(env));
    l.push(c.c());
  }
  const ratio = median(w) / median(r);
  const goal = c.target ? (ratio <= c.target ? `  (target <= ${c.target}x: met)` : `  (target <= ${c.target}x: MISSED)`) : '';
  if (c.target && ratio > c.target) missed = true;
  console.log(`${c.name.padEnd(40)} ${fmt(median(w))} ${fmt(median(r))} ${fmt(median(l))}   ${ratio.toFixed(2)}x${goal}`);
}
objects.logging(true);
for (const w of [ostx, progress, callback, marshal]) w.Release();
if (missed) console.log('bench-native: the target was missed in this run (the machine may be busy: run it again alone)');
