/**
 * The kinds the replication interfaces do not use, against the C IMarshalTest (idl/marshal-test): strings and
 * BSTRs the callee allocates, GUIDs, size_is arrays both ways, a structure the callee allocates with blocks of
 * its own inside, and a structure under #pragma pack(2). The counting allocators see every block freed once.
 */
import { out, S_OK } from '@comidl/runtime';
import { IID_IMarshalTest, type PACKED2, type RECORD } from '@marshal-test/interfaces';
import { IMarshalTestNative } from '@marshal-test/native';
import { useTestObjects } from './objects.js';

const objects = useTestObjects();

function delta(before: ReturnType<typeof objects.counts>): Record<string, [number, number]> {
  const after = objects.counts();
  return Object.fromEntries((['cotask', 'bstr', 'mapi'] as const).map((k) => [k, [after[k].allocated - before[k].allocated, after[k].freed - before[k].freed]]));
}

test('an [out] string from CoTaskMemAlloc and BSTRs both ways', () => {
  const m = IMarshalTestNative.attach(objects.create('marshal'));
  const before = objects.counts();
  const name = out<string | null>();
  expect(m.GetName(name)).toBe(S_OK);
  expect(name.value).toBe('Posteingang äöü 📨');
  const echo = out<string | null>();
  expect(m.Echo('héllo', echo)).toBe(S_OK);
  expect(echo.value).toBe('héllo!');
  expect(m.Echo(null, echo)).toBe(S_OK);
  expect(echo.value).toBe('!');
  expect(delta(before)).toEqual({ cotask: [1, 1], bstr: [3, 3], mapi: [0, 0] });
  expect(objects.takeLog()).toEqual(['IMarshalTest[3] GetName()', 'IMarshalTest[4] Echo(bstrIn="héllo", SysStringLen=5)', 'IMarshalTest[4] Echo(bstrIn=null, SysStringLen=0)']);
  m.Release();
});

test('GUIDs, and size_is arrays: [in] values the callee reads, an [out] buffer the caller provides', () => {
  const m = IMarshalTestNative.attach(objects.create('marshal'));
  const g = out<string>();
  expect(m.GetGuid('{D2D85DB4-840F-49B8-9982-07D2405EC6B7}', g)).toBe(S_OK);
  expect(g.value).toBe(IID_IMarshalTest);
  const total = out<bigint>();
  expect(m.Sum(4, [1, -2, 3, 2147483647], total)).toBe(S_OK);
  expect(total.value).toBe(2147483649n * 1_000_000_000n);
  const buffer = out<Uint8Array>();
  expect(m.Fill(6, buffer)).toBe(S_OK);
  expect(buffer.value).toEqual(new Uint8Array([0, 3, 6, 9, 12, 15]));
  expect(objects.takeLog()).toEqual([
    'IMarshalTest[5] GetGuid(riid=d2d85db4-840f-49b8-9982-07d2405ec6b7)',
    'IMarshalTest[6] Sum(c=4, values=[1,-2,3,2147483647])',
    'IMarshalTest[7] Fill(c=6)',
  ]);
  m.Release();
});

test('structures: [in] with a string and counted bytes inside; [out] allocated block by block and freed block by block', () => {
  const m = IMarshalTestNative.attach(objects.create('marshal'));
  expect(m.PutRecord({ pwszName: 'Gesendete Elemente', id: IID_IMarshalTest, cb: 3, pb: new Uint8Array([0xab, 0xcd, 0xef]) })).toBe(S_OK);
  expect(m.PutRecord(null)).toBe(S_OK);
  const before = objects.counts();
  const rec = out<RECORD | null>();
  expect(m.GetRecord(rec)).toBe(S_OK);
  expect(rec.value).toEqual({ pwszName: 'Posteingang äöü 📨', id: IID_IMarshalTest, cb: 4, pb: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) });
  expect(delta(before)).toEqual({ cotask: [3, 3], bstr: [0, 0], mapi: [0, 0] });
  expect(objects.takeLog()).toEqual([
    'IMarshalTest[8] PutRecord(pwszName="Gesendete Elemente", id=6d61726b-7368-416c-8000-746573740001, cb=3, pb=abcdef)',
    'IMarshalTest[8] PutRecord(null)',
    'IMarshalTest[9] GetRecord()',
  ]);
  m.Release();
});

test('#pragma pack(2): the values land where C reads them, and come back', () => {
  const m = IMarshalTestNative.attach(objects.create('marshal'));
  expect(m.PutPacked({ b: 7, u: 0xdeadbeef, ll: -1234567890123n })).toBe(S_OK);
  const back = out<PACKED2>();
  expect(m.GetPacked(back)).toBe(S_OK);
  expect(back.value).toEqual({ b: 8, u: 0xbd5b7dde, ll: 1234567890123n });
  expect(objects.takeLog()).toEqual(['IMarshalTest[10] PutPacked(b=7, u=0xdeadbeef, ll=-1234567890123) sizeof=14 offsets=0,2,6', 'IMarshalTest[11] GetPacked()']);
  m.Release();
});
