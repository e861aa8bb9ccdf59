/**
 * A provider's test: the replication code in fixtures/provider.ts (one upload pass, one download pass, the
 * header items) runs against LocalStoreFake seeded with a small store, in process and over a MessagePort.
 * The fake hands out realistic structures (folder names, entry IDs, change flags and counts from the seed)
 * and enforces every rule of the state machine; after the walk the store has nothing left to replicate.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { ComConnection, messagePortEndpoint } from '@comidl/runtime';
import {
  UPF_DEL,
  UPF_MOD_PARENT,
  UPF_MOD_PROPS,
  UPF_NEW,
  UPM_ASSOC,
  UPM_HEADER,
  UPM_MOD_PROPS,
  UPM_NEW,
  structs,
  vtables,
  type HDRSYNC,
  type IUnknown,
} from '@mapi-sync/interfaces';
import { IUnknownMock } from '@mapi-sync/mocks';
import { IOSTXAsyncProxy, proxyStubs } from '@mapi-sync/proxies';
import { LocalStore, LocalStoreFake, counterValue, messageEntryId, type StoreData } from '@mapi-sync/store';
import { replicate, type Server } from './fixtures/provider';

/**
 * Alice's store (packages/mapi-sync-store/seeds/alice.store.json): a small hierarchy with local changes of
 * every kind, server changes, and a header item.
 */
const seed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'mapi-sync-store', 'seeds', 'alice.store.json'), 'utf8')) as StoreData;

function server(): Server & { fullItems: IUnknown[] } {
  const fullItems: IUnknown[] = [];
  return {
    fullItems,
    fullItem: (_hdr: HDRSYNC) => {
      const item = new IUnknownMock();
      fullItems.push(item);
      return item;
    },
  };
}

function expectWalked(log: Awaited<ReturnType<typeof replicate>>, store: LocalStore): void {
  expect(log.path).toBe(seed.path);
  // Upload hierarchy: parents before children; the deleted folder without its object.
  expect(log.folders.map((f) => [f.flags, counterValue(f.feid)])).toEqual([
    [UPF_MOD_PROPS, 1],
    [UPF_MOD_PARENT, 3],
    [UPF_DEL, 4],
    [UPF_NEW, 2],
  ]);
  // Upload tables: the folders with local item changes, read states or deletions, and what each holds.
  expect(log.tables).toEqual([
    { name: 'Inbox', counts: [[1, 1, 1], [1, 0, 0]] },
    { name: 'Projects', counts: [[1, 0, 0], [0, 0, 0]] },
  ]);
  expect(log.items).toEqual([UPM_NEW, UPM_MOD_PROPS | UPM_ASSOC, 0]);
  expect([log.reads, log.deletions]).toEqual([1, 1]);
  // Download tables: the folders the server has changes for, with the counts.
  expect(log.downloads).toEqual([
    { name: 'Inbox', counts: [[3, 0, 1, 0], [0, 0, 0, 0]] },
    { name: 'Archive', counts: [[0, 0, 0, 2], [1, 0, 0, 0]] },
  ]);
  expect(log.headers).toBe(1);
  // Nothing is left to replicate; the deleted folder is gone; the header item is a full item now.
  expect(store.hierarchyChanges()).toEqual([]);
  expect(store.contentChanges()).toEqual([]);
  expect(store.serverChanges()).toEqual([]);
  expect(store.folderById(4)).toBeUndefined();
  expect(store.findItem(104)!.item.header).toBe(false);
}

describe('a provider against LocalStoreFake', () => {
  it('walks a whole upload and a whole download in process, with no violation', async () => {
    const store = LocalStore.from(seed);
    const fake = new LocalStoreFake(store);
    const remote = server();
    const log = await replicate(fake, remote, [messageEntryId(store.replica, 1, 104)]);
    expect(fake.violations).toEqual([]);
    expect(() => fake.assertIdle()).not.toThrow();
    expectWalked(log, store);
    expect(store.findItem(104)!.item.full).toBe(remote.fullItems[0]);
    // A header item in the upload message state would say so (UPM_HEADER); none is left here.
    expect(log.items.every((f) => (f & UPM_HEADER) === 0)).toBe(true);

    // A second pass finds nothing to upload or download.
    const again = await replicate(fake, server(), []);
    expect([again.folders, again.tables, again.downloads]).toEqual([[], [], []]);
    expect(fake.violations).toEqual([]);
  });

  describe('over a MessagePort', () => {
    let ports: MessagePort[] = [];
    let connections: ComConnection[] = [];
    afterEach(() => {
      for (const c of connections) c.close();
      for (const p of ports) p.close();
      connections = [];
      ports = [];
    });

    it('walks the same way: the structures are copies, and what the provider writes reaches the store', async () => {
      const store = LocalStore.from(seed);
      const fake = new LocalStoreFake(store);
      const { port1, port2 } = new MessageChannel();
      ports.push(port1, port2);
      const faults: unknown[] = [];
      const serving = new ComConnection(messagePortEndpoint(port2), { proxyStubs, structs, vtables, onError: (e) => faults.push(e) });
      const calling = new ComConnection(messagePortEndpoint(port1), { proxyStubs, structs, vtables, onError: (e) => faults.push(e) });
      connections.push(serving, calling);
      serving.serve('ostx', fake, 'IOSTX');
      const ostx = await calling.connectAsync('ostx', IOSTXAsyncProxy);

      const log = await replicate(ostx, server(), [messageEntryId(store.replica, 1, 104)]);
      expect(fake.violations).toEqual([]);
      expect(faults).toEqual([]);
      expectWalked(log, store);
      expect(store.findItem(104)!.item.full).toBeInstanceOf(proxyStubs.IUnknown.asyncProxy);
    });
  });
});
