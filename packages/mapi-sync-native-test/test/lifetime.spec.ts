/**
 * Wrappers of C objects as COM counts references, read from the C objects' own counts: one reference per
 * wrapper, identity, Release and dispose, the finalizer, QueryInterface answers wrapped as the interface asked
 * for, and wrappers passed back to native code.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CO_E_OBJNOTCONNECTED, E_NOINTERFACE, IID_IUnknown, inOut, out, S_OK } from '@comidl/runtime';
import { NativeUnknown } from '@comidl/runtime-native';
import { IID_IMAPIProgress, IID_IPSTX, type IOSTX } from '@mapi-sync/interfaces';
import { IMAPIProgressNative, IOSTXNative, IPSTXNative } from '@mapi-sync/native';
import { useTestObjects } from './objects.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const objects = useTestObjects();

test('fromPointer takes a reference, attach takes over the caller\'s; one wrapper per pointer; Release gives back', () => {
  const p = objects.create('pstx');
  expect(objects.refcount(p)).toBe(1);
  const a = IPSTXNative.fromPointer(p);
  expect(objects.refcount(p)).toBe(2);
  expect(IPSTXNative.fromPointer(p)).toBe(a);
  expect(IPSTXNative.attach(p)).toBe(a); // the surplus reference is given back at once
  expect(objects.refcount(p)).toBe(1);
  expect(a.Release()).toBe(0);
  expect(objects.liveObjects()).toBe(0);
  expect(a.EmulateSpooler(1)).toBe(CO_E_OBJNOTCONNECTED);
  expect(a.Release()).toBe(0);
});

test('an [out] interface pointer: the wrapper owns the reference the callee gave; the same object gives the same wrapper', () => {
  using pstx = IPSTXNative.attach(objects.create('pstx'));
  const first = out<IOSTX | null>();
  const second = out<IOSTX | null>();
  expect(pstx.GetSyncObject(first)).toBe(S_OK);
  expect(pstx.GetSyncObject(second)).toBe(S_OK);
  expect(second.value).toBe(first.value);
  const ostx = first.value as IOSTXNative;
  // The store's own reference and the wrapper's one.
  expect(objects.refcount(NativeUnknown.addressOf(ostx))).toBe(2);
  ostx.Release();
});

test('QueryInterface answers wrapped as the interface asked for', () => {
  using pstx = IPSTXNative.attach(objects.create('pstx'));
  const same = out<unknown>();
  expect(pstx.QueryInterface(IID_IPSTX, same)).toBe(S_OK);
  expect(same.value).toBe(pstx);
  const unknown = out<unknown>();
  expect(pstx.QueryInterface(IID_IUnknown, unknown)).toBe(S_OK);
  expect(unknown.value).toBeInstanceOf(NativeUnknown);
  expect(unknown.value).not.toBe(pstx);
  expect((unknown.value as NativeUnknown).interfaceName).toBe('IUnknown');
  const none = out<unknown>();
  expect(pstx.QueryInterface(IID_IMAPIProgress, none)).toBe(E_NOINTERFACE);
  expect(none.value).toBeNull();
  (unknown.value as NativeUnknown).Release();
  expect(objects.refcount(NativeUnknown.addressOf(pstx))).toBe(1);
  expect(objects.takeLog()).toEqual([
    'IPSTX[0] QueryInterface(IID_IPSTX or IID_IUnknown) = S_OK',
    'IPSTX[0] QueryInterface(IID_IPSTX or IID_IUnknown) = S_OK',
    'IPSTX[0] QueryInterface(another IID) = E_NOINTERFACE',
  ]);
});

test('a wrapper dropped without Release is released by the finalizer, and only once', async () => {
  const p = objects.create('progress');
  (() => {
    const w = IMAPIProgressNative.fromPointer(p);
    w.AddRef();
  })();
  expect(objects.refcount(p)).toBe(3);
  for (let i = 0; i < 50 && objects.refcount(p) !== 1; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(objects.refcount(p)).toBe(1);
  (() => IMAPIProgressNative.fromPointer(p).Release())();
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(objects.refcount(p)).toBe(1);
  IMAPIProgressNative.attach(p).Release();
});

test('a wrapper passed to a native method is its pointer: C calls C', () => {
  using pstx = IPSTXNative.attach(objects.create('pstx'));
  const box = out<IOSTX | null>();
  pstx.GetSyncObject(box);
  using ostx = box.value as IOSTXNative;
  using progress = IMAPIProgressNative.attach(objects.create('progress'));
  const hdr = inOut<unknown>(null);
  expect(ostx.SyncHdrBeg(0, null, hdr)).toBe(S_OK);
  expect(ostx.SyncHdrEnd(progress)).toBe(S_OK);
  expect(objects.takeLog().filter((l) => l.startsWith('IMAPIProgress'))).toEqual([
    'IMAPIProgress[7] SetLimits(lpulMin=1, lpulMax=100, lpulFlags=0x1)',
    'IMAPIProgress[3] Progress(ulValue=50, ulCount=1, ulTotal=2)',
    'IMAPIProgress[4] GetFlags()',
    'IMAPIProgress[6] GetMin()',
    'IMAPIProgress[5] GetMax()',
    'IMAPIProgress[7] SetLimits(lpulMin=null, lpulMax=null, lpulFlags=null)',
  ]);
});

test('as with the IMsgStore Outlook hands out: a pointer of no known interface, asked for IPSTX, gives an IPSTXNative', () => {
  // OpenMsgStore gives a reference with the pointer: the wrapper takes it over.
  const p = objects.create('pstx');
  using store = NativeUnknown.attach(p);
  const pstx = out<unknown>();
  expect(store.QueryInterface(IID_IPSTX, pstx)).toBe(S_OK);
  expect(pstx.value).toBeInstanceOf(IPSTXNative);
  using w = pstx.value as IPSTXNative;
  expect(w.EmulateSpooler(0)).toBe(S_OK);
  expect(objects.refcount(p)).toBe(2);
});
