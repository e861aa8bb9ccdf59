/**
 * The replication sequence of the docs (SPEC.md §5; the Learn pages "About the replication state machine",
 * IOSTX::SyncBeg, SyncEnd, SyncHdrBeg, SyncHdrEnd) driven through IPSTXNative and IOSTXNative against the C
 * IPSTX/IOSTX, which log every call they get, slot by slot, and what they read in the structures at SyncEnd.
 */
import { inOut, out, S_OK, E_NOTIMPL, E_UNEXPECTED, MAPI_E_NETWORK_ERROR } from '@comidl/runtime';
import type { HDRSYNC, IOSTX, MAPIERROR, SYNC, UPFLD, UPHIER, UPREAD, UPREADE, UPTBL } from '@mapi-sync/interfaces';
import {
  HSF_OK,
  LR_SYNC,
  LR_SYNC_CONTENTS,
  LR_SYNC_UPLOAD_FOLDER,
  LR_SYNC_UPLOAD_HIERARCHY,
  LR_SYNC_UPLOAD_MESSAGE_READ,
  LR_SYNC_UPLOAD_TABLE,
  UPF_OK,
  UPH_OK,
  UPR_OK,
  UPS_OK,
  UPS_UPLOAD_ONLY,
  UPT_OK,
} from '@mapi-sync/interfaces';
import { IMAPIProgressFake } from '@mapi-sync/mocks';
import { IOSTXNative, IPSTXNative, mapiSyncNative } from '@mapi-sync/native';
import { useTestObjects } from './objects.js';

const objects = useTestObjects();
const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

function openStore(): { pstx: IPSTXNative; ostx: IOSTXNative } {
  const p = objects.create('pstx');
  const pstx = IPSTXNative.attach(p);
  const box = out<IOSTX | null>();
  expect(pstx.GetSyncObject(box)).toBe(S_OK);
  expect(box.value).toBeInstanceOf(IOSTXNative);
  return { pstx, ostx: box.value as IOSTXNative };
}

test('the upload-hierarchy walk of the docs, slot by slot, with the flags the client sets in the structures', () => {
  const { pstx, ostx } = openStore();
  expect(ostx.InitSync(0)).toBe(S_OK);

  const sync = inOut<unknown>(null);
  expect(ostx.SyncBeg(LR_SYNC, sync)).toBe(S_OK);
  const s = sync.value as SYNC;
  expect(s.pwzPath).toBe('\\\\Mailbox\\Inbox');
  expect(s.Reserved1.ltid.guid).toBe('d2d85db4-840f-49b8-9982-07d2405ec6b7');
  expect(s.Reserved1.ltid.wLevel).toBe(2);
  expect(s.pel).not.toBeNull();
  expect(s.pel!.cValues).toBe(2);
  expect(s.pel!.lpbin!.map((b) => [b.cb, [...(b.lpb as unknown as Uint8Array)]])).toEqual([
    [3, [1, 2, 3]],
    [2, [4, 5]],
  ]);
  s.ulFlags = UPS_UPLOAD_ONLY;

  const hier = inOut<unknown>(null);
  expect(ostx.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, hier)).toBe(S_OK);
  const h = hier.value as UPHIER;
  expect([h.iEnt, h.cEnt]).toEqual([0, 3]);
  for (let folder = 1; folder <= h.cEnt; folder++) {
    const fld = inOut<unknown>(null);
    expect(ostx.SyncBeg(LR_SYNC_UPLOAD_FOLDER, fld)).toBe(S_OK);
    // The store wrote the folder's index into UPHIER when the client entered the folder: seen through the view.
    expect(h.iEnt).toBe(folder);
    const u = fld.value as UPFLD;
    expect(u.ulFlags).toBe(0x1 | 0x4);
    expect([...u.feid.abFlags]).toEqual([5, 6, 7, 8]);
    u.ulFlags |= UPF_OK;
    expect(ostx.SetSyncResult(S_OK)).toBe(S_OK);
    expect(ostx.SyncEnd()).toBe(S_OK);
    expect(() => u.ulFlags).toThrow('UPFLD.ulFlags: this view of native memory (UPFLD from IOSTX::SyncBeg) ended: IOSTX::SyncEnd ended it');
  }
  h.ulFlags = UPH_OK;
  expect(ostx.SetSyncResult(S_OK)).toBe(S_OK);
  expect(ostx.SyncEnd()).toBe(S_OK);
  s.ulFlags |= UPS_OK;
  expect(ostx.SetSyncResult(S_OK)).toBe(S_OK);
  expect(ostx.SyncEnd()).toBe(S_OK);

  const folder = [
    'IOSTX[5] SyncBeg(uiSync=3, *ppv=null)',
    'IOSTX[9] SetSyncResult(hrSync=0x00000000)',
    'IOSTX[6] SyncEnd() state=3 result=0x00000000',
    `  UPFLD.ulFlags=${hex(UPF_OK | 0x5)}`,
  ];
  expect(objects.takeLog()).toEqual([
    'IPSTX[4] GetSyncObject()',
    'IOSTX[4] InitSync(ulFlags=0x00000000)',
    'IOSTX[5] SyncBeg(uiSync=1, *ppv=null)',
    'IOSTX[5] SyncBeg(uiSync=2, *ppv=null)',
    ...folder,
    ...folder,
    ...folder,
    'IOSTX[9] SetSyncResult(hrSync=0x00000000)',
    'IOSTX[6] SyncEnd() state=2 result=0x00000000',
    `  UPHIER.ulFlags=${hex(UPH_OK)} iEnt=3`,
    'IOSTX[9] SetSyncResult(hrSync=0x00000000)',
    'IOSTX[6] SyncEnd() state=1 result=0x00000000',
    `  SYNC.ulFlags=${hex(UPS_UPLOAD_ONLY | UPS_OK)}`,
  ]);
  ostx.Release();
  pstx.Release();
});

test('contents: an upload table with read states, arrays of element structures as views', () => {
  const { pstx, ostx } = openStore();
  const enter = (state: number) => {
    const box = inOut<unknown>(null);
    expect(ostx.SyncBeg(state, box)).toBe(S_OK);
    return box.value;
  };
  enter(LR_SYNC);
  enter(LR_SYNC_CONTENTS);
  const table = enter(LR_SYNC_UPLOAD_TABLE) as UPTBL;
  expect(table.pszName).toBe('Inbox');
  expect(table.rgte.map((e) => [e.cEntMod, e.cEntRead, e.cEntDel])).toEqual([
    [2, 1, 0],
    [0, 0, 1],
  ]);
  const read = enter(LR_SYNC_UPLOAD_MESSAGE_READ) as UPREAD;
  expect(read.cEnt).toBe(2);
  // A size_is pointer is an array of cEnt elements; the generated interface types it as its typedef
  // (PUPREADE: one UPREADE or null), which generation is to correct.
  const elements = read.pupre as unknown as UPREADE[];
  expect(elements.length).toBe(2);
  const [first, second] = elements;
  expect(first.skey.guid).toBe('4fdeeff0-0319-11cf-b4cf-00aa0dbbb6e6');
  expect([first.skey.globcnt[5], second.skey.globcnt[5]]).toEqual([1, 2]);
  first.ulFlags |= UPR_OK;
  second.ulFlags = UPR_OK;
  for (const box of [read, table]) {
    if (box === table) table.ulFlags = UPT_OK;
    expect(ostx.SyncEnd()).toBe(S_OK);
  }
  expect(ostx.SyncEnd()).toBe(S_OK);
  expect(ostx.SyncEnd()).toBe(S_OK);
  expect(objects.takeLog().filter((l) => l.startsWith('  '))).toEqual([
    `  UPREAD.pupre[0].ulFlags=${hex(0x2 | UPR_OK)} pupre[1].ulFlags=${hex(UPR_OK)}`,
    `  UPTBL.ulFlags=${hex(UPT_OK)} iEnt=0`,
    '  SYNCCONT.ulFlags=0x00000000 iEnt=0',
    '  SYNC.ulFlags=0x00000000',
  ]);
  ostx.Release();
  pstx.Release();
});

test('a message header: SyncHdrBeg with an entry ID, HDRSYNC as a view, SyncHdrEnd calling a TypeScript IMAPIProgress', () => {
  const { pstx, ostx } = openStore();
  const entryId = { abFlags: new Uint8Array([0, 0, 0, 0]), ab: new Uint8Array([0xca, 0xfe, 0xba, 0xbe]) };
  const hdr = inOut<unknown>(null);
  expect(ostx.SyncHdrBeg(8, entryId, hdr)).toBe(S_OK);
  const h = hdr.value as HDRSYNC;
  expect(h.pupmsg!.ulFlags).toBe(0x10);
  expect([...h.feidPar.abFlags]).toEqual([7, 8, 9, 10]);
  // The full item the client downloaded: an object the structure holds a reference to, released by the store.
  // IMessage is only forward-declared (no IID), so a TypeScript object goes in as an interface pointer made by
  // hand; the field takes a reference of its own.
  const message = { QueryInterface: () => E_NOTIMPL };
  const messagePointer = mapiSyncNative.exportObject(message, 'IUnknown');
  (h as unknown as { pmsgFull: bigint }).pmsgFull = messagePointer;
  mapiSyncNative.releaseInterface(messagePointer);
  h.ulFlags |= HSF_OK;
  const progress = new IMAPIProgressFake();
  expect(ostx.SyncHdrEnd(progress)).toBe(S_OK);
  expect(() => h.ulFlags).toThrow('IOSTX::SyncHdrEnd ended it');
  expect(objects.takeLog()).toEqual([
    'IPSTX[4] GetSyncObject()',
    'IOSTX[7] SyncHdrBeg(cbeid=8, lpeid=00000000cafebabe)',
    `IOSTX[8] SyncHdrEnd(pprog=set) HDRSYNC.ulFlags=${hex(HSF_OK)} pmsgFull=set`,
    '  -> IMAPIProgress[7] SetLimits(1, 100, MAPI_TOP_LEVEL) = 0x00000000',
    '  -> IMAPIProgress[3] Progress(50, 1, 2) = 0x00000000',
    '  -> IMAPIProgress[4] GetFlags = 0x00000000, 1',
    '  -> IMAPIProgress[6] GetMin = 0x00000000, 1',
    '  -> IMAPIProgress[5] GetMax = 0x00000000, 100',
    '  -> IMAPIProgress[7] SetLimits(null, null, null) = 0x00000000',
  ]);
  // What the TypeScript IMAPIProgress was told, as its fake recorded it.
  expect(progress.calls.map((c) => [c.slot, c.method, c.args])).toEqual([
    [7, 'SetLimits', [1, 100, 1]],
    [3, 'Progress', [50, 1, 2]],
    [4, 'GetFlags', [expect.objectContaining({ value: 1 })]],
    [6, 'GetMin', [expect.objectContaining({ value: 1 })]],
    [5, 'GetMax', [expect.objectContaining({ value: 100 })]],
    [7, 'SetLimits', [null, null, null]],
  ]);
  ostx.Release();
  pstx.Release();
});

test('GetLastError hands out a MAPIERROR from MAPIAllocateBuffer, copied and freed with MAPIFreeBuffer', () => {
  const { pstx, ostx } = openStore();
  objects.takeLog();
  const before = objects.counts().mapi;
  for (const [who, w] of [['IOSTX', ostx], ['IPSTX', pstx]] as const) {
    const err = out<MAPIERROR | null>();
    expect(w.GetLastError(MAPI_E_NETWORK_ERROR, 0, err)).toBe(S_OK);
    expect(err.value).toEqual({ ulVersion: 0, lpszError: 'Synchronization failed (0x80040115)', lpszComponent: 'ostx.c', ulLowLevelError: 42, ulContext: 7 });
    expect(objects.takeLog()).toEqual([`${who}[3] GetLastError(hResult=0x80040115, ulFlags=0)`]);
  }
  const after = objects.counts().mapi;
  expect([after.allocated - before.allocated, after.freed - before.freed]).toEqual([6, 6]);
  ostx.Release();
  pstx.Release();
});

test('a state entered out of order is refused by the store, and reserved slots are never called', () => {
  const { pstx, ostx } = openStore();
  const box = inOut<unknown>(null);
  expect(ostx.SyncBeg(LR_SYNC_UPLOAD_FOLDER + 100, box)).toBe(E_UNEXPECTED);
  expect(box.value).toBeNull();
  // A refused SyncBeg opens no view, so the next SyncEnd ends none: the views of a real walk stay paired.
  const sync = inOut<unknown>(null);
  expect(ostx.SyncBeg(LR_SYNC, sync)).toBe(S_OK);
  // ppv comes in set (the pages declare it [in, out]); the store refuses and leaves it as it was.
  const reused = inOut<unknown>(sync.value);
  expect(ostx.SyncBeg(LR_SYNC_UPLOAD_TABLE, reused)).toBe(E_UNEXPECTED);
  expect(reused.value).toBe(sync.value);
  expect((sync.value as SYNC).ulFlags).toBe(0);
  expect(ostx.SyncEnd()).toBe(S_OK);
  expect(() => (sync.value as SYNC).ulFlags).toThrow('ended');
  expect(ostx.SyncEnd()).toBe(E_UNEXPECTED);
  expect((ostx as unknown as { Placeholder10(): number }).Placeholder10).toBeUndefined();
  expect(pstx.EmulateSpooler(1)).toBe(S_OK);
  expect(mapiSyncNative.unsupportedSlots().map((s) => `${s.interfaceName}[${s.slot}]`)).toEqual([
    'IOSTX[10]',
    'IPSTX[5]',
    'IPSTX[6]',
    'IPSTX[7]',
    'IPSTX[8]',
    'IPSTX[10]',
    'IPSTX[11]',
    'IPSTX[12]',
    'IPSTX[13]',
    'IPSTX[14]',
  ]);
  expect(objects.takeLog().filter((l) => !l.startsWith('  '))).toEqual([
    'IPSTX[4] GetSyncObject()',
    'IOSTX[5] SyncBeg(uiSync=103, *ppv=null)',
    'IOSTX[5] SyncBeg(uiSync=1, *ppv=null)',
    'IOSTX[5] SyncBeg(uiSync=5, *ppv=set)',
    'IOSTX[6] SyncEnd() state=1 result=0x00000001',
    'IOSTX[6] SyncEnd() with no state',
    'IPSTX[9] EmulateSpooler(fEmulate=1)',
  ]);
  ostx.Release();
  pstx.Release();
});
