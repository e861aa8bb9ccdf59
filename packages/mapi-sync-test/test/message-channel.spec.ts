/**
 * The generated packages over a real MessagePort (the two ports of a MessageChannel, in this thread, so
 * that the serving side's objects can be inspected): the structures IOSTXFake hands out reach the client
 * as copies, and what the client writes into them reaches the fake's own structures before its rules read
 * them (the fake lends them); MAPISIB.phSyncDoneEvent, written by a provider, comes back to the caller.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { ComConnection, S_OK, inOut, messagePortEndpoint, type HRESULT } from '@comidl/runtime';
import {
  HSF_OK,
  LR_SYNC,
  LR_SYNC_UPLOAD_FOLDER,
  SYNC_UPLOAD_HIERARCHY,
  UPF_OK,
  UPS_OK,
  UPS_ONE_FOLDER,
  UPS_UPLOAD_ONLY,
  structs,
  vtables,
  type HDRSYNC,
  type LPVOID,
  type MAPISIB,
  type SYNC,
  type UPFLD,
} from '@mapi-sync/interfaces';
import { IMAPISyncProgressCallbackFake, IOSTXFake, IUnknownMock } from '@mapi-sync/mocks';
import { IMAPISyncAsyncProxy, IOSTXAsyncProxy, IUnknownAsyncProxy, proxyStubs } from '@mapi-sync/proxies';

let ports: MessagePort[] = [];
let connections: ComConnection[] = [];

function overPort(impl: object, itf: string) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const faults: unknown[] = [];
  const serving = new ComConnection(messagePortEndpoint(port2), { proxyStubs, structs, vtables, onError: (e) => faults.push(e) });
  const calling = new ComConnection(messagePortEndpoint(port1), { proxyStubs, structs, vtables, onError: (e) => faults.push(e) });
  connections.push(serving, calling);
  serving.serve('object', impl, itf);
  return { calling, faults };
}

afterEach(() => {
  for (const connection of connections) connection.close();
  for (const port of ports) port.close();
  connections = [];
  ports = [];
});

describe('IOSTXFake over a MessagePort', () => {
  it('sees the SYNC flags the client set when it enters the upload folder state, and UPF_OK at SyncEnd', async () => {
    const fake = new IOSTXFake();
    const { calling, faults } = overPort(fake, 'IOSTX');
    const ostx = await calling.connectAsync('object', IOSTXAsyncProxy);
    const ppv = inOut<LPVOID>(null);
    await expect(ostx.InitSync(0)).resolves.toBe(S_OK);
    await expect(ostx.SyncBeg(LR_SYNC, ppv)).resolves.toBe(S_OK);
    const sync = ppv.value as SYNC;
    expect(sync).not.toBe(fake.stack[0].structure); // a copy
    // The upload folder state's note: one folder, straight from the synchronize state.
    sync.ulFlags = UPS_UPLOAD_ONLY | UPS_ONE_FOLDER;
    await expect(ostx.SyncBeg(LR_SYNC_UPLOAD_FOLDER, ppv)).resolves.toBe(S_OK);
    const upfld = ppv.value as UPFLD;
    upfld.ulFlags |= UPF_OK;
    await expect(ostx.SetSyncResult(S_OK)).resolves.toBe(S_OK);
    await expect(ostx.SyncEnd()).resolves.toBe(S_OK);
    sync.ulFlags |= UPS_OK;
    await expect(ostx.SetSyncResult(S_OK)).resolves.toBe(S_OK);
    await expect(ostx.SyncEnd()).resolves.toBe(S_OK);

    expect(fake.violations).toEqual([]);
    // What the serving side saw when each state ended.
    expect(fake.completed.map((c) => [c.state, (c.structure as { ulFlags: number }).ulFlags])).toEqual([
      ['LR_SYNC_UPLOAD_FOLDER', UPF_OK],
      ['LR_SYNC', UPS_UPLOAD_ONLY | UPS_ONE_FOLDER | UPS_OK],
    ]);
    expect(faults).toEqual([]);
  });

  it('sees HSF_OK and the full item (a proxy of the client’s object) at SyncHdrEnd', async () => {
    const fake = new IOSTXFake();
    let seen: { ulFlags: number; pmsgFull: unknown } | undefined;
    fake.onLeave('LR_SYNC_DOWNLOAD_HEADER', (frame) => {
      const hdr = frame.structure;
      seen = { ulFlags: hdr.ulFlags, pmsgFull: hdr.pmsgFull };
    });
    const { calling } = overPort(fake, 'IOSTX');
    const ostx = await calling.connectAsync('object', IOSTXAsyncProxy);
    const ppv = inOut<LPVOID>(null);
    await ostx.InitSync(0);
    await expect(ostx.SyncHdrBeg(0, null, ppv)).resolves.toBe(S_OK);
    const hdr = ppv.value as HDRSYNC;
    const fullItem = new IUnknownMock();
    hdr.pmsgFull = fullItem;
    hdr.ulFlags |= HSF_OK;
    await expect(ostx.SyncHdrEnd(null)).resolves.toBe(S_OK);
    expect(fake.violations).toEqual([]);
    expect(seen?.ulFlags).toBe(HSF_OK);
    expect(seen?.pmsgFull).toBeInstanceOf(IUnknownAsyncProxy);
    // The fake gave the structure back: the reference the full item had there is dropped.
    await ostx.InitSync(0);
    expect(calling.exportCount).toBe(0);
  });
});

/** A store provider's IMAPISync: stores the event it will signal in *psibpb->phSyncDoneEvent (MAPISIB page). */
class Provider {
  SynchronizeInBackground(psibpb: MAPISIB): HRESULT {
    psibpb.phSyncDoneEvent = { event: 'done', handle: 0x2a4 };
    return S_OK;
  }
}

describe('IMAPISync over a MessagePort', () => {
  it('brings MAPISIB.phSyncDoneEvent back to the caller’s structure', async () => {
    const { calling } = overPort(new Provider(), 'IMAPISync');
    const sync = await calling.connectAsync('object', IMAPISyncAsyncProxy);
    const callback = new IMAPISyncProgressCallbackFake();
    const sib: MAPISIB = { ulSize: 40, ulFlags: SYNC_UPLOAD_HIERARCHY, psesSync: null, punkCallBack: callback, phSyncDoneEvent: null };
    await expect(sync.SynchronizeInBackground(sib)).resolves.toBe(S_OK);
    expect(sib.phSyncDoneEvent).toEqual({ event: 'done', handle: 0x2a4 });
    expect(sib.punkCallBack).toBe(callback);
  });
});
