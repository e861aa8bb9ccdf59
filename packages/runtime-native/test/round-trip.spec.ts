/**
 * Every parameter kind, both ways: a TypeScript implementation exported as a COM object (a vtable of koffi
 * callbacks) and called through a native wrapper (koffi calls of the function pointers in that vtable). The
 * allocators count, so every block handed across is seen freed exactly once.
 */
import { ComError, E_FAIL, E_NOTIMPL, inOut, MAPI_E_NOT_FOUND, out, S_OK, type Out } from '@comidl/runtime';
import { bindLibrary, liveExportCount, NativeUnknown, setAllocators, type NativeFaultContext } from '../src/index.js';
import { calcLibrary, IID_ICalc, type ICalc, type REC } from './calc-library.js';
import { countingAllocators } from './counting-allocators.js';

const allocators = countingAllocators();
const faults: [unknown, NativeFaultContext][] = [];
const lib = bindLibrary(calcLibrary, { onError: (e, c) => faults.push([e, c]) });
type CalcWrapper = ICalc & NativeUnknown;

beforeAll(() => setAllocators(allocators));
afterAll(() => setAllocators(undefined));

class Calc implements ICalc {
  readonly seen: unknown[][] = [];
  Add(a: number, b: number, sum: Out<number>) {
    sum.value = a + b;
    return S_OK;
  }
  Name(ppsz: Out<string | null>) {
    ppsz.value = 'Grüße, Outlook';
    return S_OK;
  }
  Echo(bstrIn: string | null, pbstrOut: Out<string | null>) {
    this.seen.push(['Echo', bstrIn]);
    pbstrOut.value = bstrIn === null ? null : `${bstrIn}!`;
    return S_OK;
  }
  Guid(riid: string, pguid: Out<string>) {
    this.seen.push(['Guid', riid]);
    pguid.value = 'd2d85db4-840f-49b8-9982-07d2405ec6b7';
    return S_OK;
  }
  Sum(c: number, values: number[] | null, total: Out<bigint>) {
    this.seen.push(['Sum', c, values]);
    total.value = BigInt((values ?? []).reduce((a, b) => a + b, 0)) * 1_000_000_000n;
    return S_OK;
  }
  Fill(c: number, buffer: Out<Uint8Array>) {
    buffer.value = Uint8Array.from({ length: c }, (_x, i) => i * 3);
    return S_OK;
  }
  PutRec(prec: REC | null) {
    this.seen.push(['PutRec', prec]);
    return S_OK;
  }
  GetRec(pprec: Out<REC | null>) {
    pprec.value = { name: 'record', id: IID_ICalc, cb: 3, pb: new Uint8Array([7, 8, 9]), peer: null };
    return S_OK;
  }
  GetError(pperr: Out<{ ulVersion: number; lpszError: string | null; lpszComponent: string | null } | null>) {
    pperr.value = { ulVersion: 0, lpszError: 'the store is offline', lpszComponent: 'calc' };
    return S_OK;
  }
  Child(pin: ICalc | null, ppout: Out<ICalc | null>) {
    this.seen.push(['Child', pin]);
    ppout.value = pin;
    return S_OK;
  }
  Fail(): number {
    throw new ComError(MAPI_E_NOT_FOUND, 'nothing here');
  }
  Point(pt: { x: number; y: number }, ppt: Out<{ x: number; y: number }>) {
    ppt.value = { x: pt.y, y: pt.x };
    return S_OK;
  }
  Entry(cb: number, pentry: { abFlags: Uint8Array; ab: Uint8Array } | null) {
    this.seen.push(['Entry', cb, pentry]);
    return S_OK;
  }
  Count(pul: { value: number }) {
    pul.value = pul.value + 1;
    return S_OK;
  }
  Packed(pp: { value: { b: number; u: number; ll: bigint } }) {
    pp.value = { b: pp.value.b + 1, u: pp.value.u * 2, ll: -pp.value.ll };
    return S_OK;
  }
  Version() {
    return 0x1_0000_0002n;
  }
}

function wrapperOf(impl: object): { wrapper: CalcWrapper; pointer: bigint } {
  const pointer = lib.exportObject(impl, 'ICalc');
  const wrapper = lib.wrapperOf('ICalc')(pointer) as CalcWrapper;
  lib.releaseInterface(pointer);
  return { wrapper, pointer };
}

afterEach(() => {
  expect(allocators.counts.bad).toEqual([]);
  expect(allocators.counts.live()).toBe(0);
  expect(faults.splice(0).map(([e]) => (e as Error).message)).toEqual([]);
});

test('[in] integers and an [out] integer', () => {
  const { wrapper } = wrapperOf(new Calc());
  const sum = out<number>();
  expect(wrapper.Add(40, 2, sum)).toBe(S_OK);
  expect(sum.value).toBe(42);
  expect(wrapper.Add(-5, 2, sum)).toBe(S_OK);
  expect(sum.value).toBe(-3);
  wrapper.Release();
});

test('an [out] string is copied, then freed with CoTaskMemFree', () => {
  const { wrapper } = wrapperOf(new Calc());
  const name = out<string | null>();
  const before = { ...allocators.counts.freed };
  expect(wrapper.Name(name)).toBe(S_OK);
  expect(name.value).toBe('Grüße, Outlook');
  expect(allocators.counts.freed.cotask - before.cotask).toBe(1);
  wrapper.Release();
});

test('BSTRs: the [in] one is the caller\'s to allocate and free, the [out] one the caller frees', () => {
  const impl = new Calc();
  const { wrapper } = wrapperOf(impl);
  const echo = out<string | null>();
  const before = { ...allocators.counts.allocated };
  expect(wrapper.Echo('héllo', echo)).toBe(S_OK);
  expect(echo.value).toBe('héllo!');
  expect(impl.seen).toEqual([['Echo', 'héllo']]);
  expect(allocators.counts.allocated.bstr - before.bstr).toBe(2);
  expect(wrapper.Echo(null, echo)).toBe(S_OK);
  expect(echo.value).toBeNull();
  wrapper.Release();
});

test('GUIDs cross as lowercase strings', () => {
  const impl = new Calc();
  const { wrapper } = wrapperOf(impl);
  const g = out<string>();
  expect(wrapper.Guid('{0BADC0DE-0000-4000-8000-000000000001}', g)).toBe(S_OK);
  expect(impl.seen).toEqual([['Guid', IID_ICalc]]);
  expect(g.value).toBe('d2d85db4-840f-49b8-9982-07d2405ec6b7');
  wrapper.Release();
});

test('size_is arrays: [in] elements the callee reads, an [out] buffer the caller provides', () => {
  const impl = new Calc();
  const { wrapper } = wrapperOf(impl);
  const total = out<bigint>();
  expect(wrapper.Sum(3, [1, -2, 40], total)).toBe(S_OK);
  expect(total.value).toBe(39_000_000_000n);
  expect(impl.seen).toEqual([['Sum', 3, [1, -2, 40]]]);
  expect(() => wrapper.Sum(4, [1, 2], total)).toThrow('size_is(c) is 4, the array has 2 elements');
  const buffer = out<Uint8Array>();
  expect(wrapper.Fill(5, buffer)).toBe(S_OK);
  expect(buffer.value).toEqual(new Uint8Array([0, 3, 6, 9, 12]));
  wrapper.Release();
});

test('structures: [in] by pointer (with a string, a GUID, counted bytes and an interface inside), [out] allocated by the callee', () => {
  const impl = new Calc();
  const { wrapper } = wrapperOf(impl);
  const peer = new Calc();
  expect(wrapper.PutRec({ name: 'in', id: IID_ICalc, cb: 2, pb: new Uint8Array([1, 2]), peer })).toBe(S_OK);
  const [[, rec]] = impl.seen as [[string, REC]];
  expect({ ...rec, peer: rec.peer === peer }).toEqual({ name: 'in', id: IID_ICalc, cb: 2, pb: new Uint8Array([1, 2]), peer: true });
  expect(liveExportCount()).toBe(1); // the peer's export lived for the call only

  const before = { ...allocators.counts.freed };
  const got = out<REC | null>();
  expect(wrapper.GetRec(got)).toBe(S_OK);
  expect(got.value).toEqual({ name: 'record', id: IID_ICalc, cb: 3, pb: new Uint8Array([7, 8, 9]), peer: null });
  // The structure, its string and its byte array: three CoTaskMemAlloc blocks, each freed.
  expect(allocators.counts.freed.cotask - before.cotask).toBe(3);
  wrapper.Release();
});

test('a MAPI structure comes from MAPIAllocateBuffer/MAPIAllocateMore and is freed with one MAPIFreeBuffer', () => {
  const { wrapper } = wrapperOf(new Calc());
  const err = out<{ ulVersion: number; lpszError: string | null; lpszComponent: string | null } | null>();
  const before = { ...allocators.counts.allocated };
  expect(wrapper.GetError(err)).toBe(S_OK);
  expect(err.value).toEqual({ ulVersion: 0, lpszError: 'the store is offline', lpszComponent: 'calc' });
  expect(allocators.counts.allocated.mapi - before.mapi).toBe(3);
  wrapper.Release();
});

test('interface pointers: a TypeScript object is exported for the call; the same object comes back, not a wrapper of it', () => {
  const impl = new Calc();
  const { wrapper } = wrapperOf(impl);
  const other = new Calc();
  const back = out<ICalc | null>();
  expect(wrapper.Child(other, back)).toBe(S_OK);
  expect(back.value).toBe(other);
  expect((impl.seen[0] as unknown[])[1]).toBe(other);
  expect(liveExportCount()).toBe(1);
  expect(wrapper.Child(null, back)).toBe(S_OK);
  expect(back.value).toBeNull();
  wrapper.Release();
  expect(liveExportCount()).toBe(0);
});

test('an exception in the implementation becomes its HRESULT and goes to onError', () => {
  const { wrapper } = wrapperOf(new Calc());
  expect(wrapper.Fail()).toBe(MAPI_E_NOT_FOUND);
  const [[error, context]] = faults.splice(0);
  expect((error as Error).message).toContain('nothing here');
  expect(context).toEqual({ interfaceName: 'ICalc', method: 'Fail', slot: 13, origin: 'callee' });
  const plain = wrapperOf({ Fail: () => { throw new TypeError('oops'); } }).wrapper;
  expect(plain.Fail()).toBe(E_FAIL);
  expect(faults.splice(0).map(([e]) => (e as Error).message)).toEqual(['oops']);
  const promised = wrapperOf({ Fail: async () => S_OK }).wrapper;
  expect(promised.Fail()).toBe(E_FAIL);
  expect(faults.splice(0).map(([e]) => (e as Error).message)).toEqual([expect.stringContaining('answered with a Promise')]);
  for (const w of [wrapper, plain, promised]) w.Release();
});

test('a slot without a binding answers E_NOTIMPL on both sides; a method the implementation lacks too', () => {
  const { wrapper } = wrapperOf(new Calc());
  expect((wrapper as unknown as { Reserved(): number }).Reserved()).toBe(E_NOTIMPL);
  expect(lib.unsupportedSlots()).toEqual([{ interfaceName: 'ICalc', slot: 14, name: 'Reserved', reason: 'a placeholder slot' }]);
  const partial = wrapperOf({}).wrapper;
  expect(partial.Add(1, 2, out())).toBe(E_NOTIMPL);
  wrapper.Release();
  partial.Release();
});

test('structures by value, trailing arrays longer than declared, [in, out] integers and packed structures', () => {
  const impl = new Calc();
  const { wrapper } = wrapperOf(impl);
  const pt = out<{ x: number; y: number }>();
  expect(wrapper.Point({ x: 1, y: -2 }, pt)).toBe(S_OK);
  expect(pt.value).toEqual({ x: -2, y: 1 });
  expect(wrapper.Entry(7, { abFlags: new Uint8Array(4), ab: new Uint8Array([1, 2, 3]) })).toBe(S_OK);
  // The callee's copy reads the declared one byte; the C test objects read all cb bytes.
  expect(impl.seen).toEqual([['Entry', 7, { abFlags: new Uint8Array(4), ab: new Uint8Array([1]) }]]);
  const n = inOut(41);
  expect(wrapper.Count(n)).toBe(S_OK);
  expect(n.value).toBe(42);
  const packed = inOut({ b: 1, u: 0x01020304, ll: 5n });
  expect(wrapper.Packed(packed)).toBe(S_OK);
  expect(packed.value).toEqual({ b: 2, u: 0x02040608, ll: -5n });
  expect(wrapper.Version()).toBe(0x1_0000_0002n);
  wrapper.Release();
});
