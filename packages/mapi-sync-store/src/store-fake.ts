/**
 * LocalStoreFake: the generated IOSTXFake (which enforces the state machine's rules) playing Outlook's part
 * over a LocalStore. Entering a state fills its structure's [out] members from the store, as each state's
 * page says Outlook does; leaving it writes back what the success flags say the client replicated. Where
 * the pages leave a choice open, the choice is this fake's, and a refusal it makes says so
 * (ProtocolRefusal: rule refused-by-fake).
 */
import { E_NOINTERFACE, MAPI_E_NOT_FOUND, S_OK, SUCCEEDED, zeroStruct, type GUID } from '@comidl/runtime';
import { ProtocolRefusal, type ProtocolFrame } from '@comidl/runtime/mocks';
import {
  HSF_OK,
  IID_IUnknown,
  UPD_ASSOC,
  UPD_OK,
  UPF_DEL,
  UPF_MOD_PARENT,
  UPF_MOD_PROPS,
  UPF_NEW,
  UPF_OK,
  UPM_ASSOC,
  UPM_DELETE,
  UPM_HEADER,
  UPM_MOD_PROPS,
  UPM_NEW,
  UPM_OK,
  UPR_ASSOC,
  UPR_OK,
  UPR_READ,
  UPS_DNLOAD_ONLY,
  UPS_ONE_FOLDER,
  UPT_OK,
  DNT_OK,
  structs,
  type ENTRYID,
  type SYNC,
  type SYNCCONT,
  type UPDELE,
  type UPHIER,
  type UPMSG,
  type UPREADE,
  type UPTBL,
} from '@mapi-sync/interfaces';
import { IOSTXFake } from '@mapi-sync/mocks';
import { counterValue, feidOf, meidOf, messageIdOf, skeyOf } from './identifiers.js';
import type { DeletionData, Folder, FolderChange, Item, LocalStore } from './store.js';

/** A folder, item or importer the store hands out in a structure (an IUnknown; in process, its data is readable). */
export class StoreObject {
  #refs = 1;
  constructor(
    readonly kind: 'folder' | 'item' | 'hierarchy importer' | 'contents importer',
    readonly id: number,
    readonly name: string,
  ) {}
  QueryInterface(riid: GUID, ppvObject: { value: unknown }): number {
    const ok = riid.toLowerCase() === IID_IUnknown;
    ppvObject.value = ok ? this : null;
    if (ok) this.#refs++;
    return ok ? S_OK : E_NOINTERFACE;
  }
  AddRef(): number {
    return ++this.#refs;
  }
  Release(): number {
    return (this.#refs = Math.max(0, this.#refs - 1));
  }
}

const folderFlags: Record<FolderChange, number> = { new: UPF_NEW, moved: UPF_MOD_PARENT, props: UPF_MOD_PROPS, deleted: UPF_DEL };

/** What each entered state is about, by its structure. */
interface Context {
  folders?: Folder[];
  folder?: Folder;
  item?: Item;
  queue?: Item[];
  reads?: Item[];
  deletions?: DeletionData[];
}

export class LocalStoreFake extends IOSTXFake {
  readonly #context = new WeakMap<object, Context>();

  constructor(readonly store: LocalStore) {
    super();
    this.onEnter('LR_SYNC', (sync) => {
      sync.pwzPath = store.path;
    });
    this.#uploadHierarchy();
    this.#contents();
    this.#uploadTable();
    this.#download();
    this.#header();
  }

  /** The structure of the innermost entered state (the parent, while a state is being entered). */
  #parent(): ProtocolFrame | undefined {
    return this.stack.at(-1);
  }

  #pass(): 'upload' | 'download' {
    const sync = this.stack[0]?.structure as SYNC | undefined;
    return sync !== undefined && (sync.ulFlags & UPS_DNLOAD_ONLY) !== 0 ? 'download' : 'upload';
  }

  #ctx(frame: ProtocolFrame | undefined): Context {
    return (frame && this.#context.get(frame.structure as object)) ?? {};
  }

  /** Upload hierarchy and upload folder states (the worked example on the state machine overview page). */
  #uploadHierarchy(): void {
    const { store } = this;
    this.onEnter('LR_SYNC_UPLOAD_HIERARCHY', (uphier) => {
      const folders = store.hierarchyChanges();
      uphier.iEnt = 0;
      uphier.cEnt = folders.length;
      this.#context.set(uphier, { folders });
    });
    this.onEnter('LR_SYNC_UPLOAD_FOLDER', (upfld) => {
      const parent = this.#parent()!;
      let folder: Folder | undefined;
      if (parent.state === 'LR_SYNC') {
        // One folder straight from the synchronize state: the note says SYNC's "feid" names it; SYNC has no
        // such member, and the fake reads Reserved1, its only FEID.
        const sync = parent.structure as SYNC;
        folder = store.folderById(counterValue(sync.Reserved1.ltid.globcnt));
        if (folder === undefined || (sync.ulFlags & UPS_ONE_FOLDER) === 0) {
          throw new ProtocolRefusal('SYNC.Reserved1 (the FEID the upload folder note calls feid) names no folder of the store', MAPI_E_NOT_FOUND);
        }
      } else {
        const uphier = parent.structure as UPHIER;
        folder = this.#ctx(parent).folders?.[uphier.iEnt];
        if (folder === undefined) {
          throw new ProtocolRefusal(`no folder is left to upload: UPHIER.iEnt is ${uphier.iEnt} of cEnt ${uphier.cEnt}`, MAPI_E_NOT_FOUND);
        }
      }
      upfld.ulFlags = folder.changes.reduce((flags, c) => flags | folderFlags[c], 0);
      // "Outlook provides the folder object (if it has not been deleted)" (upload folder state page).
      upfld.pfld = folder.changes.includes('deleted') ? null : (new StoreObject('folder', folder.id, folder.name) as never);
      upfld.feid = feidOf(store.replica, folder.id);
      this.#context.set(upfld, { folder });
    });
    this.onLeave('LR_SYNC_UPLOAD_FOLDER', (frame) => {
      const upfld = frame.structure;
      const { folder } = this.#ctx(frame);
      // Step 7: with UPF_OK, Outlook clears the request to upload the folder; then, either way, the next one.
      if (folder !== undefined && (upfld.ulFlags & UPF_OK) !== 0) {
        if (folder.changes.includes('deleted')) store.removeFolder(folder.id);
        folder.changes = [];
      }
      const parent = this.stack.at(-2);
      if (parent?.state === 'LR_SYNC_UPLOAD_HIERARCHY') (parent.structure as UPHIER).iEnt += 1;
    });
  }

  /** Synchronize contents state: the folders with something to upload, or to download, in this pass. */
  #contents(): void {
    const { store } = this;
    this.onEnter('LR_SYNC_CONTENTS', (synccont) => {
      const folders = this.#pass() === 'download' ? store.serverChanges() : store.contentChanges();
      synccont.iEnt = 0;
      synccont.cEnt = folders.length;
      this.#context.set(synccont, { folders });
    });
  }

  /** The folder the synchronize contents state is at, for an upload or download table state. */
  #tableFolder(what: 'upload' | 'download'): Folder {
    const parent = this.#parent()!;
    const synccont = parent.structure as SYNCCONT;
    if (this.#pass() !== what) {
      throw new ProtocolRefusal(`this pass ${what === 'upload' ? 'downloads (SYNC.ulFlags carries UPS_DNLOAD_ONLY)' : 'uploads'}, so the fake has no folder to ${what}`, MAPI_E_NOT_FOUND);
    }
    const folder = this.#ctx(parent).folders?.[synccont.iEnt];
    if (folder === undefined) {
      throw new ProtocolRefusal(`no folder is left to ${what}: SYNCCONT.iEnt is ${synccont.iEnt} of cEnt ${synccont.cEnt}`, MAPI_E_NOT_FOUND);
    }
    return folder;
  }

  #advanceContents(): void {
    const parent = this.stack.at(-2);
    if (parent?.state === 'LR_SYNC_CONTENTS') (parent.structure as SYNCCONT).iEnt += 1;
  }

  /** Upload table state and its three children: upload message, read status and delete status. */
  #uploadTable(): void {
    const { store } = this;
    const replica = store.replica;
    this.onEnter('LR_SYNC_UPLOAD_TABLE', (uptbl) => {
      const folder = this.#tableFolder('upload');
      const queue = folder.items.filter((m) => m.change !== undefined).sort((a, b) => Number(a.associated) - Number(b.associated));
      const reads = folder.items.filter((m) => m.readChanged);
      uptbl.pszName = folder.name;
      uptbl.feid = feidOf(replica, folder.id);
      for (const [k, associated] of [false, true].entries()) {
        const e = uptbl.rgte[k]!;
        e.cEntMod = queue.filter((m) => m.associated === associated).length;
        e.cEntRead = reads.filter((m) => m.associated === associated).length;
        e.cEntDel = folder.deleted.filter((d) => (d.associated ?? false) === associated).length;
      }
      uptbl.iEnt = 0;
      uptbl.cEnt = queue.length + reads.length + folder.deleted.length;
      this.#context.set(uptbl, { folder, queue: [...queue] });
    });
    this.onLeave('LR_SYNC_UPLOAD_TABLE', (frame) => {
      const { folder } = this.#ctx(frame);
      // "Outlook marks the folder as having its contents synchronized" (upload table state page).
      if (folder !== undefined && (frame.structure.ulFlags & UPT_OK) !== 0) {
        for (const m of folder.items) {
          m.change = undefined;
          m.readChanged = false;
        }
        folder.deleted = [];
      }
      this.#advanceContents();
    });

    this.onEnter('LR_SYNC_UPLOAD_MESSAGE', (upmsg) => {
      const parent = this.#parent()!;
      const { folder, queue } = this.#ctx(parent);
      const item = queue?.shift();
      if (folder === undefined || item === undefined) {
        throw new ProtocolRefusal('no item of this folder is left to upload', MAPI_E_NOT_FOUND);
      }
      const change = item.change === 'new' ? UPM_NEW : item.change === 'props' ? UPM_MOD_PROPS : 0;
      upmsg.ulFlags = change | (item.associated ? UPM_ASSOC : 0) | (item.header ? UPM_HEADER : 0);
      upmsg.pmsg = new StoreObject('item', item.id, item.subject) as never;
      upmsg.meid = meidOf(replica, folder.id, item.id);
      this.#context.set(upmsg, { folder, item });
    });
    this.onLeave('LR_SYNC_UPLOAD_MESSAGE', (frame) => {
      const upmsg = frame.structure;
      const { folder, item } = this.#ctx(frame);
      if (folder !== undefined && item !== undefined) {
        if ((upmsg.ulFlags & UPM_OK) !== 0) item.change = undefined;
        if ((upmsg.ulFlags & UPM_DELETE) !== 0) folder.items = folder.items.filter((m) => m !== item);
        this.#advanceTable(item.associated, 'iEntMod', 1);
      }
    });

    this.onEnter('LR_SYNC_UPLOAD_MESSAGE_READ', (upread) => {
      const { folder } = this.#ctx(this.#parent());
      const reads = folder?.items.filter((m) => m.readChanged) ?? [];
      const entries: UPREADE[] = reads.map((m) => ({ ulFlags: UPR_READ | (m.associated ? UPR_ASSOC : 0), skey: skeyOf(replica, m.id) }));
      (upread as { pupre: unknown }).pupre = entries;
      upread.cEnt = entries.length;
      this.#context.set(upread, { reads });
    });
    this.onLeave('LR_SYNC_UPLOAD_MESSAGE_READ', (frame) => {
      const upread = frame.structure as { pupre: UPREADE[] | null };
      const { reads = [] } = this.#ctx(frame);
      (upread.pupre ?? []).forEach((entry, k) => {
        const item = reads[k];
        if (item === undefined) return;
        if ((entry.ulFlags & UPR_OK) !== 0) item.readChanged = false;
        this.#advanceTable(item.associated, 'iEntRead', 1);
      });
    });

    this.onEnter('LR_SYNC_UPLOAD_MESSAGE_DEL', (updel) => {
      const { folder } = this.#ctx(this.#parent());
      const deletions = [...(folder?.deleted ?? [])];
      const entries: UPDELE[] = deletions.map((d) => ({
        ...zeroStruct<UPDELE>(structs, 'UPDELE'),
        ulFlags: d.associated ? UPD_ASSOC : 0,
        skey: skeyOf(replica, d.id),
      }));
      (updel as { pupde: unknown }).pupde = entries;
      updel.cEnt = entries.length;
      this.#context.set(updel, { folder, deletions });
    });
    this.onLeave('LR_SYNC_UPLOAD_MESSAGE_DEL', (frame) => {
      const updel = frame.structure as { pupde: UPDELE[] | null };
      const { folder, deletions = [] } = this.#ctx(frame);
      (updel.pupde ?? []).forEach((entry, k) => {
        const deletion = deletions[k];
        if (deletion === undefined || folder === undefined) return;
        // With UPD_OK Outlook "will no longer have a record of the item" (upload delete status state page).
        if ((entry.ulFlags & UPD_OK) !== 0) folder.deleted = folder.deleted.filter((d) => d !== deletion);
        this.#advanceTable(deletion.associated ?? false, 'iEntDel', 1);
      });
    });
  }

  /** Outlook's count of what the upload table state has uploaded: UPTBL.iEnt and the entry's index. */
  #advanceTable(associated: boolean, index: 'iEntMod' | 'iEntRead' | 'iEntDel', by: number): void {
    const table = this.stack.find((f) => f.state === 'LR_SYNC_UPLOAD_TABLE')?.structure as UPTBL | undefined;
    if (table === undefined) return;
    table.iEnt += by;
    table.rgte[associated ? 1 : 0]![index] += by;
  }

  /** Download hierarchy and download table states. */
  #download(): void {
    const { store } = this;
    this.onEnter('LR_SYNC_DOWNLOAD_HIERARCHY', (dnhier) => {
      // The importer the client feeds the hierarchy into (ICS); the IDL declares none of its methods.
      dnhier.pxihc = new StoreObject('hierarchy importer', 0, store.path) as never;
    });
    this.onEnter('LR_SYNC_DOWNLOAD_TABLE', (dntbl) => {
      const folder = this.#tableFolder('download');
      dntbl.pszName = folder.name;
      dntbl.feid = feidOf(store.replica, folder.id);
      dntbl.ulRights = folder.rights;
      dntbl.pxicc = new StoreObject('contents importer', folder.id, folder.name) as never;
      for (const [k, changes] of [folder.server.normal, folder.server.associated].entries()) {
        Object.assign(dntbl.rgte[k]!, { cEntNew: changes.new, cEntMod: changes.modified, cEntRead: changes.read, cEntDel: changes.deleted });
      }
      this.#context.set(dntbl, { folder });
    });
    this.onLeave('LR_SYNC_DOWNLOAD_TABLE', (frame) => {
      const { folder } = this.#ctx(frame);
      if (folder !== undefined && (frame.structure.ulFlags & DNT_OK) !== 0) {
        const none = { new: 0, modified: 0, read: 0, deleted: 0 };
        folder.server = { normal: { ...none }, associated: { ...none } };
      }
      this.#advanceContents();
    });
  }

  /** Download message header state: SyncHdrBeg names the item by entry ID. */
  #header(): void {
    const { store } = this;
    this.onEnter('LR_SYNC_DOWNLOAD_HEADER', (hdr, _frame, [, lpeid]) => {
      const found = store.findItem(messageIdOf(lpeid as ENTRYID | null));
      if (found === undefined) {
        throw new ProtocolRefusal('the entry ID names no item of the store', MAPI_E_NOT_FOUND);
      }
      const { folder, item } = found;
      hdr.pupmsg = {
        ...zeroStruct<UPMSG>(structs, 'UPMSG'),
        ulFlags: (item.header ? UPM_HEADER : 0) | (item.associated ? UPM_ASSOC : 0),
        pmsg: new StoreObject('item', item.id, item.subject) as never,
        meid: meidOf(store.replica, folder.id, item.id),
      };
      hdr.feidPar = feidOf(store.replica, folder.id);
      this.#context.set(hdr, { folder, item });
    });
    this.onLeave('LR_SYNC_DOWNLOAD_HEADER', (frame) => {
      const hdr = frame.structure;
      const { item } = this.#ctx(frame);
      // "Outlook checks the result in HDRSYNC and uses the information to update the local message header."
      if (item !== undefined && (hdr.ulFlags & HSF_OK) !== 0 && (!frame.hasResult || SUCCEEDED(frame.result!))) {
        item.header = false;
        item.full = hdr.pmsgFull;
      }
    });
  }
}
