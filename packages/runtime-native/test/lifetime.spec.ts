/**
 * Wrappers and exported objects as COM counts references: identity, one reference per wrapper, Release and
 * dispose, the finalizer (once), QueryInterface on both sides, and classes written the way generated
 * `<I>Native` classes are.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CO_E_OBJNOTCONNECTED, E_NOINTERFACE, IID_IUnknown, out, S_OK, type HRESULT, type Out } from '@comidl/runtime';
import { bindLibrary, guidBytes, liveExportCount, NativeUnknown, type SlotInvoker } from '../src/index.js';
import { calcLibrary, IID_ICalc, IID_ICalc2, IID_IOther } from './calc-library.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const lib = bindLibrary(calcLibrary);

/** What the generator will write for an interface: methods that call the slot invokers. */
class CalcNative extends NativeUnknown {
  declare readonly $invoke: readonly SlotInvoker[];
  Add(a: number, b: number, sum: Out<number>): HRESULT {
    return this.$invoke[3](this, a, b, sum);
  }
}
for (const m of ['Name', 'Echo', 'Guid', 'Sum', 'Fill', 'PutRec', 'GetRec', 'GetError', 'Child', 'Fail', 'Point', 'Entry', 'Count', 'Packed', 'Version']) {
  Object.defineProperty(CalcNative.prototype, m, { value: () => S_OK });
}
lib.implement('ICalc', CalcNative);

/** An implementation that counts what native code does to it through the exported object. */
class Counted {
  adds = 0;
  Add(a: number, b: number, sum: Out<number>) {
    this.adds++;
    sum.value = a + b;
    return S_OK;
  }
}

function refcountOf(p: bigint): number {
  // AddRef then Release through the vtable: the count Release returns is the count before.
  const w = lib.wrapperOf('IUnknown')(p);
  const n = w.AddRef();
  w.Release();
  w.Release();
  return n - 2;
}

test('fromPointer takes a reference of its own; one pointer gives one wrapper while it lives', () => {
  const p = lib.exportObject(new Counted(), 'ICalc');
  const a = CalcNative.fromPointer(p);
  const b = CalcNative.fromPointer(Number(p));
  expect(a).toBe(b);
  expect(a).toBeInstanceOf(CalcNative);
  expect(refcountOf(p)).toBe(2); // ours from exportObject, and the wrapper's
  const sum = out<number>();
  expect(a.Add(1, 2, sum)).toBe(S_OK);
  expect(sum.value).toBe(3);
  expect(a.Release()).toBe(1);
  expect(a.released).toBe(true);
  expect(a.Add(1, 2, sum)).toBe(CO_E_OBJNOTCONNECTED);
  expect(a.Release()).toBe(0); // nothing held any more: never released twice
  const c = CalcNative.fromPointer(p);
  expect(c).not.toBe(a);
  c[Symbol.dispose]();
  lib.releaseInterface(p);
  expect(liveExportCount()).toBe(0);
});

test('AddRef through a wrapper is given back by Release, the wrapper\'s own reference last; dispose gives back all', () => {
  const p = lib.exportObject(new Counted(), 'ICalc');
  const w = CalcNative.fromPointer(p);
  w.AddRef();
  w.AddRef();
  expect(refcountOf(p)).toBe(4);
  w.Release();
  expect(w.released).toBe(false);
  w[Symbol.dispose]();
  expect(w.released).toBe(true);
  expect(refcountOf(p)).toBe(1);
  lib.releaseInterface(p);
});

test('a wrapper dropped without Release is released by the finalizer, once', async () => {
  const p = lib.exportObject(new Counted(), 'ICalc');
  (() => {
    CalcNative.fromPointer(p).AddRef();
  })();
  expect(refcountOf(p)).toBe(3);
  for (let i = 0; i < 20 && refcountOf(p) !== 1; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(refcountOf(p)).toBe(1);
  // A released wrapper is unregistered: collecting it gives nothing back a second time.
  (() => {
    CalcNative.fromPointer(p).Release();
  })();
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(refcountOf(p)).toBe(1);
  lib.releaseInterface(p);
});

test('exporting one implementation twice gives one object; it dies with its last reference', () => {
  const impl = new Counted();
  const p = lib.exportObject(impl, 'ICalc');
  expect(lib.exportObject(impl, 'ICalc')).toBe(p);
  expect(refcountOf(p)).toBe(2);
  lib.releaseInterface(p);
  lib.releaseInterface(p);
  expect(liveExportCount()).toBe(0);
  // Exported again after it died: a new object, which lives while a reference is held.
  const q = lib.exportObject(impl, 'ICalc');
  lib.releaseInterface(lib.exportObject(impl, 'ICalc'));
  expect(liveExportCount()).toBe(1);
  lib.releaseInterface(q);
  expect(liveExportCount()).toBe(0);
});

test('QueryInterface of an exported object: the interface and its bases, IUnknown with one pointer, others through the implementation\'s own QueryInterface', () => {
  let queried = 0;
  let released = 0;
  const impl = {
    Twice(a: number, pa: Out<number>) {
      pa.value = 2 * a;
      return S_OK;
    },
    Ping: () => S_OK,
    QueryInterface(riid: string, ppv: Out<unknown>) {
      queried++;
      ppv.value = riid === IID_IOther ? impl : null;
      return ppv.value ? S_OK : E_NOINTERFACE;
    },
    Release: () => ++released,
  };
  const p2 = lib.exportObject(impl, 'ICalc2');
  // Through the vtable, as native code asks: the interface and its base answer with this object.
  expect(lib.queryAddress(p2, IID_ICalc)).toBe(p2);
  const unknown = lib.queryAddress(p2, IID_IUnknown);
  expect(unknown).toBe(p2);
  const other = lib.queryAddress(p2, IID_IOther)!;
  expect(other).not.toBe(p2);
  expect(lib.queryAddress(other, IID_IUnknown)).toBe(unknown); // one identity
  expect(lib.queryAddress(other, IID_ICalc2)).toBe(p2);
  expect([queried, released]).toEqual([1, 1]);
  expect(lib.queryAddress(p2, '00000000-1111-2222-3333-444444444444')).toBeUndefined();
  expect([refcountOf(p2), refcountOf(other)]).toEqual([5, 1]);
  for (const p of [p2, p2, p2, p2, p2, other]) lib.releaseInterface(p);
  expect(liveExportCount()).toBe(0);
  // Through a wrapper: an exported object comes back as its implementation, as every interface pointer of it does.
  const p3 = lib.exportObject(impl, 'ICalc2');
  const w = lib.wrapperOf('ICalc2')(p3) as NativeUnknown & { Twice(a: number, pa: Out<number>): number };
  const twice = out<number>();
  expect(w.Twice(21, twice)).toBe(S_OK);
  expect(twice.value).toBe(42);
  const asOther = out<unknown>();
  expect(w.QueryInterface(IID_IOther, asOther)).toBe(S_OK);
  expect(asOther.value).toBe(impl);
  const none = out<unknown>();
  expect(w.QueryInterface('00000000-1111-2222-3333-444444444444', none)).toBe(E_NOINTERFACE);
  expect(none.value).toBeNull();
  w.Release();
  lib.releaseInterface(p3);
  expect(liveExportCount()).toBe(0);
});

test('implement checks that the class has every bound slot\'s method', () => {
  class Incomplete extends NativeUnknown {}
  expect(() => lib.implement('ICalc', Incomplete)).toThrow('Incomplete lacks Add (slot 3), Name (slot 4)');
  class Unbound extends NativeUnknown {}
  expect(() => Unbound.fromPointer(1n)).toThrow("Unbound is not bound: call library.implement('<interface>', Unbound) first");
});

test('NativeUnknown.fromPointer wraps a pointer of no particular interface; QueryInterface answers with the bound classes', () => {
  const impl = { Add: () => S_OK };
  const p = lib.exportObject(impl, 'ICalc');
  // An exported object comes back as itself; a native one as a wrapper of the class bound for the IID.
  const unknown = NativeUnknown.fromPointer(p);
  expect(unknown.interfaceName).toBe('IUnknown');
  const calc = out<unknown>();
  expect(unknown.QueryInterface(IID_ICalc, calc)).toBe(S_OK);
  expect(calc.value).toBe(impl);
  unknown.Release();
  lib.releaseInterface(p);
});

test('guidBytes gives what a REFIID points to', () => {
  expect(Buffer.from(guidBytes('d2d85db4-840f-49b8-9982-07d2405ec6b7')).toString('hex')).toBe('b45dd8d20f84b849998207d2405ec6b7');
});
