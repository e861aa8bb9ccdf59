/**
 * ComConnection over a message channel (the two ports of one MessageChannel, in one thread): asynchronous
 * round trips, reference counting, QueryInterface, interface pointers and callbacks, fingerprints, faults.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import {
  CO_E_OBJNOTCONNECTED,
  ComConnection,
  ComError,
  E_FAIL,
  E_INVALIDARG,
  E_NOINTERFACE,
  E_NOTIMPL,
  MAPI_E_USER_CANCEL,
  RPC_E_DISCONNECTED,
  S_FALSE,
  S_OK,
  asAsync,
  inOut,
  messagePortEndpoint,
  out,
  type ComAsync,
  type ComFaultContext,
  type ConnectionOptions,
  type HRESULT,
  type InOut,
  type Out,
} from '../src/index.js';
import { Ostx, Progress, Pstx } from './fixtures/objects.js';
import {
  IID_IMAPISync,
  IID_IOSTX,
  IMAPIProgressAsyncProxy,
  IMAPISyncAsyncProxy,
  IOSTX2AsyncProxy,
  IOSTXAsyncProxy,
  IOSTXAsyncProxyV2,
  IOSTXProxy,
  IPSTXAsyncProxy,
  proxyStubs,
  proxyStubsV2,
  structs,
  vtables,
  type IMAPIProgress,
  type IOSTX,
  type IUnknown,
  type LPVOID,
  type MAPIERROR,
  type MAPISIB,
  type ULONG,
} from './fixtures/ostx.js';

/** An asynchronous IOSTX2 implementation, as code serving over a message channel writes it. */
class AsyncOstx {
  readonly calls: Array<[string, ...unknown[]]> = [];
  kept: IMAPIProgress | null = null;
  keep = false;
  hang: Promise<HRESULT> | undefined;

  async InitSync(ulFlags: ULONG): Promise<HRESULT> {
    this.calls.push(['InitSync', ulFlags]);
    if (this.hang) return this.hang;
    if (ulFlags === 0xdead) throw new ComError(MAPI_E_USER_CANCEL, 'cancelled');
    if (ulFlags === 0xbad) throw new RangeError('bad flags');
    return S_OK;
  }
  GetLastError(hResult: HRESULT, _ulFlags: ULONG, lppMAPIError: Out<MAPIERROR | null>): HRESULT {
    lppMAPIError.value = { ulVersion: 0, lpszError: `error ${hResult}`, lpszComponent: null, ulLowLevelError: 0, ulContext: 0 };
    return S_OK;
  }
  SyncBeg(uiSync: number, ppv: InOut<LPVOID>): HRESULT {
    this.calls.push(['SyncBeg', uiSync, ppv.value]);
    (ppv.value as { touched?: boolean }).touched = true; // a copy: the caller must not see this
    ppv.value = { state: uiSync };
    return S_FALSE;
  }
  async SyncHdrEnd(pprog: IMAPIProgress | null): Promise<HRESULT> {
    this.calls.push(['SyncHdrEnd', pprog]);
    if (pprog === null) return S_OK;
    const progress = asAsync(pprog);
    const flags = out<ULONG>();
    await progress.GetFlags(flags);
    if (this.keep) {
      await progress.AddRef();
      this.kept = pprog;
    }
    return progress.Progress(flags.value ?? -1, 1, 2);
  }
  async GetProgress(ppprog: Out<IMAPIProgress | null>): Promise<HRESULT> {
    ppprog.value = this.kept;
    return S_OK;
  }
}

/** An asynchronous IMAPISync: calls back through the structure's progress object. */
class AsyncSync {
  received: MAPISIB | null = null;
  async SynchronizeInBackground(psibpb: MAPISIB): Promise<HRESULT> {
    this.received = psibpb;
    return asAsync(psibpb.punkCallBack!).Progress(psibpb.ulSize, 0, 0);
  }
}

let ports: MessagePort[] = [];
let connections: ComConnection[] = [];

type Faults = Array<{ error: unknown; context: ComFaultContext }>;

function connectPair(client: Partial<ConnectionOptions> = {}) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const serverFaults: Faults = [];
  const serving = new ComConnection(messagePortEndpoint(port2), {
    proxyStubs,
    structs,
    vtables,
    onError: (error, context) => serverFaults.push({ error, context }),
  });
  const calling = new ComConnection(messagePortEndpoint(port1), { proxyStubs, structs, vtables, ...client });
  connections.push(serving, calling);
  return { serving, calling, serverFaults };
}

function setUp(client?: Partial<ConnectionOptions>) {
  const pair = connectPair(client);
  const ostx = new AsyncOstx();
  pair.serving.serve('ostx', ostx, 'IOSTX2');
  return { ...pair, ostx };
}

afterEach(() => {
  for (const connection of connections) connection.close();
  for (const port of ports) port.close();
  connections = [];
  ports = [];
});

describe('message channel', () => {
  it('makes asynchronous round trips: in values there, [out] and [in, out] values and the HRESULT back', async () => {
    const { calling, ostx } = setUp();
    expect(calling.synchronous).toBe(false);
    const proxy = await calling.connectAsync('ostx', IOSTXAsyncProxy);
    expect(proxy).toBeInstanceOf(IOSTXAsyncProxy);

    await expect(proxy.InitSync(0x20)).resolves.toBe(S_OK);
    const error = out<MAPIERROR | null>();
    await expect(proxy.GetLastError(E_FAIL, 0, error)).resolves.toBe(S_OK);
    expect(error.value).toEqual({ ulVersion: 0, lpszError: `error ${E_FAIL}`, lpszComponent: null, ulLowLevelError: 0, ulContext: 0 });

    const cookie = { cookie: 'client' };
    const ppv = inOut<unknown>(cookie);
    await expect(proxy.SyncBeg(3, ppv)).resolves.toBe(S_FALSE);
    expect(ostx.calls).toEqual([
      ['InitSync', 0x20],
      ['SyncBeg', 3, { cookie: 'client', touched: true }],
    ]);
    expect(ppv.value).toEqual({ state: 3 });
    expect(cookie).toEqual({ cookie: 'client' }); // values are copied across a message channel

    // Calls in flight together each get their own answer.
    const results = await Promise.all([proxy.InitSync(1), proxy.SyncBeg(4, inOut<unknown>({})), proxy.InitSync(2)]);
    expect(results).toEqual([S_OK, S_FALSE, S_OK]);
    await expect(proxy.$invoke(10, [])).resolves.toBe(E_NOTIMPL);
  });

  it('counts AddRef and Release on the serving side; after the last Release calls give CO_E_OBJNOTCONNECTED', async () => {
    const { calling, serving, ostx } = setUp();
    const proxy = await calling.connectAsync('ostx', IOSTXAsyncProxy);
    await expect(proxy.AddRef()).resolves.toBe(2);
    await expect(proxy.Release()).resolves.toBe(1);
    await expect(proxy.Release()).resolves.toBe(0);
    expect(serving.exportCount).toBe(0);
    await expect(proxy.InitSync(1)).resolves.toBe(CO_E_OBJNOTCONNECTED);
    expect(ostx.calls).toEqual([]);
  });

  it('answers QueryInterface from the layout chain, from the implementation, or with E_NOINTERFACE', async () => {
    const { calling, serving } = connectPair();
    serving.serve('ostx', new AsyncOstx(), 'IOSTX2');
    const ostx2 = await calling.connectAsync('ostx', IOSTX2AsyncProxy);
    const ppv = out<IUnknown | null>();
    await expect(ostx2.QueryInterface(IID_IOSTX, ppv)).resolves.toBe(S_OK);
    expect(ppv.value).toBeInstanceOf(IOSTXAsyncProxy);
    await expect(ostx2.QueryInterface(IID_IMAPISync, ppv)).resolves.toBe(E_NOINTERFACE);
    expect(ppv.value).toBeNull();

    const pstx = new Pstx(new Ostx());
    serving.serve('store', pstx, 'IPSTX');
    const store = await calling.connectAsync('store', IPSTXAsyncProxy);
    await expect(store.QueryInterface(IID_IOSTX, ppv)).resolves.toBe(S_OK);
    await expect(asAsync(ppv.value as IOSTX).InitSync(6)).resolves.toBe(S_OK);
    expect(pstx.ostx.calls).toEqual([['InitSync', 6]]);
  });

  it('passes a callback interface: the serving side calls back through an async proxy', async () => {
    const { calling, ostx } = setUp();
    const proxy = await calling.connectAsync('ostx', IOSTXAsyncProxy);
    const progress = new Progress();
    progress.flags = 5;
    await expect(proxy.SyncHdrEnd(progress)).resolves.toBe(S_OK);
    expect(ostx.calls[0][1]).toBeInstanceOf(IMAPIProgressAsyncProxy);
    expect(progress.events).toEqual([[5, 1, 2]]);
    expect(calling.exportCount).toBe(0);
  });

  it('keeps an AddRef’d callback across calls and sends it back home as the original object', async () => {
    const { calling, ostx } = setUp();
    const proxy = await calling.connectAsync('ostx', IOSTX2AsyncProxy);
    const progress = new Progress();
    ostx.keep = true;
    await proxy.SyncHdrEnd(progress);
    expect(calling.exportCount).toBe(1);
    await expect(asAsync(ostx.kept!).Progress(9, 9, 9)).resolves.toBe(S_OK);
    expect(progress.events).toEqual([
      [1, 1, 2],
      [9, 9, 9],
    ]);
    const back = out<IMAPIProgress | null>();
    await expect(proxy.GetProgress(back)).resolves.toBe(S_OK);
    expect(back.value).toBe(progress);
    await expect(asAsync(ostx.kept!).Release()).resolves.toBe(0);
    expect(calling.exportCount).toBe(0);
  });

  it('marshals an interface pointer inside a structure, and an [out] interface pointer', async () => {
    const { calling, serving } = connectPair();
    const sync = new AsyncSync();
    serving.serve('sync', sync, 'IMAPISync');
    const proxy = await calling.connectAsync('sync', IMAPISyncAsyncProxy);
    const progress = new Progress();
    const sib: MAPISIB = { ulSize: 40, ulFlags: 1, psesSync: null, punkCallBack: progress, phSyncDoneEvent: null };
    await expect(proxy.SynchronizeInBackground(sib)).resolves.toBe(S_OK);
    expect(sync.received!.punkCallBack).toBeInstanceOf(IMAPIProgressAsyncProxy);
    expect(progress.events).toEqual([[40, 0, 0]]);

    const ostx = new Ostx();
    serving.serve('store', new Pstx(ostx), 'IPSTX');
    const store = await calling.connectAsync('store', IPSTXAsyncProxy);
    const ppostx = out<IOSTX | null>();
    await expect(store.GetSyncObject(ppostx)).resolves.toBe(S_OK);
    expect(ppostx.value).toBeInstanceOf(IOSTXAsyncProxy);
    const remote = ppostx.value as unknown as ComAsync<IOSTX>;
    await expect(remote.InitSync(8)).resolves.toBe(S_OK);
    expect(ostx.calls).toEqual([['InitSync', 8]]);
    await expect(remote.Release()).resolves.toBe(0);
  });

  it('refuses a proxy built from another layout on connect, and a callback whose layouts differ', async () => {
    const { calling, ostx, serverFaults } = setUp();
    const error: unknown = await calling.connectAsync('ostx', IOSTXAsyncProxyV2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComError);
    expect((error as ComError).hresult).toBe(E_NOINTERFACE);
    expect((error as ComError).message).toMatch(/IOSTX.*ostx-2.*ostx-1/);

    const other = connectPair({ proxyStubs: proxyStubsV2 });
    const ostx2 = new AsyncOstx();
    other.serving.serve('ostx', ostx2, 'IOSTX');
    const proxy = await other.calling.connectAsync('ostx', IOSTXAsyncProxy);
    await expect(proxy.SyncHdrEnd(new Progress())).resolves.toBe(E_NOINTERFACE);
    expect(ostx2.calls).toEqual([]);
    expect(other.serverFaults[0].error).toBeInstanceOf(ComError);
    expect((other.serverFaults[0].error as Error).message).toMatch(/IMAPIProgress.*prog-2.*prog-1/);
    expect(ostx.calls).toEqual([]);
    expect(serverFaults).toHaveLength(1);
  });

  it('gives a ComError’s HRESULT back, E_FAIL for other throws, and keeps serving', async () => {
    const { calling, serverFaults } = setUp();
    const proxy = await calling.connectAsync('ostx', IOSTXAsyncProxy);
    await expect(proxy.InitSync(0xdead)).resolves.toBe(MAPI_E_USER_CANCEL);
    await expect(proxy.InitSync(0xbad)).resolves.toBe(E_FAIL);
    await expect(proxy.InitSync(1)).resolves.toBe(S_OK);
    expect((serverFaults[1].error as Error).message).toBe('bad flags');
  });

  it('rejects misuse with ComErrors: sync proxies, values that cannot be cloned, unknown names', async () => {
    const { calling } = setUp();
    expect(() => calling.connect('ostx', IOSTXProxy)).toThrow(/asynchronous; use connectAsync/);
    await expect(calling.connectAsync('ostx', IOSTXProxy)).rejects.toThrow(/synchronous proxy/);
    await expect(calling.connectAsync('none', IOSTXAsyncProxy)).rejects.toThrow(/nothing is served under the name 'none'/);

    const proxy = await calling.connectAsync('ostx', IOSTXAsyncProxy);
    const error: unknown = await proxy.SyncBeg(1, inOut<unknown>(() => 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComError);
    expect((error as ComError).hresult).toBe(E_INVALIDARG);
    expect((error as ComError).message).toMatch(/^IOSTX::SyncBeg: .*cannot send/);
    await expect(proxy.InitSync(1)).resolves.toBe(S_OK);
  });

  it('works over a port with addEventListener and MessageEvents (the DOM form)', async () => {
    type Listener = (event: { data: unknown }) => void;
    const makePort = () => {
      const listeners = new Set<Listener>();
      const port = {
        peer: undefined as unknown as { listeners: Set<Listener> },
        listeners,
        started: false,
        postMessage(message: unknown) {
          const data = structuredClone(message);
          setImmediate(() => port.peer.listeners.forEach((listener) => listener({ data })));
        },
        addEventListener(event: string, listener: Listener) {
          if (event === 'message') listeners.add(listener);
        },
        removeEventListener(event: string, listener: Listener) {
          if (event === 'message') listeners.delete(listener);
        },
        start() {
          port.started = true;
        },
      };
      return port;
    };
    const a = makePort();
    const b = makePort();
    a.peer = b;
    b.peer = a;
    const serving = new ComConnection(messagePortEndpoint(b), { proxyStubs, structs });
    const calling = new ComConnection(messagePortEndpoint(a), { proxyStubs, structs });
    connections.push(serving, calling);
    const ostx = new AsyncOstx();
    serving.serve('ostx', ostx, 'IOSTX');
    const proxy = await calling.connectAsync('ostx', IOSTXAsyncProxy);
    const progress = new Progress();
    await expect(proxy.SyncHdrEnd(progress)).resolves.toBe(S_OK);
    expect(progress.events).toEqual([[1, 1, 2]]);
    expect(a.started && b.started).toBe(true);
    calling.close();
    expect(a.listeners.size).toBe(0);
  });

  it('answers pending calls with RPC_E_DISCONNECTED when the channel closes, and ignores foreign messages', async () => {
    const { calling, serving, ostx } = setUp();
    const proxy = await calling.connectAsync('ostx', IOSTXAsyncProxy);
    ports[0].postMessage('not a channel frame');
    ports[1].postMessage({ $com: 'reply', id: 999, body: { result: 0 } });
    await expect(proxy.InitSync(1)).resolves.toBe(S_OK);

    ostx.hang = new Promise<HRESULT>(() => undefined);
    const pending = proxy.InitSync(2);
    await new Promise((resolve) => setTimeout(resolve, 10));
    serving.close();
    await expect(pending).resolves.toBe(RPC_E_DISCONNECTED);
    expect(calling.closed).toBe(true);
    await expect(proxy.InitSync(3)).resolves.toBe(RPC_E_DISCONNECTED);
  });
});
