/**
 * LocalStore: seeded from data or built step by step, refusing bad data with every problem at its path;
 * the identifiers it gives folders and items; and LocalStoreFake's structures for one folder, one item and
 * one header, with the choices it makes where the pages are silent (refusals that say so).
 */
import { MAPI_E_NOT_FOUND, S_OK, inOut, type HRESULT } from '@comidl/runtime';
import {
  LR_SYNC,
  LR_SYNC_CONTENTS,
  LR_SYNC_UPLOAD_FOLDER,
  LR_SYNC_UPLOAD_HIERARCHY,
  LR_SYNC_UPLOAD_MESSAGE,
  LR_SYNC_UPLOAD_MESSAGE_DEL,
  LR_SYNC_UPLOAD_MESSAGE_READ,
  LR_SYNC_UPLOAD_TABLE,
  UPD_ASSOC,
  UPD_OK,
  UPR_ASSOC,
  UPR_OK,
  UPR_READ,
  UPF_DEL,
  UPF_MOD_PROPS,
  UPF_NEW,
  UPF_OK,
  UPM_ASSOC,
  UPM_MOD_PROPS,
  UPM_NEW,
  UPS_ONE_FOLDER,
  UPS_UPLOAD_ONLY,
  type HDRSYNC,
  type LPVOID,
  type SYNC,
  type UPFLD,
  type UPHIER,
  type UPDELE,
  type UPMSG,
  type UPREADE,
  type UPTBL,
} from '@mapi-sync/interfaces';
import {
  LocalStore,
  LocalStoreFake,
  PST_PROVIDER_UID,
  StoreDataError,
  StoreObject,
  counterValue,
  feidOf,
  globalCounter,
  messageEntryId,
  messageIdOf,
  type StoreData,
} from '../src/index.js';

const seed: StoreData = {
  path: 'C:\\data\\alice.ost',
  replica: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  folders: [
    { id: 1, name: 'Inbox', changes: ['props'], items: [{ id: 11, subject: 'Hello', change: 'new' }, { id: 12, subject: 'Rules', associated: true, change: 'props' }] },
    { id: 2, name: 'Projects', parent: 1, changes: ['new'] },
    { id: 3, name: 'Old', changes: ['deleted'], deleted: [{ id: 31 }] },
  ],
};

function ok(hr: HRESULT): void {
  if (hr < 0) throw new Error(`failed: 0x${(hr >>> 0).toString(16)}`);
}

describe('LocalStore', () => {
  it('reads a seed and gives it back as data', () => {
    const store = LocalStore.from(seed);
    expect(store.path).toBe('C:\\data\\alice.ost');
    expect(store.folders.map((f) => f.name)).toEqual(['Inbox', 'Projects', 'Old']);
    expect(store.hierarchyChanges().map((f) => f.name)).toEqual(['Inbox', 'Old', 'Projects']); // parents first
    expect(store.contentChanges().map((f) => f.name)).toEqual(['Inbox', 'Old']);
    expect(LocalStore.from(store.toData()).toData()).toEqual(store.toData());
  });

  it('builds the same store step by step', () => {
    const built = new LocalStore({ path: seed.path, replica: seed.replica })
      .folder({ id: 1, name: 'Inbox', changes: ['props'] })
      .item(1, { id: 11, subject: 'Hello', change: 'new' })
      .item(1, { id: 12, subject: 'Rules', associated: true, change: 'props' })
      .folder({ id: 2, name: 'Projects', parent: 1, changes: ['new'] })
      .folder({ id: 3, name: 'Old', changes: ['deleted'] })
      .deletion(3, { id: 31 });
    expect(built.toData()).toEqual(LocalStore.from(seed).toData());
  });

  it('refuses bad data, naming every problem with its path', () => {
    expect(() =>
      LocalStore.from({
        folders: [
          { id: 1, name: 'Inbox', changes: ['renamed' as never], items: [{ id: 1 }, { id: 5, change: 'edited' as never }] },
          { id: 1, name: '' },
          { id: 4, name: 'Orphan', parent: 9 },
        ],
      }),
    ).toThrow(
      new StoreDataError([
        'folders[0].changes[0]: "renamed" is not one of new, moved, props, deleted',
        'folders[0].items[0].id: 1 is already the id of a folder or an item',
        'folders[0].items[1].change: "edited" is not one of new, props, modified',
        'folders[1].name: a folder needs a name',
        'folders[2].parent: no folder has the id 9',
      ]),
    );
    expect(() => new LocalStore().item(7, { id: 70 })).toThrow('no folder has the id 7');
    expect(() => new LocalStore({ replica: 'nope' })).toThrow('replica: "nope" is not a GUID');
  });
});

describe('identifiers', () => {
  it('gives LTIDs a 6-byte counter, FEIDs the PST provider UID, and message entry IDs that name their item', () => {
    expect(globalCounter(0x010203)).toEqual(new Uint8Array([0, 0, 0, 1, 2, 3]));
    expect(counterValue(globalCounter(123456789))).toBe(123456789);
    expect(() => globalCounter(0)).toThrow(RangeError);
    const feid = feidOf(seed.replica!, 2);
    expect(feid.muid.ab).toEqual(new Uint8Array(PST_PROVIDER_UID));
    expect(feid.ltid).toEqual({ guid: seed.replica, globcnt: globalCounter(2), wLevel: 0 });
    const eid = messageEntryId(seed.replica!, 1, 11);
    expect(eid.ab).toHaveLength(66);
    expect(messageIdOf(eid)).toBe(11);
    expect(messageIdOf({ abFlags: new Uint8Array(4), ab: new Uint8Array(3) })).toBe(0);
  });
});

describe('LocalStoreFake', () => {
  it('hands out the hierarchy changes, parents first, with the folder object unless the folder was deleted', () => {
    const fake = new LocalStoreFake(LocalStore.from(seed));
    const box = inOut<LPVOID>(null);
    ok(fake.InitSync(0));
    ok(fake.SyncBeg(LR_SYNC, box));
    expect((box.value as SYNC).pwzPath).toBe('C:\\data\\alice.ost');
    (box.value as SYNC).ulFlags = UPS_UPLOAD_ONLY;
    ok(fake.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, box));
    const uphier = box.value as UPHIER;
    expect([uphier.iEnt, uphier.cEnt]).toEqual([0, 3]);
    const seen: Array<[number, string | null, number]> = [];
    while (uphier.iEnt < uphier.cEnt) {
      ok(fake.SyncBeg(LR_SYNC_UPLOAD_FOLDER, box));
      const upfld = box.value as UPFLD;
      seen.push([upfld.ulFlags, upfld.pfld === null ? null : (upfld.pfld as unknown as StoreObject).name, counterValue(upfld.feid.ltid.globcnt)]);
      upfld.ulFlags |= UPF_OK;
      ok(fake.SetSyncResult(S_OK));
      ok(fake.SyncEnd());
    }
    expect(seen).toEqual([
      [UPF_MOD_PROPS, 'Inbox', 1],
      [UPF_DEL, null, 3],
      [UPF_NEW, 'Projects', 2],
    ]);
    expect(fake.store.hierarchyChanges()).toEqual([]);
    expect(fake.store.folderById(3)).toBeUndefined(); // the deletion was uploaded
  });

  it('refuses an upload folder state past cEnt, saying it is the fake’s choice', () => {
    const fake = new LocalStoreFake(new LocalStore().folder({ id: 1, name: 'Inbox' }));
    const box = inOut<LPVOID>(null);
    fake.InitSync(0);
    fake.SyncBeg(LR_SYNC, box);
    (box.value as SYNC).ulFlags = UPS_UPLOAD_ONLY;
    fake.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, box);
    expect(fake.SyncBeg(LR_SYNC_UPLOAD_FOLDER, box)).toBe(MAPI_E_NOT_FOUND);
    expect(fake.violations.map((v) => v.message)).toEqual([
      "IOSTX::SyncBeg(LR_SYNC_UPLOAD_FOLDER): no folder is left to upload: UPHIER.iEnt is 0 of cEnt 0 (the fake's choice: the pages do not say) (rule: refused-by-fake)",
    ]);
  });

  it('uploads one folder from the synchronize state: SYNC.Reserved1 names it', () => {
    const store = LocalStore.from(seed);
    const fake = new LocalStoreFake(store);
    const box = inOut<LPVOID>(null);
    ok(fake.InitSync(0));
    ok(fake.SyncBeg(LR_SYNC, box));
    const sync = box.value as SYNC;
    sync.ulFlags = UPS_UPLOAD_ONLY | UPS_ONE_FOLDER;
    sync.Reserved1 = feidOf(store.replica, 2);
    ok(fake.SyncBeg(LR_SYNC_UPLOAD_FOLDER, box));
    expect((box.value as UPFLD).ulFlags).toBe(UPF_NEW);
    expect(((box.value as UPFLD).pfld as unknown as StoreObject).name).toBe('Projects');
  });

  it('hands out a folder’s table, then its items (normal before associated) with their entry IDs', () => {
    const store = LocalStore.from(seed);
    const fake = new LocalStoreFake(store);
    const box = inOut<LPVOID>(null);
    ok(fake.InitSync(0));
    ok(fake.SyncBeg(LR_SYNC, box));
    (box.value as SYNC).ulFlags = UPS_UPLOAD_ONLY;
    ok(fake.SyncBeg(LR_SYNC_CONTENTS, box));
    ok(fake.SyncBeg(LR_SYNC_UPLOAD_TABLE, box));
    const uptbl = box.value as UPTBL;
    expect(uptbl.pszName).toBe('Inbox');
    expect(uptbl.rgte.map((e) => [e.cEntMod, e.cEntRead, e.cEntDel])).toEqual([
      [1, 0, 0],
      [1, 0, 0],
    ]);
    expect([uptbl.iEnt, uptbl.cEnt]).toEqual([0, 2]);
    const flags: number[] = [];
    for (let i = 0; i < 2; i++) {
      ok(fake.SyncBeg(LR_SYNC_UPLOAD_MESSAGE, box));
      const upmsg = box.value as UPMSG;
      flags.push(upmsg.ulFlags);
      expect(counterValue(upmsg.meid.ltidMsg.globcnt)).toBe(i === 0 ? 11 : 12);
      ok(fake.SetSyncResult(MAPI_E_NOT_FOUND)); // not uploaded: the item keeps its change
      ok(fake.SyncEnd());
    }
    expect(flags).toEqual([UPM_NEW, UPM_MOD_PROPS | UPM_ASSOC]);
    expect([uptbl.iEnt, uptbl.rgte[0]!.iEntMod, uptbl.rgte[1]!.iEntMod]).toEqual([2, 1, 1]);
    expect(store.findItem(11)!.item.change).toBe('new');
  });

  it('writes back read states and deletions entry by entry, even when the table as a whole fails', () => {
    const store = new LocalStore()
      .folder({ id: 1, name: 'Inbox', items: [{ id: 11, readChanged: true, read: true }, { id: 12, readChanged: true, associated: true }] })
      .deletion(1, { id: 13 })
      .deletion(1, { id: 14, associated: true });
    const fake = new LocalStoreFake(store);
    const box = inOut<LPVOID>(null);
    ok(fake.InitSync(0));
    ok(fake.SyncBeg(LR_SYNC, box));
    (box.value as SYNC).ulFlags = UPS_UPLOAD_ONLY;
    ok(fake.SyncBeg(LR_SYNC_CONTENTS, box));
    ok(fake.SyncBeg(LR_SYNC_UPLOAD_TABLE, box));
    const uptbl = box.value as UPTBL;
    ok(fake.SyncBeg(LR_SYNC_UPLOAD_MESSAGE_READ, box));
    const reads = (box.value as { pupre: UPREADE[] }).pupre;
    expect(reads.map((e) => [e.ulFlags, counterValue(e.skey.globcnt)])).toEqual([
      [UPR_READ, 11],
      [UPR_READ | UPR_ASSOC, 12],
    ]);
    reads[0]!.ulFlags |= UPR_OK; // only the first one reached the server
    ok(fake.SetSyncResult(MAPI_E_NOT_FOUND));
    ok(fake.SyncEnd());
    ok(fake.SyncBeg(LR_SYNC_UPLOAD_MESSAGE_DEL, box));
    const deletions = (box.value as { pupde: UPDELE[] }).pupde;
    expect(deletions.map((e) => [e.ulFlags, counterValue(e.skey.globcnt)])).toEqual([
      [0, 13],
      [UPD_ASSOC, 14],
    ]);
    deletions[1]!.ulFlags |= UPD_OK;
    ok(fake.SetSyncResult(MAPI_E_NOT_FOUND));
    ok(fake.SyncEnd());
    expect([uptbl.iEnt, uptbl.cEnt]).toEqual([4, 4]);
    ok(fake.SetSyncResult(MAPI_E_NOT_FOUND)); // the table failed: no UPT_OK
    ok(fake.SyncEnd());
    expect(store.folderById(1)!.items.map((m) => [m.id, m.readChanged])).toEqual([
      [11, false],
      [12, true],
    ]);
    expect(store.folderById(1)!.deleted.map((d) => d.id)).toEqual([13]);
  });

  it('names a header item by its entry ID in SyncHdrBeg; an unknown one is refused as the fake’s choice', () => {
    const store = new LocalStore().folder({ id: 1, name: 'Inbox', items: [{ id: 5, subject: 'Later', header: true }] });
    const fake = new LocalStoreFake(store);
    const box = inOut<LPVOID>(null);
    ok(fake.InitSync(0));
    const eid = messageEntryId(store.replica, 1, 5);
    ok(fake.SyncHdrBeg(eid.ab.length + 4, eid, box));
    const hdr = box.value as HDRSYNC;
    expect(counterValue(hdr.feidPar.ltid.globcnt)).toBe(1);
    expect((hdr.pupmsg!.pmsg as unknown as StoreObject).name).toBe('Later');
    ok(fake.SyncHdrEnd(null));
    expect(fake.SyncHdrBeg(70, messageEntryId(store.replica, 1, 6), box)).toBe(MAPI_E_NOT_FOUND);
    expect(fake.violations[0]!.message).toMatch(/the entry ID names no item of the store \(the fake's choice: the pages do not say\) \(rule: refused-by-fake\)$/);
  });
});
