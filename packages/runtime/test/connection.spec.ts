/**
 * ComConnection over the in-process (synchronous) channel: calls, reference counting, QueryInterface,
 * interface pointers both ways, fingerprint checks, faults and misuse.
 */
import {
  CO_E_OBJNOTCONNECTED,
  ComAsyncProxy,
  ComConnection,
  ComError,
  ComProxy,
  E_FAIL,
  E_INVALIDARG,
  E_NOINTERFACE,
  E_NOTIMPL,
  IID_IUnknown,
  MAPI_E_NOT_FOUND,
  RPC_E_DISCONNECTED,
  S_FALSE,
  S_OK,
  asAsync,
  createInProcessChannel,
  inOut,
  out,
  type ComFaultContext,
  type ConnectionOptions,
  type InterfaceLayout,
  type ComUnknown,
  type ProxyStubRecord,
} from '../src/index.js';
import { Ostx, Progress, Pstx, Sync } from './fixtures/objects.js';
import {
  IID_IMAPIProgress,
  IID_IMAPISync,
  IID_IOSTX,
  IMAPIProgressProxy,
  IMAPISyncProxy,
  IOSTX2Proxy,
  IOSTXAsyncProxy,
  IOSTXProxy,
  IOSTXProxyV2,
  IPSTXProxy,
  proxyStubs,
  proxyStubsV2,
  structs,
  vtables,
  type IMAPIProgress,
  type IOSTX,
  type IUnknown,
  type MAPIERROR,
  type MAPISIB,
} from './fixtures/ostx.js';

type Faults = Array<{ error: unknown; context: ComFaultContext }>;

function connectPair(client: Partial<ConnectionOptions> = {}, server: Partial<ConnectionOptions> = {}) {
  const [clientEnd, serverEnd] = createInProcessChannel();
  const serverFaults: Faults = [];
  const clientFaults: Faults = [];
  const serving = new ComConnection(serverEnd, {
    proxyStubs,
    structs,
    vtables,
    onError: (error, context) => serverFaults.push({ error, context }),
    ...server,
  });
  const calling = new ComConnection(clientEnd, {
    proxyStubs,
    structs,
    vtables,
    onError: (error, context) => clientFaults.push({ error, context }),
    ...client,
  });
  return { serving, calling, serverFaults, clientFaults };
}

function setUp(client?: Partial<ConnectionOptions>, server?: Partial<ConnectionOptions>) {
  const pair = connectPair(client, server);
  const ostx = new Ostx();
  pair.serving.serve('ostx', ostx, 'IOSTX2');
  return { ...pair, ostx };
}

describe('in-process channel: void * values', () => {
  it('hands a call whose void * values hold no object over as it is, and walks one whose values do', () => {
    const { calling, ostx } = setUp();
    const proxy = calling.connect('ostx', IOSTXProxy);
    const seen: unknown[] = [];
    const original = ostx.SyncBeg.bind(ostx);
    ostx.SyncBeg = (uiSync, ppv) => {
      seen.push(ppv);
      return original(uiSync, ppv);
    };
    // Nothing to look inside on the way in: the implementation gets the caller's own box, as a call within
    // one apartment would; what it puts there is the caller's at once.
    const plain = inOut<unknown>(null);
    expect(proxy.SyncBeg(1, plain)).toBe(S_FALSE);
    expect(seen[0]).toBe(plain);
    expect(plain.value).toEqual({ state: 1, prior: null });
    // An object inside may carry interface pointers: the value is walked and crosses in a box of its own.
    const holding = inOut<unknown>({ cookie: 'client' });
    expect(proxy.SyncBeg(2, holding)).toBe(S_FALSE);
    expect(seen[1]).not.toBe(holding);
    expect(holding.value).toEqual({ state: 2, prior: { cookie: 'client' } });
  });
});

describe('in-process channel: generated proxies calling the implementation directly', () => {
  /** A pair whose IOSTX stub records the slots it dispatches, so a test sees which calls skipped it. */
  function countingStub() {
    const dispatched: number[] = [];
    const counting: ProxyStubRecord = {
      ...proxyStubs,
      IOSTX: {
        ...proxyStubs.IOSTX,
        stub: (impl: IOSTX) => {
          const dispatch = proxyStubs.IOSTX.stub(impl);
          return (slot: number, args: unknown[]) => {
            dispatched.push(slot);
            return dispatch(slot, args);
          };
        },
      },
    };
    const pair = setUp({}, { proxyStubs: counting });
    return { ...pair, dispatched, proxy: pair.calling.connect('ostx', IOSTXProxy) };
  }

  it('calls through the stub once, then the implementation itself, with the same answers and [out] values', () => {
    const { proxy, ostx, dispatched } = countingStub();
    const first = out<MAPIERROR | null>();
    expect(proxy.GetLastError(E_FAIL, 0, first)).toBe(S_OK);
    expect(dispatched).toEqual([3]); // the first call finds the target
    const second = out<MAPIERROR | null>();
    expect(proxy.GetLastError(E_FAIL, 0, second)).toBe(S_OK);
    expect(proxy.InitSync(7)).toBe(S_OK);
    expect(proxy.SetSyncResult(S_FALSE)).toBe(S_OK);
    expect(dispatched).toEqual([3]);
    expect(second.value).toEqual(first.value);
    expect(ostx.calls).toEqual([
      ['GetLastError', E_FAIL, 0],
      ['GetLastError', E_FAIL, 0],
      ['InitSync', 7],
      ['SetSyncResult', S_FALSE],
    ]);
  });

  it('answers as the stub would: a ComError’s HRESULT, E_FAIL for other throws and Promises, S_OK for no result', () => {
    const { proxy, ostx, dispatched, serverFaults, clientFaults } = countingStub();
    expect(proxy.InitSync(0)).toBe(S_OK);
    ostx.initSync = () => {
      throw new ComError(MAPI_E_NOT_FOUND, 'no such folder');
    };
    expect(proxy.InitSync(1)).toBe(MAPI_E_NOT_FOUND);
    ostx.initSync = () => {
      throw new TypeError('boom');
    };
    expect(proxy.InitSync(2)).toBe(E_FAIL);
    ostx.initSync = () => Promise.resolve(S_OK) as unknown as number;
    expect(proxy.InitSync(3)).toBe(E_FAIL);
    ostx.initSync = () => undefined as unknown as number;
    expect(proxy.InitSync(4)).toBe(S_OK);
    ostx.initSync = () => S_FALSE;
    expect(proxy.InitSync(5)).toBe(S_FALSE);
    expect(dispatched).toEqual([4]);

    expect(serverFaults.map((f) => (f.error as Error).message)).toEqual([
      expect.stringContaining('no such folder'),
      'boom',
      expect.stringMatching(/Promise on a synchronous channel/),
    ]);
    expect(serverFaults[1].context).toMatchObject({ interfaceName: 'IOSTX', method: 'InitSync', slot: 4, origin: 'local' });
    expect(clientFaults.map((f) => [f.context.origin, (f.error as ComError).hresult])).toEqual([
      ['remote', MAPI_E_NOT_FOUND],
      ['remote', E_FAIL],
      ['remote', E_FAIL],
    ]);
    expect((clientFaults[1].error as ComError).message).toContain('TypeError: boom');
  });

  it('goes through the channel when a void * value holds an object, and directly when it holds none', () => {
    const { proxy, dispatched } = countingStub();
    expect(proxy.SyncBeg(1, inOut<unknown>(null))).toBe(S_FALSE);
    expect(proxy.SyncBeg(2, inOut<unknown>(42))).toBe(S_FALSE);
    expect(dispatched).toEqual([5]);
    const holding = inOut<unknown>({ cookie: 'client' });
    expect(proxy.SyncBeg(3, holding)).toBe(S_FALSE);
    expect(dispatched).toEqual([5, 5]);
    expect(holding.value).toEqual({ state: 3, prior: { cookie: 'client' } });
    expect(proxy.SyncHdrBeg(4, null, inOut<unknown>(() => 0))).toBe(S_OK);
    expect(dispatched).toEqual([5, 5, 7]);
  });

  it('checks every value of a slot with several void * parameters', () => {
    const { proxy, ostx } = countingStub();
    expect(proxy.InitSync(1)).toBe(S_OK);
    expect(proxy.$localAll<IOSTX>(5, [null, 1, 'text', undefined])).toBe(ostx);
    expect(proxy.$localAll<IOSTX>(5, [null, { held: true }])).toBeNull();
    expect(proxy.$localAll<IOSTX>(5, [[]])).toBeNull();
    // A slot whose arguments must be walked (an interface pointer) never skips the stub.
    expect(proxy.$local<IOSTX>(8)).toBeNull();
    expect(proxy.$local<IOSTX>(4)).toBe(ostx);
  });

  it('stops calling directly once the proxy is released, the object leaves the table or the channel closes', () => {
    const { proxy, ostx, calling, serving, dispatched } = countingStub();
    expect(proxy.InitSync(1)).toBe(S_OK);
    const kept = out<IUnknown | null>();
    expect(proxy.QueryInterface(IID_IOSTX, kept)).toBe(S_OK);
    expect(proxy.Release()).toBe(1);
    expect(proxy.$local<IOSTX>(4)).toBeNull();
    expect(proxy.InitSync(2)).toBe(CO_E_OBJNOTCONNECTED);
    const other = kept.value as IOSTXProxy;
    expect(other.InitSync(3)).toBe(S_OK);
    expect(other.InitSync(4)).toBe(S_OK);
    expect(serving.revoke('ostx')).toBe(true);
    expect(other.Release()).toBe(0);
    expect(other.InitSync(5)).toBe(CO_E_OBJNOTCONNECTED);
    calling.close();
    expect(other.InitSync(6)).toBe(RPC_E_DISCONNECTED);
    expect(ostx.calls).toEqual([
      ['InitSync', 1],
      ['InitSync', 3],
      ['InitSync', 4],
    ]);
    expect(dispatched).toEqual([4, 4]);
  });
});

describe('in-process channel: calls', () => {
  it('carries in values there, and [out] and [in, out] values and the HRESULT back', () => {
    const { calling, ostx } = setUp();
    const proxy = calling.connect('ostx', IOSTXProxy);
    expect(proxy).toBeInstanceOf(IOSTXProxy);

    expect(proxy.InitSync(0x20)).toBe(S_OK);
    expect(ostx.calls).toEqual([['InitSync', 0x20]]);

    const error = out<MAPIERROR | null>();
    expect(proxy.GetLastError(E_FAIL, 0, error)).toBe(S_OK);
    expect(error.value).toEqual({
      ulVersion: 0,
      lpszError: `last error ${E_FAIL}`,
      lpszComponent: 'Ostx',
      ulLowLevelError: 0,
      ulContext: 0,
    });

    const ppv = inOut<unknown>({ cookie: 'client' });
    expect(proxy.SyncBeg(1, ppv)).toBe(S_FALSE);
    expect(ostx.calls[2]).toEqual(['SyncBeg', 1, { cookie: 'client' }]);
    expect(ppv.value).toEqual({ state: 1, prior: { cookie: 'client' } });

    // In process nothing is copied: the implementation sees the caller's own objects.
    const entryId = new Uint8Array([1, 2, 3]);
    const header = inOut<unknown>(null);
    expect(proxy.SyncHdrBeg(3, entryId, header)).toBe(S_OK);
    expect(ostx.calls[3][2]).toBe(entryId);
    expect(header.value).toEqual({ header: 3 });
  });

  it('answers AddRef and Release with the serving side’s counts; after the last Release the object is gone', () => {
    const { calling, serving, ostx } = setUp();
    const proxy = calling.connect('ostx', IOSTXProxy);
    expect(serving.exportCount).toBe(1);
    expect(proxy.AddRef()).toBe(2);
    expect(proxy.AddRef()).toBe(3);
    expect(proxy.Release()).toBe(2);
    expect(proxy.Release()).toBe(1);
    expect(proxy.InitSync(1)).toBe(S_OK);
    expect(proxy.Release()).toBe(0);
    expect(serving.exportCount).toBe(0);

    expect(proxy.InitSync(2)).toBe(CO_E_OBJNOTCONNECTED);
    expect(proxy.AddRef()).toBe(0);
    expect(ostx.calls).toEqual([['InitSync', 1]]);

    // The name is still served: a new connect makes a new entry.
    const again = calling.connect('ostx', IOSTXProxy);
    expect(again.InitSync(3)).toBe(S_OK);
    expect(again.Release()).toBe(0);
  });

  it('counts per object: a QueryInterface result keeps the object alive after the first proxy is released', () => {
    const { calling, serving } = setUp();
    const first = calling.connect('ostx', IOSTX2Proxy);
    const second = out<IUnknown | null>();
    expect(first.QueryInterface(IID_IOSTX, second)).toBe(S_OK);
    expect(first.Release()).toBe(1);
    expect(first.InitSync(1)).toBe(CO_E_OBJNOTCONNECTED);
    const ostx = second.value as IOSTX;
    expect(ostx.InitSync(2)).toBe(S_OK);
    expect(ostx.Release()).toBe(0);
    expect(serving.exportCount).toBe(0);
  });

  it('answers a placeholder slot with E_NOTIMPL without reaching the implementation', () => {
    const { calling, ostx } = setUp();
    const proxy = calling.connect('ostx', IOSTXProxy);
    expect(proxy.$invoke(10, [])).toBe(E_NOTIMPL);
    expect(proxy.$invoke(42, [])).toBe(E_NOTIMPL);

    // A calling side whose layout (wrongly) makes slot 10 callable is refused by the serving side, which
    // never hands a placeholder slot to the stub, even one that would dispatch it.
    const lying: InterfaceLayout = {
      ...vtables.IOSTX,
      slots: vtables.IOSTX.slots.map((s) => (s.index === 10 ? { ...s, placeholder: false } : s)),
    };
    class LyingProxy extends IOSTXProxy {
      static override readonly layout = lying;
    }
    const eager: ProxyStubRecord = {
      ...proxyStubs,
      IOSTX: { ...proxyStubs.IOSTX, stub: (impl: Ostx) => (slot: number) => (slot === 10 ? impl.Placeholder10() : E_NOTIMPL) },
    };
    const other = connectPair({}, { proxyStubs: eager });
    other.serving.serve('ostx', ostx, 'IOSTX');
    const liar = other.calling.connect('ostx', LyingProxy);
    expect(liar.$invoke(10, [])).toBe(E_NOTIMPL);
    expect(liar.$invoke(10, [])).toBe(E_NOTIMPL); // the second call takes the same-realm shortcut
    expect(ostx.calls).toEqual([]);
  });

  it('gives an implementation’s ComError HRESULT back, E_FAIL for any other throw, and carries on', () => {
    const { calling, ostx, serverFaults, clientFaults } = setUp();
    const proxy = calling.connect('ostx', IOSTXProxy);
    ostx.initSync = () => {
      throw new ComError(MAPI_E_NOT_FOUND, 'no such folder');
    };
    expect(proxy.InitSync(1)).toBe(MAPI_E_NOT_FOUND);
    ostx.initSync = () => {
      throw new TypeError('boom');
    };
    expect(proxy.InitSync(2)).toBe(E_FAIL);
    ostx.initSync = undefined;
    expect(proxy.InitSync(3)).toBe(S_OK);

    expect(serverFaults.map((f) => (f.error as Error).message)).toEqual([
      expect.stringContaining('no such folder'),
      'boom',
    ]);
    expect(serverFaults[1].context).toMatchObject({ interfaceName: 'IOSTX', method: 'InitSync', slot: 4, origin: 'local' });
    expect(clientFaults[1].context.origin).toBe('remote');
    expect(clientFaults[1].error).toBeInstanceOf(ComError);
    expect((clientFaults[1].error as ComError).message).toContain('TypeError: boom');
    expect((clientFaults[1].error as ComError).hresult).toBe(E_FAIL);
  });

  it('answers E_FAIL when an implementation answers with a Promise on a synchronous channel', () => {
    const { calling, ostx, serverFaults } = setUp();
    const proxy = calling.connect('ostx', IOSTXProxy);
    ostx.initSync = () => Promise.resolve(S_OK) as unknown as number;
    expect(proxy.InitSync(1)).toBe(E_FAIL);
    expect((serverFaults[0].error as Error).message).toMatch(/Promise on a synchronous channel/);
    ostx.initSync = undefined;
    expect(proxy.InitSync(2)).toBe(S_OK);
  });

  it('answers calls after close with RPC_E_DISCONNECTED, on both sides', () => {
    const { calling, serving, ostx } = setUp();
    const proxy = calling.connect('ostx', IOSTXProxy);
    calling.close();
    expect(calling.closed).toBe(true);
    expect(serving.closed).toBe(true);
    expect(proxy.InitSync(1)).toBe(RPC_E_DISCONNECTED);
    expect(ostx.calls).toEqual([]);
    expect(() => calling.connect('ostx', IOSTXProxy)).toThrow(ComError);
  });
});

describe('in-process channel: QueryInterface', () => {
  it('answers an IID of the layout chain with a proxy of the interface registered for it', () => {
    const { calling, serving, ostx } = setUp();
    const proxy = calling.connect('ostx', IOSTX2Proxy);
    const ppv = out<IUnknown | null>();
    expect(proxy.QueryInterface(IID_IOSTX, ppv)).toBe(S_OK);
    expect(ppv.value).toBeInstanceOf(IOSTXProxy);
    expect(ppv.value).not.toBeInstanceOf(IOSTX2Proxy);
    expect((ppv.value as IOSTX).InitSync(5)).toBe(S_OK);
    expect(ostx.calls).toEqual([['InitSync', 5]]);
    expect(serving.exportCount).toBe(1);
    expect(proxy.AddRef()).toBe(3); // connect + QueryInterface + this AddRef

    const unknown = out<IUnknown | null>();
    expect(proxy.QueryInterface(IID_IUnknown.toUpperCase(), unknown)).toBe(S_OK);
    expect(unknown.value).toBeInstanceOf(ComProxy);
  });

  it('answers E_NOINTERFACE for an unrelated IID', () => {
    const { calling } = setUp();
    const proxy = calling.connect('ostx', IOSTXProxy);
    const ppv = out<IUnknown | null>();
    ppv.value = proxy;
    expect(proxy.QueryInterface(IID_IMAPISync, ppv)).toBe(E_NOINTERFACE);
    expect(ppv.value).toBeNull();
    expect(proxy.QueryInterface('01234567-89ab-cdef-0123-456789abcdef', ppv)).toBe(E_NOINTERFACE);
    expect(proxy.AddRef()).toBe(2);
  });

  it('asks the implementation’s own QueryInterface for IIDs outside the chain', () => {
    const { calling, serving } = connectPair();
    const ostx = new Ostx();
    const pstx = new Pstx(ostx);
    serving.serve('store', pstx, 'IPSTX');
    const store = calling.connect('store', IPSTXProxy);

    const ppv = out<IUnknown | null>();
    expect(store.QueryInterface(IID_IOSTX, ppv)).toBe(S_OK);
    expect(ppv.value).toBeInstanceOf(IOSTXProxy);
    expect((ppv.value as IOSTX).InitSync(9)).toBe(S_OK);
    expect(ostx.calls).toEqual([['InitSync', 9]]);

    expect(store.QueryInterface(IID_IMAPISync, ppv)).toBe(E_NOINTERFACE);
    expect(pstx.queried).toEqual([IID_IOSTX, IID_IMAPISync]);
    expect(serving.exportCount).toBe(2);
  });

  it('connects to an interface of the chain, and refuses one the object does not support', () => {
    const { calling } = setUp();
    expect(calling.connect('ostx', IOSTXProxy).InitSync(1)).toBe(S_OK);
    expect(() => calling.connect('ostx', IMAPISyncProxy)).toThrow(/does not support IMAPISync/);
  });
});

describe('in-process channel: interface pointers', () => {
  it('turns an [in] interface pointer into a proxy the other way; callbacks through it reach the caller’s object', () => {
    const { calling, ostx } = setUp();
    const proxy = calling.connect('ostx', IOSTXProxy);
    const progress = new Progress();
    progress.flags = 7;
    expect(proxy.SyncHdrEnd(progress)).toBe(S_OK);
    const received = ostx.calls[0][1];
    expect(received).toBeInstanceOf(IMAPIProgressProxy);
    expect(received).not.toBe(progress);
    expect(ostx.flagsSeen).toBe(7);
    expect(progress.events).toEqual([[10, 1, 2]]);
    // The reference was borrowed for the call only.
    expect(calling.exportCount).toBe(0);
    expect(proxy.SyncHdrEnd(null)).toBe(S_OK);
    expect(ostx.calls[1]).toEqual(['SyncHdrEnd', null]);
  });

  it('keeps an [in] pointer the callee AddRefs; one it does not AddRef is gone after the call', () => {
    const { calling, ostx } = setUp();
    const proxy = calling.connect('ostx', IOSTXProxy);
    const progress = new Progress();
    ostx.keep = 'addRef';
    proxy.SyncHdrEnd(progress);
    expect(calling.exportCount).toBe(1);
    expect(ostx.kept!.Progress(20, 2, 2)).toBe(S_OK);
    expect(progress.events).toEqual([
      [10, 1, 2],
      [20, 2, 2],
    ]);
    expect(ostx.kept!.Release()).toBe(0);
    expect(calling.exportCount).toBe(0);
    expect(ostx.kept!.Progress(30, 3, 3)).toBe(CO_E_OBJNOTCONNECTED);

    ostx.keep = 'borrow';
    proxy.SyncHdrEnd(progress);
    expect(ostx.kept!.Progress(40, 4, 4)).toBe(CO_E_OBJNOTCONNECTED);
    expect(progress.events).toHaveLength(3);
  });

  it('sends a proxy back home as the original object', () => {
    const { calling, serving, ostx } = setUp();
    const proxy = calling.connect('ostx', IOSTX2Proxy);
    const progress = new Progress();
    ostx.keep = 'addRef';
    proxy.SyncHdrEnd(progress);
    const back = out<IMAPIProgress | null>();
    expect(proxy.GetProgress(back)).toBe(S_OK);
    expect(back.value).toBe(progress);

    // And the other way: the serving side's own object, passed in through a proxy, arrives as itself.
    const serverProgress = new Progress();
    serving.serve('progress', serverProgress, 'IMAPIProgress');
    const remote = calling.connect('progress', IMAPIProgressProxy);
    ostx.keep = 'no';
    expect(proxy.SyncHdrEnd(remote)).toBe(S_OK);
    expect(ostx.calls.at(-1)).toEqual(['SyncHdrEnd', serverProgress]);
    expect(serverProgress.events).toEqual([[10, 1, 2]]);
  });

  it('makes an iid_is [out] pointer a proxy of the interface the IID names', () => {
    const { calling, ostx, serverFaults } = setUp();
    const proxy = calling.connect('ostx', IOSTX2Proxy);
    const serverProgress = new Progress();
    ostx.kept = serverProgress;
    const ppv = out<IUnknown | null>();
    expect(proxy.GetKept(IID_IMAPIProgress, ppv)).toBe(S_OK);
    expect(ppv.value).toBeInstanceOf(IMAPIProgressProxy);
    expect((ppv.value as IMAPIProgress).Progress(1, 2, 3)).toBe(S_OK);
    expect(serverProgress.events).toEqual([[1, 2, 3]]);

    const none = out<IUnknown | null>();
    expect(proxy.GetKept('01234567-89ab-cdef-0123-456789abcdef', none)).toBe(E_NOINTERFACE);
    expect(none.value).toBeUndefined();
    expect((serverFaults[0].error as Error).message).toMatch(/no interface is registered for the IID 01234567/);
  });

  it('sends proxies found inside an opaque value as references', () => {
    const { calling, serving, ostx } = setUp();
    const serverProgress = new Progress();
    serving.serve('progress', serverProgress, 'IMAPIProgress');
    const remote = calling.connect('progress', IMAPIProgressProxy);
    const proxy = calling.connect('ostx', IOSTXProxy);
    const ppv = inOut<unknown>({ sinks: [remote], n: 1 });
    expect(proxy.SyncBeg(2, ppv)).toBe(S_FALSE);
    const seen = ostx.calls[0][2] as { sinks: unknown[]; n: number };
    expect(seen.n).toBe(1);
    expect(seen.sinks[0]).toBe(serverProgress);
  });

  it('marshals an interface pointer inside a structure', () => {
    const { calling, serving } = connectPair();
    const sync = new Sync();
    serving.serve('sync', sync, 'IMAPISync');
    const proxy = calling.connect('sync', IMAPISyncProxy);
    const progress = new Progress();
    const sib: MAPISIB = { ulSize: 40, ulFlags: 0x4, psesSync: null, punkCallBack: progress, phSyncDoneEvent: null };
    expect(proxy.SynchronizeInBackground(sib)).toBe(S_OK);
    expect(sync.received).toMatchObject({ ulSize: 40, ulFlags: 0x4, psesSync: null, phSyncDoneEvent: null });
    expect(sync.received!.punkCallBack).toBeInstanceOf(IMAPIProgressProxy);
    expect(progress.events).toEqual([[4, 0, 0]]);
    expect(sib.punkCallBack).toBe(progress); // the caller's structure is left alone
    expect(calling.exportCount).toBe(0);
  });

  it('turns an [out] interface pointer into a proxy the caller owns', () => {
    const { calling, serving } = connectPair();
    const ostx = new Ostx();
    serving.serve('store', new Pstx(ostx), 'IPSTX');
    const store = calling.connect('store', IPSTXProxy);
    const ppostx = out<IOSTX | null>();
    expect(store.GetSyncObject(ppostx)).toBe(S_OK);
    expect(ppostx.value).toBeInstanceOf(IOSTXProxy);
    expect(ppostx.value!.InitSync(3)).toBe(S_OK);
    expect(ostx.calls).toEqual([['InitSync', 3]]);
    expect(serving.exportCount).toBe(2);
    expect(ppostx.value!.Release()).toBe(0);
    expect(serving.exportCount).toBe(1);
  });
});

describe('in-process channel: layout fingerprints', () => {
  it('refuses a proxy built from another layout of the same IID, naming the interface and both fingerprints', () => {
    const { calling, serving, ostx, serverFaults } = setUp();
    serving.serve('ostx1', ostx, 'IOSTX');
    let error: unknown;
    try {
      calling.connect('ostx1', IOSTXProxyV2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComError);
    const comError = error as ComError;
    expect(comError.hresult).toBe(E_NOINTERFACE);
    expect(comError.interfaceName).toBe('IOSTX');
    expect(comError.message).toMatch(/IOSTX/);
    expect(comError.message).toContain('ostx-2');
    expect(comError.message).toContain('ostx-1');
    expect(serverFaults).toHaveLength(1);
    expect(serving.exportCount).toBe(0);
    expect(ostx.calls).toEqual([]);
  });

  it('refuses an interface pointer whose layouts differ; the call never reaches the implementation', () => {
    const { calling, ostx, serverFaults } = setUp({ proxyStubs: proxyStubsV2 });
    const proxy = calling.connect('ostx', IOSTXProxy);
    expect(proxy.SyncHdrEnd(new Progress())).toBe(E_NOINTERFACE);
    expect(ostx.calls).toEqual([]);
    expect(calling.exportCount).toBe(0);
    const message = (serverFaults[0].error as Error).message;
    expect(message).toContain('IMAPIProgress');
    expect(message).toContain('prog-1');
    expect(message).toContain('prog-2');
  });

  it('refuses an interface the serving side does not know', () => {
    const { calling } = setUp();
    const unknownLayout: InterfaceLayout = { ...vtables.IOSTX, name: 'IOSTXNext', iid: '11111111-2222-3333-4444-555555555555' };
    class NextProxy extends IOSTXProxy {
      static override readonly layout = unknownLayout;
    }
    expect(() => calling.connect('ostx', NextProxy)).toThrow(/IOSTXNext has no stub on the serving side/);
  });
});

describe('in-process channel: misuse', () => {
  it('reports unknown interfaces, unknown names and wrong arguments as ComErrors', () => {
    const { calling, serving } = setUp();
    expect(() => serving.serve('x', new Ostx(), 'INope')).toThrow(ComError);
    expect(() => serving.serve('x', new Ostx(), 'INope')).toThrow(/no proxy\/stub entry for the interface INope/);
    expect(() => serving.serve('x', null as unknown as object, 'IOSTX')).toThrow(ComError);

    let error: unknown;
    try {
      calling.connect('nothing', IOSTXProxy);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComError);
    expect((error as ComError).hresult).toBe(CO_E_OBJNOTCONNECTED);
    expect((error as ComError).message).toContain("nothing is served under the name 'nothing'");

    expect(() => calling.connect('ostx', Object as never)).toThrow(/not a generated proxy class/);

    const proxy = calling.connect('ostx', IOSTXProxy);
    let thrown: unknown;
    try {
      proxy.SyncHdrEnd(42 as unknown as IMAPIProgress);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ComError);
    expect((thrown as ComError).hresult).toBe(E_INVALIDARG);
    expect((thrown as ComError).message).toMatch(/^IOSTX::SyncHdrEnd: .*IMAPIProgress pointer/);
    expect(calling.exportCount).toBe(0);
  });

  it('needs the structure layouts for structures that carry interface pointers', () => {
    const { calling, serving } = connectPair({ structs: {} });
    serving.serve('sync', new Sync(), 'IMAPISync');
    const proxy = calling.connect('sync', IMAPISyncProxy);
    const sib: MAPISIB = { ulSize: 0, ulFlags: 0, psesSync: null, punkCallBack: new Progress(), phSyncDoneEvent: null };
    expect(() => proxy.SynchronizeInBackground(sib)).toThrow(/no layout for the structure MAPISIB/);
  });
});

describe('in-process channel: the asynchronous form', () => {
  it('serves async proxies and asAsync facades', async () => {
    const { calling, ostx } = setUp();
    const asyncProxy = await calling.connectAsync('ostx', IOSTXAsyncProxy);
    expect(asyncProxy).toBeInstanceOf(ComAsyncProxy);
    await expect(asyncProxy.InitSync(1)).resolves.toBe(S_OK);
    expect(asAsync(asyncProxy)).toBe(asyncProxy);

    const proxy = calling.connect('ostx', IOSTXProxy);
    const facade = asAsync<IOSTX>(proxy);
    await expect(facade.InitSync(2)).resolves.toBe(S_OK);
    expect(asAsync(facade)).toBe(facade);
    expect(ostx.calls).toEqual([
      ['InitSync', 1],
      ['InitSync', 2],
    ]);

    ostx.initSync = () => {
      throw new Error('plain objects reject');
    };
    await expect(asAsync<IOSTX>(ostx).InitSync(3)).rejects.toThrow('plain objects reject');
    expect(() => asAsync(null)).toThrow(ComError);
  });

  it('satisfies the generated IUnknown type', () => {
    const { calling } = setUp();
    const proxy: ComUnknown = calling.connect('ostx', IOSTXProxy);
    expect(proxy.Release()).toBe(0);
  });
});
