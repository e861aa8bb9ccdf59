/**
 * TypeScript objects called by native code: IMAPISyncProgressCallback implementations handed to the C
 * IMAPISync (in MAPISIB.punkCallBack, found by QueryInterface, called on the calling thread and from a thread
 * of the provider's own), IMAPIProgress implementations called by the C IMAPIProgress caller; and the other
 * way, TypeScript calling the C IMAPIProgress and IMAPISyncProgressCallback.
 */
import { ComError, E_NOINTERFACE, MAPI_E_NETWORK_ERROR, MAPI_E_USER_CANCEL, out, S_OK, type HRESULT, type Out } from '@comidl/runtime';
import { liveExportCount } from '@comidl/runtime-native';
import { MAPI_TOP_LEVEL, SYNC_BACKGROUND, SYNC_UPLOAD_HIERARCHY, type HANDLE, type IMAPISyncProgressCallback, type MAPISIB } from '@mapi-sync/interfaces';
import { IMAPIProgressFake, IMAPISyncProgressCallbackFake } from '@mapi-sync/mocks';
import { IMAPIProgressNative, IMAPISyncNative, IMAPISyncProgressCallbackNative, mapiSyncNative } from '@mapi-sync/native';
import { useTestObjects } from './objects.js';

const objects = useTestObjects();

/** A callback that records what it is told, and on which turn of the event loop. */
class Recorder implements IMAPISyncProgressCallback {
  readonly told: unknown[][] = [];
  QueryInterface(_riid: string, ppv: Out<unknown>): HRESULT {
    ppv.value = null;
    return E_NOINTERFACE;
  }
  AddRef() {
    return 1;
  }
  Release() {
    return 1;
  }
  Progress(pwcszProgress: string | null, ulIndex: number, ulIndexMax: number): HRESULT {
    this.told.push(['Progress', pwcszProgress, ulIndex, ulIndexMax]);
    return S_OK;
  }
  Error(hResult: HRESULT, pwcszErrorStr: string | null): HRESULT {
    this.told.push(['Error', hResult, pwcszErrorStr]);
    throw new ComError(MAPI_E_USER_CANCEL, 'the user cancelled');
  }
  Done(hThreadDoneEvent: HANDLE, hResult: HRESULT): HRESULT {
    this.told.push(['Done', hThreadDoneEvent, hResult]);
    return S_OK;
  }
}

const reported = [
  '  -> IUnknown[0] QueryInterface(IID_IMAPISyncProgressCallback) = 0x00000000',
  '  -> IMAPISyncProgressCallback[3] Progress("Synchronizing Inbox", 1, 3) = 0x00000000',
  '  -> IMAPISyncProgressCallback[3] Progress(null, 2, 3) = 0x00000000',
  // The implementation threw a ComError: the provider got its HRESULT.
  '  -> IMAPISyncProgressCallback[4] Error(MAPI_E_NETWORK_ERROR, "The server is not available") = 0x80040501',
  '  -> IMAPISyncProgressCallback[5] Done(0x5eed, S_OK) = 0x00000000',
];

test('SynchronizeInBackground on the calling thread: the callback, exported for MAPISIB.punkCallBack, is found by QueryInterface and called', () => {
  const sync = IMAPISyncNative.attach(objects.create('mapisync'));
  const callback = new Recorder();
  const faults: unknown[] = [];
  mapiSyncNative.onError = (e) => faults.push(e);
  // Exported as the callback interface; the provider's QueryInterface through the IUnknown field finds it.
  const punk = mapiSyncNative.exportObject(callback, 'IMAPISyncProgressCallback');
  const sib: MAPISIB = { ulSize: 32, ulFlags: SYNC_UPLOAD_HIERARCHY, psesSync: null, punkCallBack: punk as never, phSyncDoneEvent: null };
  expect(sync.SynchronizeInBackground(sib)).toBe(S_OK);
  mapiSyncNative.releaseInterface(punk);
  expect(objects.takeLog()).toEqual([
    'IMAPISync[3] SynchronizeInBackground(ulSize=32, ulFlags=0x00000001, psesSync=null, punkCallBack=set, phSyncDoneEvent=null)',
    ...reported,
  ]);
  expect(callback.told).toEqual([
    ['Progress', 'Synchronizing Inbox', 1, 3],
    ['Progress', null, 2, 3],
    ['Error', MAPI_E_NETWORK_ERROR, 'The server is not available'],
    ['Done', 0x5eedn, S_OK],
  ]);
  expect(faults.map((e) => (e as Error).message)).toEqual([expect.stringContaining('the user cancelled')]);
  sync.Release();
});

test('a TypeScript object in MAPISIB.punkCallBack is exported as IUnknown; its own QueryInterface answers IMAPISyncProgressCallback', () => {
  const sync = IMAPISyncNative.attach(objects.create('mapisync'));
  const fake = new IMAPISyncProgressCallbackFake();
  // A live structure, so that the provider's write of *phSyncDoneEvent is seen.
  const { view: sib, free } = mapiSyncNative.allocateStructure<MAPISIB>('MAPISIB');
  sib.ulSize = 32;
  sib.ulFlags = 0;
  sib.punkCallBack = fake;
  sib.phSyncDoneEvent = 0n;
  expect(liveExportCount()).toBe(1);
  expect(sync.SynchronizeInBackground(sib)).toBe(S_OK);
  expect(sib.phSyncDoneEvent).toBe(0x5eedn);
  expect(fake.calls.map((c) => [c.slot, c.method])).toEqual([
    [0, 'QueryInterface'],
    [2, 'Release'],
    [3, 'Progress'],
    [3, 'Progress'],
    [4, 'Error'],
    [5, 'Done'],
  ]);
  sib.punkCallBack = null;
  free();
  sync.Release();
});

test('from the provider\'s own thread: koffi queues each call to the JavaScript thread, which runs it while it waits for the thread', async () => {
  const sync = IMAPISyncNative.attach(objects.create('mapisync'));
  const callback = new Recorder();
  const punk = mapiSyncNative.exportObject(callback, 'IMAPISyncProgressCallback');
  const sib: MAPISIB = { ulSize: 32, ulFlags: SYNC_BACKGROUND, psesSync: null, punkCallBack: punk as never, phSyncDoneEvent: null };
  mapiSyncNative.onError = () => undefined;
  expect(sync.SynchronizeInBackground(sib)).toBe(S_OK);
  mapiSyncNative.releaseInterface(punk);
  expect(liveExportCount()).toBe(1); // the provider's thread holds the callback
  // The JavaScript thread is free while a koffi worker waits for the provider's thread.
  expect(await objects.joinBackgroundSync()).toBe(1);
  expect(callback.told.map((t) => t[0])).toEqual(['Progress', 'Progress', 'Error', 'Done']);
  expect(objects.takeLog().slice(1)).toEqual(reported);
  sync.Release();
});

test('the IMAPIProgress caller calls a TypeScript IMAPIProgress; what it was told is what C logged', () => {
  const progress = new IMAPIProgressFake();
  const p = mapiSyncNative.exportObject(progress, 'IMAPIProgress');
  objects.driveProgress(p);
  mapiSyncNative.releaseInterface(p);
  expect(objects.takeLog()).toEqual([
    'test_drive_progress()',
    '  -> IMAPIProgress[7] SetLimits(1, 100, MAPI_TOP_LEVEL) = 0x00000000',
    '  -> IMAPIProgress[3] Progress(50, 1, 2) = 0x00000000',
    '  -> IMAPIProgress[4] GetFlags = 0x00000000, 1',
    '  -> IMAPIProgress[6] GetMin = 0x00000000, 1',
    '  -> IMAPIProgress[5] GetMax = 0x00000000, 100',
    '  -> IMAPIProgress[7] SetLimits(null, null, null) = 0x00000000',
  ]);
});

test('an implementation without the method, or one that throws, answers an HRESULT: never an exception in native code', () => {
  const faults: unknown[] = [];
  mapiSyncNative.onError = (e) => faults.push(e);
  const p = mapiSyncNative.exportObject(
    {
      SetLimits: () => S_OK,
      Progress: () => {
        throw new TypeError('not a number');
      },
      GetFlags: (f: Out<number>) => {
        f.value = MAPI_TOP_LEVEL;
        return S_OK;
      },
    },
    'IMAPIProgress',
  );
  objects.driveProgress(p);
  mapiSyncNative.releaseInterface(p);
  expect(objects.takeLog()).toEqual([
    'test_drive_progress()',
    '  -> IMAPIProgress[7] SetLimits(1, 100, MAPI_TOP_LEVEL) = 0x00000000',
    '  -> IMAPIProgress[3] Progress(50, 1, 2) = 0x80004005',
    '  -> IMAPIProgress[4] GetFlags = 0x00000000, 1',
    // E_NOTIMPL: nothing written, the caller's variable keeps what GetFlags put there.
    '  -> IMAPIProgress[6] GetMin = 0x80004001, 1',
    '  -> IMAPIProgress[5] GetMax = 0x80004001, 1',
    '  -> IMAPIProgress[7] SetLimits(null, null, null) = 0x00000000',
  ]);
  expect(faults.map((e) => (e as Error).message)).toEqual(['not a number']);
});

test('TypeScript calls the C IMAPIProgress and IMAPISyncProgressCallback: [out] integers, [in] pointers to integers, strings', () => {
  const progress = IMAPIProgressNative.attach(objects.create('progress'));
  expect(progress.SetLimits(5, null, 0x3)).toBe(S_OK);
  const flags = out<number>();
  const min = out<number>();
  const max = out<number>();
  expect([progress.GetFlags(flags), progress.GetMin(min), progress.GetMax(max)]).toEqual([S_OK, S_OK, S_OK]);
  expect([flags.value, min.value, max.value]).toEqual([3, 5, 1000]);
  expect(progress.Progress(7, 8, 9)).toBe(S_OK);
  const callback = IMAPISyncProgressCallbackNative.attach(objects.create('callback'));
  expect(callback.Progress('Grüße aus Köln 📨', 1, 2)).toBe(S_OK);
  expect(callback.Progress(null, 2, 2)).toBe(S_OK);
  expect(callback.Error(MAPI_E_NETWORK_ERROR, 'offline')).toBe(S_OK);
  expect(callback.Done(0x1234n, S_OK)).toBe(S_OK);
  expect(objects.takeLog()).toEqual([
    'IMAPIProgress[7] SetLimits(lpulMin=5, lpulMax=null, lpulFlags=0x3)',
    'IMAPIProgress[4] GetFlags()',
    'IMAPIProgress[6] GetMin()',
    'IMAPIProgress[5] GetMax()',
    'IMAPIProgress[3] Progress(ulValue=7, ulCount=8, ulTotal=9)',
    'IMAPISyncProgressCallback[3] Progress(pwcszProgress="Grüße aus Köln 📨", ulIndex=1, ulIndexMax=2)',
    'IMAPISyncProgressCallback[3] Progress(pwcszProgress=null, ulIndex=2, ulIndexMax=2)',
    'IMAPISyncProgressCallback[4] Error(hResult=0x80040115, pwcszErrorStr="offline")',
    'IMAPISyncProgressCallback[5] Done(hThreadDoneEvent=0x1234, hResult=0x00000000)',
  ]);
  progress.Release();
  callback.Release();
});
