/**
 * Structures both sides share in C, over a channel that copies values (the two ports of a MessageChannel):
 * a structure the serving object lends (IOSTX::SyncBeg's state structure) stays in step with the caller's
 * copy in both directions until the object takes it back; an [in] structure the callee writes into
 * (MAPISIB.phSyncDoneEvent) comes back to the caller's structure, over a message channel and in process.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import {
  ComConnection,
  S_OK,
  asAsync,
  changedMembers,
  createInProcessChannel,
  inOut,
  lentStructures,
  messagePortEndpoint,
  sameValue,
  snapshotValue,
  type HRESULT,
  type InOut,
  type LentStructure,
} from '../src/index.js';
import { Progress } from './fixtures/objects.js';
import {
  IMAPISyncAsyncProxy,
  IMAPISyncProxy,
  IOSTXAsyncProxy,
  proxyStubs,
  structs,
  vtables,
  type IMAPIProgress,
  type LPVOID,
  type MAPISIB,
  type STATE,
} from './fixtures/ostx.js';

/**
 * An IOSTX that lends a STATE per SyncBeg and takes the innermost back at SyncEnd, recording what each
 * structure said when its state ended; SetSyncResult advances the outer structure's counter, as Outlook
 * advances UPHIER.iEnt.
 */
class Lender {
  readonly stack: STATE[] = [];
  readonly ended: Array<{ ulFlags: number; pprog: unknown; calledBack: HRESULT | undefined }> = [];
  readonly lent: LentStructure[] = [];
  constructor(private readonly handOut: IMAPIProgress | null = null) {}

  [lentStructures](): readonly LentStructure[] {
    return this.stack.map((value) => ({ value, struct: 'STATE' }));
  }
  InitSync(): HRESULT {
    return S_OK;
  }
  SyncBeg(uiSync: number, ppv: InOut<LPVOID>): HRESULT {
    const state: STATE = { ulFlags: uiSync, iEnt: 0, cEnt: 2, pprog: this.handOut };
    this.stack.push(state);
    ppv.value = state;
    return S_OK;
  }
  SetSyncResult(): HRESULT {
    const outer = this.stack.at(-2);
    if (outer !== undefined) outer.iEnt += 1;
    return S_OK;
  }
  async SyncEnd(): Promise<HRESULT> {
    const state = this.stack.pop()!;
    // What the serving side sees when the state ends: the caller's writes, and its interface pointer usable.
    const calledBack = state.pprog === null ? undefined : await asAsync(state.pprog).Progress(state.ulFlags, state.iEnt, state.cEnt);
    this.ended.push({ ulFlags: state.ulFlags, pprog: state.pprog, calledBack });
    return S_OK;
  }
}

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
  return { serving, calling, faults };
}

afterEach(() => {
  for (const connection of connections) connection.close();
  for (const port of ports) port.close();
  connections = [];
  ports = [];
});

describe('snapshots and changes', () => {
  it('copies plain data and keeps objects by identity; compares the same way', () => {
    const progress = new Progress();
    const value = { a: 1, bytes: new Uint8Array([1, 2]), list: [{ b: 2 }], progress };
    const copy = snapshotValue(value) as typeof value;
    expect(copy).not.toBe(value);
    expect(copy.bytes).not.toBe(value.bytes);
    expect(copy.list[0]).not.toBe(value.list[0]);
    expect(copy.progress).toBe(progress);
    expect(sameValue(copy, value)).toBe(true);
    value.bytes[1] = 3;
    value.list[0].b = 4;
    expect(changedMembers(copy, value)).toEqual(['bytes', 'list']);
    expect(sameValue({ p: new Progress() }, { p: new Progress() })).toBe(false);
    expect(changedMembers(copy, { ...copy, extra: null })).toEqual(['extra']);
  });
});

describe('a lent structure over a message channel', () => {
  it('carries the caller’s writes to the lender before each later call, and what the lender saw at SyncEnd', async () => {
    const lender = new Lender();
    const { calling, faults } = overPort(lender, 'IOSTX');
    const ostx = await calling.connectAsync('object', IOSTXAsyncProxy);
    const ppv = inOut<LPVOID>(null);
    await expect(ostx.SyncBeg(1, ppv)).resolves.toBe(S_OK);
    const outer = ppv.value as STATE;
    expect(outer).not.toBe(lender.stack[0]); // a copy: the port cloned it
    outer.ulFlags |= 0x4;
    await expect(ostx.SyncBeg(3, ppv)).resolves.toBe(S_OK);
    // The write travelled with the next call, before it ran.
    expect(lender.stack[0].ulFlags).toBe(0x5);
    const inner = ppv.value as STATE;
    inner.ulFlags |= 0x10000;
    await expect(ostx.SetSyncResult(S_OK)).resolves.toBe(S_OK);
    await expect(ostx.SyncEnd()).resolves.toBe(S_OK);
    expect(lender.ended).toEqual([{ ulFlags: 0x10003, pprog: null, calledBack: undefined }]);
    expect(faults).toEqual([]);
  });

  it('brings the lender’s writes back to the caller’s copy, and stops when the lender takes the structure back', async () => {
    const lender = new Lender();
    const { calling } = overPort(lender, 'IOSTX');
    const ostx = await calling.connectAsync('object', IOSTXAsyncProxy);
    const ppv = inOut<LPVOID>(null);
    await ostx.SyncBeg(2, ppv);
    const outer = ppv.value as STATE;
    await ostx.SyncBeg(3, inOut<LPVOID>(null));
    expect(outer.iEnt).toBe(0);
    await ostx.SetSyncResult(S_OK); // the lender advances the outer counter
    expect(outer.iEnt).toBe(1);
    await ostx.SyncEnd();
    await ostx.SetSyncResult(S_OK);
    await ostx.SyncEnd(); // the outer state ends: the structure is the caller's own now
    outer.ulFlags = 0x7;
    await ostx.SyncBeg(1, inOut<LPVOID>(null));
    expect(lender.ended.map((e) => e.ulFlags)).toEqual([3, 2]);
    expect(lender.stack[0].ulFlags).toBe(1);
  });

  it('passes interface pointers written into it as references, usable by the lender at SyncEnd and released after', async () => {
    const lender = new Lender();
    const { calling } = overPort(lender, 'IOSTX');
    const ostx = await calling.connectAsync('object', IOSTXAsyncProxy);
    const ppv = inOut<LPVOID>(null);
    await ostx.SyncBeg(1, ppv);
    const progress = new Progress();
    (ppv.value as STATE).pprog = progress;
    (ppv.value as STATE).ulFlags |= 0x10000;
    await ostx.SetSyncResult(S_OK);
    expect(calling.exportCount).toBe(1); // the lender holds it while the structure is lent
    await expect(ostx.SyncEnd()).resolves.toBe(S_OK);
    expect(lender.ended[0].calledBack).toBe(S_OK);
    expect(progress.events).toEqual([[0x10001, 0, 2]]);
    // The lender's side dropped the reference before it answered SyncEnd: messages keep their order.
    expect(calling.exportCount).toBe(0);
  });

  it('hands out interface pointers inside it as proxies, released when the lender takes it back', async () => {
    const progress = new Progress();
    const lender = new Lender(progress);
    const { calling, serving } = overPort(lender, 'IOSTX');
    const ostx = await calling.connectAsync('object', IOSTXAsyncProxy);
    const ppv = inOut<LPVOID>(null);
    await ostx.SyncBeg(1, ppv);
    const state = ppv.value as STATE;
    expect(state.pprog).toBeInstanceOf(proxyStubs.IMAPIProgress.asyncProxy);
    await expect(asAsync(state.pprog!).Progress(1, 2, 3)).resolves.toBe(S_OK);
    expect(serving.exportCount).toBe(2); // the IOSTX and the progress object
    await ostx.SetSyncResult(S_OK);
    await ostx.SyncEnd();
    // The caller dropped the reference on the answer; a round trip after it has reached the lender's side.
    await ostx.InitSync(0);
    expect(serving.exportCount).toBe(1);
    // Like memory the lender freed, the copy no longer holds the pointer; passing it back in is harmless.
    expect(state.pprog).toBeNull();
    expect(ppv.value).toBe(state);
    await expect(ostx.SyncBeg(2, ppv)).resolves.toBe(S_OK);
  });
});

/** An IMAPISync that stores the event it will signal in *psibpb->phSyncDoneEvent, as the MAPISIB page says. */
class SyncProvider {
  received: MAPISIB | null = null;
  SynchronizeInBackground(psibpb: MAPISIB): HRESULT {
    this.received = psibpb;
    psibpb.phSyncDoneEvent = { event: 'sync done', handle: 0x2a4 };
    return S_OK;
  }
}

describe('an [in] structure the callee writes into', () => {
  const sib = (progress: Progress): MAPISIB => ({ ulSize: 40, ulFlags: 1, psesSync: null, punkCallBack: progress, phSyncDoneEvent: null });

  it('comes back to the caller’s structure over a message channel', async () => {
    const provider = new SyncProvider();
    const { calling } = overPort(provider, 'IMAPISync');
    const sync = await calling.connectAsync('object', IMAPISyncAsyncProxy);
    const progress = new Progress();
    const mine = sib(progress);
    await expect(sync.SynchronizeInBackground(mine)).resolves.toBe(S_OK);
    expect(mine.phSyncDoneEvent).toEqual({ event: 'sync done', handle: 0x2a4 });
    expect(mine.punkCallBack).toBe(progress); // members the callee left alone stay as they were
    expect(provider.received).not.toBe(mine);
  });

  it('comes back in process too, where the structure was copied to carry its interface pointer', () => {
    const [clientEnd, serverEnd] = createInProcessChannel();
    const serving = new ComConnection(serverEnd, { proxyStubs, structs, vtables });
    const calling = new ComConnection(clientEnd, { proxyStubs, structs, vtables });
    connections.push(serving, calling);
    const provider = new SyncProvider();
    serving.serve('object', provider, 'IMAPISync');
    const sync = calling.connect('object', IMAPISyncProxy);
    const mine = sib(new Progress());
    expect(sync.SynchronizeInBackground(mine)).toBe(S_OK);
    expect(provider.received).not.toBe(mine);
    expect(mine.phSyncDoneEvent).toEqual({ event: 'sync done', handle: 0x2a4 });
  });
});
