/**
 * A local store as data: the folder hierarchy with what changed locally since the last upload (new, moved,
 * changed or deleted folders; new or changed items, changed read states, deleted items) and what the server
 * has for it to download (a folder's new, changed, read and deleted items; items held only as headers).
 * Seeded from plain data (a JSON file reads into it) or built step by step; LocalStoreFake serves it through
 * IOSTX and writes back what each state's success flags say the client replicated.
 */
import type { GUID } from '@mapi-sync/interfaces';

/** A hierarchy change waiting for upload, as UPFLD.ulFlags names it: UPF_NEW, UPF_MOD_PARENT, UPF_MOD_PROPS, UPF_DEL. */
export type FolderChange = 'new' | 'moved' | 'props' | 'deleted';

/** An item change waiting for upload, as UPMSG.ulFlags names it: UPM_NEW, UPM_MOD_PROPS, or a change to the item itself. */
export type ItemChange = 'new' | 'props' | 'modified';

export interface ItemData {
  /** The item's counter (unique in the store). */
  readonly id: number;
  readonly subject?: string;
  /** An associated (hidden) item: UPM_ASSOC, UPR_ASSOC, UPD_ASSOC, and the second entry of rgte. */
  readonly associated?: boolean;
  /** What changed locally, to be uploaded in the upload message state. */
  readonly change?: ItemChange;
  /** Whether the item is read. */
  readonly read?: boolean;
  /** The read state changed locally, to be uploaded in the upload read status state. */
  readonly readChanged?: boolean;
  /** Only the item's header is in the local store: SyncHdrBeg downloads the full item. */
  readonly header?: boolean;
}

export interface DeletionData {
  /** The deleted item's counter. */
  readonly id: number;
  readonly associated?: boolean;
}

/** What the server has for a folder, by kind of item change: the counts DNTBL.rgte gives. */
export interface ServerChanges {
  readonly new?: number;
  readonly modified?: number;
  readonly read?: number;
  readonly deleted?: number;
}

export interface FolderData {
  /** The folder's counter (unique in the store). */
  readonly id: number;
  readonly name: string;
  /** The parent folder's id; none for a top-level folder. */
  readonly parent?: number;
  readonly changes?: readonly FolderChange[];
  readonly items?: readonly ItemData[];
  /** Items deleted (or moved out) locally since the last upload. */
  readonly deleted?: readonly DeletionData[];
  /** Changes the server has for the folder: normal items, and associated ones. */
  readonly server?: ServerChanges & { readonly associated?: ServerChanges };
  /** The folder's PR_RIGHTS (DNTBL.ulRights). */
  readonly rights?: number;
}

export interface StoreData {
  /** Where the local store lives (SYNC.pwzPath). */
  readonly path?: string;
  /** The GUID of the replica that created the store's objects (every LTID and SKEY). */
  readonly replica?: GUID;
  readonly folders: readonly FolderData[];
}

/** A folder as the store keeps it: mutable, as replication changes it. */
export interface Folder {
  id: number;
  name: string;
  parent: number | undefined;
  changes: FolderChange[];
  items: Item[];
  deleted: DeletionData[];
  server: { normal: Required<ServerChanges>; associated: Required<ServerChanges> };
  rights: number;
}

export interface Item {
  id: number;
  subject: string;
  associated: boolean;
  change: ItemChange | undefined;
  read: boolean;
  readChanged: boolean;
  header: boolean;
  /** The full item a client downloaded for a header (HDRSYNC.pmsgFull). */
  full: unknown;
}

export class StoreDataError extends TypeError {
  constructor(readonly problems: readonly string[]) {
    super(`invalid store data:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'StoreDataError';
  }
}

const FOLDER_CHANGES: readonly FolderChange[] = ['new', 'moved', 'props', 'deleted'];
const ITEM_CHANGES: readonly ItemChange[] = ['new', 'props', 'modified'];
const DEFAULT_REPLICA: GUID = '5a1e0c5b-3f4e-4d2a-9b61-0c7d9e8f1a2b';

const counts = (c: ServerChanges | undefined): Required<ServerChanges> => ({ new: c?.new ?? 0, modified: c?.modified ?? 0, read: c?.read ?? 0, deleted: c?.deleted ?? 0 });

export class LocalStore {
  readonly path: string;
  readonly replica: GUID;
  readonly #folders = new Map<number, Folder>();

  constructor(options: { path?: string; replica?: GUID } = {}) {
    this.path = options.path ?? 'C:\\Users\\user\\AppData\\Local\\Microsoft\\Outlook\\store.ost';
    this.replica = (options.replica ?? DEFAULT_REPLICA).toLowerCase();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(this.replica)) {
      throw new StoreDataError([`replica: ${JSON.stringify(options.replica)} is not a GUID`]);
    }
  }

  /** A store from data (what a JSON seed file holds); a StoreDataError lists every problem with its path. */
  static from(data: StoreData): LocalStore {
    const store = new LocalStore({ path: data.path, replica: data.replica });
    const problems: string[] = [];
    const folders: readonly unknown[] = Array.isArray(data?.folders) ? data.folders : [];
    if (!Array.isArray(data?.folders)) problems.push('folders: a list of folders');
    folders.forEach((folder, i) => problems.push(...store.#add(folder as FolderData, `folders[${i}]`)));
    for (const [i, folder] of folders.entries()) {
      const parent = (folder as FolderData)?.parent;
      if (parent !== undefined && !store.#folders.has(parent)) problems.push(`folders[${i}].parent: no folder has the id ${parent}`);
    }
    if (problems.length > 0) throw new StoreDataError(problems);
    return store;
  }

  /** Adds a folder (builder form); throws a StoreDataError when it is not valid. */
  folder(data: FolderData): this {
    const problems = this.#add(data, `folder ${JSON.stringify(data?.name)}`);
    if (data?.parent !== undefined && !this.#folders.has(data.parent)) problems.push(`parent: no folder has the id ${data.parent}`);
    if (problems.length > 0) throw new StoreDataError(problems);
    return this;
  }

  /** Adds an item to a folder (builder form). */
  item(folderId: number, data: ItemData): this {
    const folder = this.#folders.get(folderId);
    if (folder === undefined) throw new StoreDataError([`no folder has the id ${folderId}`]);
    const problems: string[] = [];
    const item = this.#item(data, `item ${JSON.stringify(data?.id)}`, problems);
    if (problems.length > 0 || item === undefined) throw new StoreDataError(problems);
    folder.items.push(item);
    return this;
  }

  /** Records a local deletion in a folder (builder form). */
  deletion(folderId: number, data: DeletionData): this {
    const folder = this.#folders.get(folderId);
    if (folder === undefined) throw new StoreDataError([`no folder has the id ${folderId}`]);
    if (!Number.isInteger(data?.id) || data.id < 1) throw new StoreDataError([`deletion: id ${JSON.stringify(data?.id)} is not a positive integer`]);
    folder.deleted.push({ id: data.id, associated: data.associated ?? false });
    return this;
  }

  /** The folders, in the order they were added. */
  get folders(): readonly Folder[] {
    return [...this.#folders.values()];
  }

  folderById(id: number): Folder | undefined {
    return this.#folders.get(id);
  }

  /** The folder holding an item, and the item. */
  findItem(id: number): { folder: Folder; item: Item } | undefined {
    for (const folder of this.#folders.values()) {
      const item = folder.items.find((m) => m.id === id);
      if (item !== undefined) return { folder, item };
    }
    return undefined;
  }

  /** Removes a folder (its deletion was uploaded). */
  removeFolder(id: number): void {
    this.#folders.delete(id);
  }

  /** The folders with hierarchy changes to upload, parents before children. */
  hierarchyChanges(): Folder[] {
    const depth = (f: Folder): number => (f.parent === undefined ? 0 : 1 + depth(this.#folders.get(f.parent)!));
    return this.folders.filter((f) => f.changes.length > 0).sort((a, b) => depth(a) - depth(b));
  }

  /** The folders with item changes, read state changes or deletions to upload. */
  contentChanges(): Folder[] {
    return this.folders.filter((f) => f.items.some((m) => m.change !== undefined || m.readChanged) || f.deleted.length > 0);
  }

  /** The folders the server has changes for. */
  serverChanges(): Folder[] {
    const any = (c: Required<ServerChanges>): boolean => c.new + c.modified + c.read + c.deleted > 0;
    return this.folders.filter((f) => any(f.server.normal) || any(f.server.associated));
  }

  /** The store as data again, with what replication changed (a seed file's shape). */
  toData(): StoreData {
    return {
      path: this.path,
      replica: this.replica,
      folders: this.folders.map((f) => ({
        id: f.id,
        name: f.name,
        ...(f.parent !== undefined ? { parent: f.parent } : {}),
        ...(f.changes.length ? { changes: [...f.changes] } : {}),
        items: f.items.map((m) => ({
          id: m.id,
          subject: m.subject,
          ...(m.associated ? { associated: true } : {}),
          ...(m.change !== undefined ? { change: m.change } : {}),
          read: m.read,
          ...(m.readChanged ? { readChanged: true } : {}),
          ...(m.header ? { header: true } : {}),
        })),
        ...(f.deleted.length ? { deleted: f.deleted.map((d) => ({ ...d })) } : {}),
        server: { ...f.server.normal, associated: { ...f.server.associated } },
        rights: f.rights,
      })),
    };
  }

  #ids(): Set<number> {
    const ids = new Set<number>();
    for (const f of this.#folders.values()) {
      ids.add(f.id);
      for (const m of f.items) ids.add(m.id);
    }
    return ids;
  }

  #add(data: FolderData, at: string): string[] {
    const problems: string[] = [];
    if (typeof data !== 'object' || data === null) return [`${at}: a folder is an object { id, name, ... }`];
    const ids = this.#ids();
    if (!Number.isInteger(data.id) || data.id < 1) problems.push(`${at}.id: ${JSON.stringify(data.id)} is not a positive integer`);
    else if (ids.has(data.id)) problems.push(`${at}.id: ${data.id} is already the id of a folder or an item`);
    if (typeof data.name !== 'string' || data.name === '') problems.push(`${at}.name: a folder needs a name`);
    (data.changes ?? []).forEach((c, k) => {
      if (!FOLDER_CHANGES.includes(c)) problems.push(`${at}.changes[${k}]: ${JSON.stringify(c)} is not one of ${FOLDER_CHANGES.join(', ')}`);
    });
    const items: Item[] = [];
    (data.items ?? []).forEach((m, k) => {
      const item = this.#item(m, `${at}.items[${k}]`, problems);
      if (item === undefined) return;
      if (ids.has(item.id) || items.some((x) => x.id === item.id) || item.id === data.id) problems.push(`${at}.items[${k}].id: ${item.id} is already the id of a folder or an item`);
      items.push(item);
    });
    (data.deleted ?? []).forEach((d, k) => {
      if (!Number.isInteger(d?.id) || d.id < 1) problems.push(`${at}.deleted[${k}].id: ${JSON.stringify(d?.id)} is not a positive integer`);
    });
    if (problems.length > 0) return problems;
    this.#folders.set(data.id, {
      id: data.id,
      name: data.name,
      parent: data.parent,
      changes: [...(data.changes ?? [])],
      items,
      deleted: (data.deleted ?? []).map((d) => ({ id: d.id, associated: d.associated ?? false })),
      server: { normal: counts(data.server), associated: counts(data.server?.associated) },
      rights: data.rights ?? 0,
    });
    return problems;
  }

  #item(data: ItemData, at: string, problems: string[]): Item | undefined {
    if (typeof data !== 'object' || data === null) {
      problems.push(`${at}: an item is an object { id, ... }`);
      return undefined;
    }
    if (!Number.isInteger(data.id) || data.id < 1) {
      problems.push(`${at}.id: ${JSON.stringify(data.id)} is not a positive integer`);
      return undefined;
    }
    if (data.change !== undefined && !ITEM_CHANGES.includes(data.change)) {
      problems.push(`${at}.change: ${JSON.stringify(data.change)} is not one of ${ITEM_CHANGES.join(', ')}`);
    }
    if (this.#ids().has(data.id)) problems.push(`${at}.id: ${data.id} is already the id of a folder or an item`);
    return {
      id: data.id,
      subject: data.subject ?? '',
      associated: data.associated ?? false,
      change: data.change,
      read: data.read ?? false,
      readChanged: data.readChanged ?? false,
      header: data.header ?? false,
      full: null,
    };
  }
}
