/**
 * Proxy -> channel -> stub -> implementation round trips for every method of IOSTX, IPSTX, IMAPISync,
 * IMAPISyncProgressCallback and IMAPIProgress, using the generated packages only: over the in-process
 * channel (synchronous proxies) and over a worker_threads MessageChannel in this thread (asynchronous
 * proxies). The cases are driven by the generated `vtables`: every callable slot needs a row in the argument
 * table, so a method added to the IDL without one fails the suite. Each row checks that the in values reach
 * the implementation (a strict generated mock) exactly, in the slot the layout gives, and that the [out] and
 * [in, out] values and the HRESULT (S_OK, S_FALSE, MAPI_E_CALL_FAILED) come back.
 *
 * Also: interface pointers crossing the other way (an [in] IMAPIProgress the implementation calls back; the
 * IUnknown in MAPISIB.punkCallBack, queried for IMAPISyncProgressCallback), an [out] IOSTX from
 * IPSTX::GetSyncObject, QueryInterface on an IPSTX proxy, AddRef/Release counts, placeholder slots, and the
 * structure and interface names the layouts refer to.
 */
import { MessageChannel } from 'node:worker_threads';
import {
  CO_E_OBJNOTCONNECTED,
  ComAsyncProxy,
  ComConnection,
  ComProxy,
  E_NOINTERFACE,
  E_NOTIMPL,
  IID_IUnknown,
  MAPI_E_CALL_FAILED,
  MAPI_E_NETWORK_ERROR,
  MAPI_E_NOT_FOUND,
  S_FALSE,
  S_OK,
  anyOut,
  asAsync,
  createInProcessChannel,
  eq,
  hresultName,
  inOut,
  inOutWith,
  match,
  messagePortEndpoint,
  out,
  zeroStruct,
  type ComAsync,
  type ComProxyBase,
  type ComProxyClass,
  type HRESULT,
  type InterfaceLayout,
  type Marshal,
  type Matcher,
  type SlotLayout,
} from '@comidl/runtime';
import { type ComMock } from '@comidl/runtime/mocks';
import {
  IID_IMAPIProgress,
  IID_IMAPISync,
  IID_IMAPISyncProgressCallback,
  IID_IOSTX,
  IID_IPSTX,
  LR_SYNC_CONTENTS,
  MAPI_ERROR_VERSION,
  MAPI_TOP_LEVEL,
  SYNC_DOWNLOAD_CONTENTS,
  SYNC_ON_DEMAND,
  SYNC_UPLOAD_HIERARCHY,
  structs,
  vtables,
  type HDRSYNC,
  type IMAPISync,
  type IMAPISyncProgressCallback,
  type IOSTX,
  type IPSTX,
  type IUnknown,
  type LPMAPIERROR,
  type LPVOID,
  type MAPIERROR,
  type MAPISIB,
  type SYNCCONT,
} from '@mapi-sync/interfaces';
import {
  IMAPIProgressFake,
  IMAPIProgressMock,
  IMAPISyncMock,
  IMAPISyncProgressCallbackFake,
  IMAPISyncProgressCallbackMock,
  IOSTXMock,
  IPSTXMock,
} from '@mapi-sync/mocks';
import {
  IMAPIProgressAsyncProxy,
  IMAPIProgressProxy,
  IMAPISyncAsyncProxy,
  IMAPISyncProgressCallbackAsyncProxy,
  IMAPISyncProgressCallbackProxy,
  IMAPISyncProxy,
  IMAPIProgressStub,
  IMAPISyncProgressCallbackStub,
  IMAPISyncStub,
  IOSTXAsyncProxy,
  IOSTXProxy,
  IOSTXStub,
  IPSTXAsyncProxy,
  IPSTXProxy,
  IPSTXStub,
  IUnknownAsyncProxy,
  IUnknownProxy,
  proxyStubs,
} from '@mapi-sync/proxies';

// ---- the generated pieces, by interface ------------------------------------------------------------------

const generated = {
  IOSTX: { proxy: IOSTXProxy, asyncProxy: IOSTXAsyncProxy, stub: IOSTXStub, Mock: IOSTXMock },
  IPSTX: { proxy: IPSTXProxy, asyncProxy: IPSTXAsyncProxy, stub: IPSTXStub, Mock: IPSTXMock },
  IMAPISync: { proxy: IMAPISyncProxy, asyncProxy: IMAPISyncAsyncProxy, stub: IMAPISyncStub, Mock: IMAPISyncMock },
  IMAPISyncProgressCallback: {
    proxy: IMAPISyncProgressCallbackProxy,
    asyncProxy: IMAPISyncProgressCallbackAsyncProxy,
    stub: IMAPISyncProgressCallbackStub,
    Mock: IMAPISyncProgressCallbackMock,
  },
  IMAPIProgress: { proxy: IMAPIProgressProxy, asyncProxy: IMAPIProgressAsyncProxy, stub: IMAPIProgressStub, Mock: IMAPIProgressMock },
} as const;
type InterfaceName = keyof typeof generated;
const FIVE = Object.keys(generated) as InterfaceName[];

/** A mock seen through its methods by name, for the table-driven cases. */
type AnyMock = ComMock<Record<string, (...args: unknown[]) => unknown>>;
type Methods = Record<string, ((...args: unknown[]) => unknown) | undefined>;

const layoutOf = (itf: InterfaceName): InterfaceLayout => vtables[itf];
const callable = (slot: SlotLayout): boolean => slot.index >= 3 && !slot.placeholder;
const key = (itf: string, slot: SlotLayout): string => `${itf}::${slot.name}`;

/** Every callable slot of the five interfaces, in vtable order: what the argument table must cover. */
const callableSlots = FIVE.flatMap((itf) =>
  layoutOf(itf)
    .slots.filter(callable)
    .map((slot) => ({ itf, slot, key: key(itf, slot) })),
);
const placeholderSlots = FIVE.flatMap((itf) =>
  layoutOf(itf)
    .slots.filter((s) => s.placeholder)
    .map((slot) => ({ itf, slot, key: key(itf, slot) })),
);

// ---- the two channels ------------------------------------------------------------------------------------

interface Session {
  readonly calling: ComConnection;
  readonly serving: ComConnection;
  /** Faults either connection reported (an implementation throwing, a strict mock refusing a call...). */
  readonly faults: string[];
  /** The generated proxy of the object served under `name`: synchronous in process, asynchronous otherwise. */
  connect(name: string, itf: InterfaceName): Promise<ComProxyBase>;
  /** A matcher for an in value as it arrives over this channel. */
  equalTo(expected: unknown): Matcher;
  /** Calls a method of a proxy by name; an in-process call must answer synchronously. */
  invoke(proxy: ComProxyBase, method: string, args: unknown[]): Promise<unknown>;
  close(): void;
}

function options(faults: string[], side: string) {
  return {
    proxyStubs,
    structs,
    vtables,
    onError: (error: unknown, context: { origin: string }) =>
      faults.push(`${side} (${context.origin}): ${error instanceof Error ? error.message : String(error)}`),
  };
}

function methodOf(proxy: ComProxyBase, method: string): (...args: unknown[]) => unknown {
  const fn = (proxy as unknown as Methods)[method];
  if (typeof fn !== 'function') throw new Error(`${proxy.constructor.name} has no method ${method}`);
  return fn.bind(proxy);
}

function inProcess(): Session {
  const [clientEnd, serverEnd] = createInProcessChannel();
  const faults: string[] = [];
  const serving = new ComConnection(serverEnd, options(faults, 'serving'));
  const calling = new ComConnection(clientEnd, options(faults, 'calling'));
  return {
    calling,
    serving,
    faults,
    equalTo: eq,
    connect: (name, itf) => Promise.resolve(calling.connect(name, generated[itf].proxy as ComProxyClass<ComProxy>)),
    invoke: (proxy, method, args) => {
      expect(proxy).toBeInstanceOf(ComProxy);
      const result = methodOf(proxy, method)(...args);
      expect(result).not.toBeInstanceOf(Promise);
      return Promise.resolve(result);
    },
    close: () => calling.close(),
  };
}

/**
 * Workaround: Jest's deep equality as a mock matcher. Objects a MessageChannel clones are made in Node's
 * own realm, not in the test's (Jest runs tests in a vm context), and the runtime's eq() requires the same
 * prototype on both sides, so it refuses a clone equal in every field. Jest's toEqual compares across
 * realms; the values are still compared field by field.
 */
function equalAcrossRealms(expected: unknown): Matcher {
  return match((value) => {
    try {
      expect(value).toEqual(expected);
      return true;
    } catch {
      return false;
    }
  }, `equalAcrossRealms(${JSON.stringify(expected, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? 'undefined'})`);
}

function messageChannel(): Session {
  const { port1, port2 } = new MessageChannel();
  const faults: string[] = [];
  const serving = new ComConnection(messagePortEndpoint(port2), options(faults, 'serving'));
  const calling = new ComConnection(messagePortEndpoint(port1), options(faults, 'calling'));
  return {
    calling,
    serving,
    faults,
    equalTo: equalAcrossRealms,
    connect: (name, itf) => calling.connectAsync(name, generated[itf].asyncProxy as ComProxyClass<ComAsyncProxy>),
    invoke: (proxy, method, args) => {
      expect(proxy).toBeInstanceOf(ComAsyncProxy);
      const result = methodOf(proxy, method)(...args);
      expect(result).toBeInstanceOf(Promise);
      return result as Promise<unknown>;
    },
    close: () => {
      calling.close();
      serving.close();
    },
  };
}

const channels: ReadonlyArray<[string, () => Session]> = [
  ['in-process channel', inProcess],
  ['MessageChannel', messageChannel],
];

let session: Session | undefined;
afterEach(() => {
  session?.close();
  session = undefined;
});

function open(make: () => Session): Session {
  session = make();
  return session;
}

/** The proxy of `name` in the asynchronous form, typed as the generated interface. */
async function connectAs<T>(s: Session, name: string, itf: InterfaceName): Promise<ComAsync<T>> {
  return asAsync(((await s.connect(name, itf)) as unknown) as T);
}

/**
 * Runs an implementation's steps in order. Over the in-process channel the proxies it calls answer at once
 * and so does it; over the MessageChannel they answer promises, and it answers one (the serving side
 * awaits it). The result is the last step's.
 */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function inOrder(steps: ReadonlyArray<() => unknown>): unknown {
  let value: unknown;
  for (let i = 0; i < steps.length; i++) {
    value = steps[i]();
    const rest = steps.slice(i + 1);
    if (isThenable(value)) return rest.length ? value.then(() => inOrder(rest)) : value;
  }
  return value;
}

// ---- the argument table ------------------------------------------------------------------------------------

interface Row {
  /** The arguments as the caller passes them: in values, and fresh boxes for [out] and [in, out] parameters. */
  readonly args: () => unknown[];
  /** What the implementation stores in the [out] and [in, out] boxes, by parameter name. */
  readonly outs?: Readonly<Record<string, unknown>>;
}

function mapiError(text: string, component: string): MAPIERROR {
  return { ulVersion: MAPI_ERROR_VERSION, lpszError: text, lpszComponent: component, ulLowLevelError: 0x2746, ulContext: 7 };
}

/** A message's entry ID: four flag bytes and the provider's bytes. */
const entryId = () => ({ abFlags: new Uint8Array([0, 0, 0, 0]), ab: new Uint8Array([0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5]) });

function synccont(): SYNCCONT {
  return { ...zeroStruct<SYNCCONT>(structs, 'SYNCCONT'), iEnt: 0, cEnt: 3 };
}

function hdrsync(): HDRSYNC {
  const hdr = zeroStruct<HDRSYNC>(structs, 'HDRSYNC');
  hdr.feidPar.abFlags[3] = 0x80;
  hdr.feidPar.ltid.wLevel = 2;
  return hdr;
}

/**
 * Argument values per method, keyed `Interface::Method`. The interface pointer parameters get a null
 * pointer here; the describe blocks further down pass real objects.
 */
const rows: Readonly<Record<string, Row>> = {
  'IOSTX::GetLastError': {
    args: () => [MAPI_E_NETWORK_ERROR, 0, out<LPMAPIERROR>()],
    outs: { lppMAPIError: mapiError('The server is not available', 'IOSTX') },
  },
  // An arbitrary flag word, so that a dropped or shifted argument shows.
  'IOSTX::InitSync': { args: () => [0x00000020] },
  // The [in] half of ppv is whatever the caller's pointer held; the [out] half is the state's structure.
  'IOSTX::SyncBeg': { args: () => [LR_SYNC_CONTENTS, inOut<LPVOID>({ held: 'by the caller' })], outs: { ppv: synccont() } },
  'IOSTX::SyncEnd': { args: () => [] },
  'IOSTX::SyncHdrBeg': { args: () => [10, entryId(), inOut<LPVOID>(null)], outs: { ppv: hdrsync() } },
  'IOSTX::SyncHdrEnd': { args: () => [null] },
  'IOSTX::SetSyncResult': { args: () => [MAPI_E_NETWORK_ERROR] },
  'IPSTX::GetLastError': {
    args: () => [MAPI_E_NOT_FOUND, 0, out<LPMAPIERROR>()],
    outs: { lppMAPIError: mapiError('The folder was not found', 'IPSTX') },
  },
  'IPSTX::GetSyncObject': { args: () => [out<IOSTX | null>()], outs: { ppostx: null } },
  'IPSTX::EmulateSpooler': { args: () => [1] },
  'IMAPISync::SynchronizeInBackground': {
    args: (): [MAPISIB] => [
      {
        ulSize: 40,
        ulFlags: SYNC_UPLOAD_HIERARCHY | SYNC_DOWNLOAD_CONTENTS | SYNC_ON_DEMAND,
        psesSync: null,
        punkCallBack: null,
        phSyncDoneEvent: null,
      },
    ],
  },
  'IMAPISyncProgressCallback::Progress': { args: () => ['Synchronizing Inbox (3 of 10)', 3, 10] },
  'IMAPISyncProgressCallback::Error': { args: () => [MAPI_E_NETWORK_ERROR, 'The server is not available'] },
  'IMAPISyncProgressCallback::Done': { args: () => [0x2a4, S_OK] },
  'IMAPIProgress::Progress': { args: () => [250, 5, 20] },
  'IMAPIProgress::GetFlags': { args: () => [out<number>()], outs: { lpulFlags: MAPI_TOP_LEVEL } },
  'IMAPIProgress::GetMax': { args: () => [out<number>()], outs: { lpulMax: 2000 } },
  'IMAPIProgress::GetMin': { args: () => [out<number>()], outs: { lpulMin: 10 } },
  'IMAPIProgress::SetLimits': { args: () => [10, 2000, MAPI_TOP_LEVEL] },
};

/** A matcher per parameter: the in value (the [in] half of an [in, out] box) exactly, any box for [out]. */
function matchersFor(s: Session, slot: SlotLayout, args: readonly unknown[]): Matcher[] {
  return slot.parameters.map((p, i) => {
    if (p.direction === 'in') return s.equalTo(args[i]);
    if (p.direction === 'in,out') return inOutWith(s.equalTo((args[i] as { value: unknown }).value));
    return anyOut();
  });
}

const HRESULTS: ReadonlyArray<[string, HRESULT]> = [
  ['S_OK', S_OK],
  ['S_FALSE', S_FALSE],
  ['MAPI_E_CALL_FAILED', MAPI_E_CALL_FAILED],
];

describe('the argument table', () => {
  it('has a row for every callable slot of the five interfaces, and none for anything else', () => {
    expect(callableSlots.length).toBeGreaterThan(0);
    const missing = callableSlots.filter((s) => !(s.key in rows)).map((s) => `${s.key} (slot ${s.slot.index})`);
    expect({ missing }).toEqual({ missing: [] });
    const stale = Object.keys(rows).filter((k) => !callableSlots.some((s) => s.key === k));
    expect({ stale }).toEqual({ stale: [] });
  });

  it('passes, for every row, one argument per parameter, boxes exactly where the layout has [out] or [in, out]', () => {
    for (const { key: name, slot } of callableSlots) {
      const args = rows[name]?.args() ?? [];
      expect({ name, count: args.length }).toEqual({ name, count: slot.parameters.length });
      slot.parameters.forEach((p, i) => {
        const boxed = typeof args[i] === 'object' && args[i] !== null && 'value' in (args[i] as object);
        expect({ name, parameter: p.name, boxed }).toEqual({ name, parameter: p.name, boxed: p.direction !== 'in' });
      });
      const outs = slot.parameters.filter((p) => p.direction !== 'in').map((p) => p.name);
      expect({ name, outs: Object.keys(rows[name]?.outs ?? {}).sort() }).toEqual({ name, outs: [...outs].sort() });
    }
  });
});

describe.each(channels)('round trips over the %s', (_channel, make) => {
  describe.each(callableSlots)('$key (slot $slot.index)', ({ itf, slot, key: name }) => {
    it.each(HRESULTS)('carries the in values there and the [out] values and %s back', async (_hr, hr) => {
      const row = rows[name];
      if (row === undefined) throw new Error(`no argument values for ${name} (slot ${slot.index}): add a row to the table`);
      const s = open(make);
      const mock = new generated[itf].Mock({ strict: true }) as unknown as AnyMock;
      const behaviour = mock.on(slot.name, ...matchersFor(s, slot, row.args())).returns(hr);
      if (row.outs) behaviour.sets(row.outs);
      s.serving.serve('object', mock, itf);
      const proxy = await s.connect('object', itf);

      const args = row.args();
      const result = await s.invoke(proxy, slot.name, args);

      expect(s.faults).toEqual([]);
      expect(hresultName(result as number)).toBe(hresultName(hr));
      expect(mock.calls).toHaveLength(1);
      const [call] = mock.calls;
      expect({ slot: call.slot, method: call.method }).toEqual({ slot: slot.index, method: slot.name });
      slot.parameters.forEach((p, i) => {
        if (p.direction === 'in') expect({ [p.name]: call.args[i] }).toEqual({ [p.name]: row.args()[i] });
      });
      // [out] values are checked on success; after a failure COM leaves them unspecified.
      if (hr >= 0) {
        slot.parameters.forEach((p, i) => {
          if (p.direction !== 'in') expect({ [p.name]: (args[i] as { value: unknown }).value }).toEqual({ [p.name]: row.outs![p.name] });
        });
      }
      mock.verify();
    });
  });
});

describe.each(channels)('interface pointers over the %s', (_channel, make) => {
  it('IOSTX::SyncHdrEnd: the implementation calls back the caller’s IMAPIProgress through a proxy', async () => {
    const s = open(make);
    const ostx = new IOSTXMock({ strict: true });
    let received: unknown;
    ostx.on('SyncHdrEnd', match((p) => p !== null, 'a progress object')).does((pprog) => {
      received = pprog;
      const progress = pprog!;
      const max = out<number>();
      return inOrder([
        () => progress.SetLimits(1, 40, MAPI_TOP_LEVEL),
        () => progress.GetMax(max),
        () => progress.Progress(max.value!, 1, 1),
        () => S_FALSE,
      ]) as HRESULT;
    });
    s.serving.serve('ostx', ostx, 'IOSTX');
    const proxy = await connectAs<IOSTX>(s, 'ostx', 'IOSTX');
    const progress = new IMAPIProgressFake();

    await expect(proxy.SyncHdrEnd(progress)).resolves.toBe(S_FALSE);

    expect(s.faults).toEqual([]);
    expect(received).not.toBe(progress);
    expect(received).toBeInstanceOf(s.serving.synchronous ? IMAPIProgressProxy : IMAPIProgressAsyncProxy);
    expect(progress.events).toEqual([
      { method: 'SetLimits', args: { lpulMin: 1, lpulMax: 40, lpulFlags: MAPI_TOP_LEVEL } },
      { method: 'GetMax', args: {} },
      { method: 'Progress', args: { ulValue: 40, ulCount: 1, ulTotal: 1 } },
    ]);
    // The pointer was lent for the call: nothing of the caller's stays exported.
    expect(s.calling.exportCount).toBe(0);
  });

  it('IMAPISync::SynchronizeInBackground: MAPISIB.punkCallBack is queried for IMAPISyncProgressCallback and called back', async () => {
    const s = open(make);
    const sync = new IMAPISyncMock({ strict: true });
    let seen: MAPISIB | undefined;
    const hSyncDoneEvent = 0x1c8;
    sync.on('SynchronizeInBackground').does((psibpb) => {
      seen = psibpb!;
      const callback = out<IUnknown | null>();
      let sink!: IMAPISyncProgressCallback;
      return inOrder([
        () => psibpb!.punkCallBack!.QueryInterface(IID_IMAPISyncProgressCallback, callback),
        () => {
          sink = callback.value as IMAPISyncProgressCallback;
          return sink.Progress('Synchronizing Inbox', 1, 2);
        },
        () => sink.Progress(null, 2, 2),
        () => sink.Error(MAPI_E_NETWORK_ERROR, 'Sent Items could not be synchronized'),
        () => sink.Done(hSyncDoneEvent, S_OK),
        () => sink.Release(),
        () => S_OK,
      ]) as HRESULT;
    });
    s.serving.serve('store', sync, 'IMAPISync');
    const proxy = await connectAs<IMAPISync>(s, 'store', 'IMAPISync');
    const sink = new IMAPISyncProgressCallbackFake();
    const sib: MAPISIB = {
      ulSize: 40,
      ulFlags: SYNC_UPLOAD_HIERARCHY | SYNC_DOWNLOAD_CONTENTS,
      psesSync: null,
      punkCallBack: sink,
      phSyncDoneEvent: null,
    };

    await expect(proxy.SynchronizeInBackground(sib)).resolves.toBe(S_OK);

    expect(s.faults).toEqual([]);
    expect(seen).toMatchObject({ ulSize: 40, ulFlags: SYNC_UPLOAD_HIERARCHY | SYNC_DOWNLOAD_CONTENTS, psesSync: null, phSyncDoneEvent: null });
    expect(seen!.punkCallBack).not.toBe(sink);
    expect(seen!.punkCallBack).toBeInstanceOf(s.serving.synchronous ? IUnknownProxy : IUnknownAsyncProxy);
    expect(sink.callsTo('QueryInterface').map((c) => c.args[0])).toEqual([IID_IMAPISyncProgressCallback]);
    expect(sink.events).toEqual([
      { method: 'Progress', args: { pwcszProgress: 'Synchronizing Inbox', ulIndex: 1, ulIndexMax: 2 } },
      { method: 'Progress', args: { pwcszProgress: null, ulIndex: 2, ulIndexMax: 2 } },
      { method: 'Error', args: { hResult: MAPI_E_NETWORK_ERROR, pwcszErrorStr: 'Sent Items could not be synchronized' } },
      { method: 'Done', args: { hThreadDoneEvent: hSyncDoneEvent, hResult: S_OK } },
    ]);
    expect(sib.punkCallBack).toBe(sink); // the caller's structure is left alone
    expect(s.calling.exportCount).toBe(0); // borrowed for the call, and the queried reference released
  });

  it('IPSTX::GetSyncObject hands out an IOSTX the caller owns as a proxy', async () => {
    const s = open(make);
    const pstx = new IPSTXMock({ strict: true });
    const ostx = new IOSTXMock({ strict: true });
    pstx.on('GetSyncObject', anyOut()).sets({ ppostx: ostx }).returns(S_OK);
    ostx.on('InitSync', 0x20).returns(S_OK);
    s.serving.serve('store', pstx, 'IPSTX');
    const store = await connectAs<IPSTX>(s, 'store', 'IPSTX');

    const ppostx = out<IOSTX | null>();
    await expect(store.GetSyncObject(ppostx)).resolves.toBe(S_OK);
    expect(ppostx.value).toBeInstanceOf(s.calling.synchronous ? IOSTXProxy : IOSTXAsyncProxy);
    const replication = asAsync(ppostx.value!);
    await expect(replication.InitSync(0x20)).resolves.toBe(S_OK);
    expect(ostx.calls.map((c) => [c.slot, c.method, c.args])).toEqual([[4, 'InitSync', [0x20]]]);
    expect(s.serving.exportCount).toBe(2);
    await expect(replication.Release()).resolves.toBe(0);
    expect(s.serving.exportCount).toBe(1);
    await expect(replication.InitSync(0x20)).resolves.toBe(CO_E_OBJNOTCONNECTED);
    expect(ostx.calls).toHaveLength(1);
    expect(s.faults).toEqual([]);
  });
});

describe.each(channels)('IUnknown over the %s', (_channel, make) => {
  /** A store object: IPSTX, and (through its own QueryInterface) IMAPISync, as a store provider exposes them. */
  function store(s: Session) {
    const pstx = new IPSTXMock({ strict: true });
    const sync = new IMAPISyncMock({ strict: true });
    pstx.on('QueryInterface', IID_IMAPISync, anyOut()).sets({ ppvObject: sync }).returns(S_OK);
    sync.on('SynchronizeInBackground').returns(S_OK);
    s.serving.serve('store', pstx, 'IPSTX');
    return { pstx, sync };
  }

  it('QueryInterface from an IPSTX proxy: IMAPISync, which the store supports; IPSTX and IUnknown', async () => {
    const s = open(make);
    const { pstx, sync } = store(s);
    const proxy = await connectAs<IPSTX>(s, 'store', 'IPSTX');

    const ppv = out<IUnknown | null>();
    await expect(proxy.QueryInterface(IID_IMAPISync, ppv)).resolves.toBe(S_OK);
    expect(ppv.value).toBeInstanceOf(s.calling.synchronous ? IMAPISyncProxy : IMAPISyncAsyncProxy);
    await expect(asAsync(ppv.value as IMAPISync).SynchronizeInBackground(null)).resolves.toBe(S_OK);
    expect(sync.callCount('SynchronizeInBackground')).toBe(1);
    expect(pstx.callsTo('QueryInterface').map((c) => c.args[0])).toEqual([IID_IMAPISync]);

    // IIDs of the layout chain are answered by the connection, without asking the implementation.
    const self = out<IUnknown | null>();
    await expect(proxy.QueryInterface(IID_IPSTX, self)).resolves.toBe(S_OK);
    expect(self.value).toBeInstanceOf(s.calling.synchronous ? IPSTXProxy : IPSTXAsyncProxy);
    const unknown = out<IUnknown | null>();
    await expect(proxy.QueryInterface(IID_IUnknown, unknown)).resolves.toBe(S_OK);
    expect(unknown.value).toBeInstanceOf(s.calling.synchronous ? ComProxy : ComAsyncProxy);
    expect(pstx.callCount('QueryInterface')).toBe(1);
    expect(s.faults).toEqual([]);
  });

  it('QueryInterface from an IPSTX proxy: E_NOINTERFACE and a null pointer for an unrelated IID', async () => {
    const s = open(make);
    const { pstx } = store(s);
    const proxy = await connectAs<IPSTX>(s, 'store', 'IPSTX');
    for (const iid of [IID_IMAPIProgress, IID_IOSTX, '01234567-89ab-cdef-0123-456789abcdef']) {
      const ppv = out<IUnknown | null>();
      ppv.value = proxy as unknown as IUnknown;
      await expect(proxy.QueryInterface(iid, ppv)).resolves.toBe(E_NOINTERFACE);
      expect({ iid, pointer: ppv.value }).toEqual({ iid, pointer: null });
    }
    // The implementation was asked for the registered IIDs and said no; the object is still there.
    expect(pstx.callsTo('QueryInterface').map((c) => c.args[0])).toEqual([IID_IMAPIProgress, IID_IOSTX]);
    await expect(proxy.AddRef()).resolves.toBe(2);
    expect(s.faults).toEqual([]);
  });

  it('AddRef and Release answer the serving side’s counts; after the last Release the object is gone', async () => {
    const s = open(make);
    const ostx = new IOSTXMock({ strict: true });
    ostx.on('InitSync').returns(S_OK);
    s.serving.serve('ostx', ostx, 'IOSTX');
    const proxy = await connectAs<IOSTX>(s, 'ostx', 'IOSTX');
    expect(s.serving.exportCount).toBe(1);
    await expect(proxy.AddRef()).resolves.toBe(2);
    await expect(proxy.AddRef()).resolves.toBe(3);
    await expect(proxy.Release()).resolves.toBe(2);
    await expect(proxy.Release()).resolves.toBe(1);
    await expect(proxy.InitSync(1)).resolves.toBe(S_OK);
    await expect(proxy.Release()).resolves.toBe(0);
    expect(s.serving.exportCount).toBe(0);
    await expect(proxy.InitSync(2)).resolves.toBe(CO_E_OBJNOTCONNECTED);
    await expect(proxy.AddRef()).resolves.toBe(0);
    // The connection counts for the object: the implementation's own IUnknown slots are not called.
    expect(ostx.calls.map((c) => [c.method, c.args])).toEqual([['InitSync', [1]]]);

    const again = await connectAs<IOSTX>(s, 'ostx', 'IOSTX');
    await expect(again.Release()).resolves.toBe(0);
    expect(s.faults).toEqual([]);
  });
});

describe.each(channels)('placeholder slots over the %s', (_channel, make) => {
  it.each(placeholderSlots)('$key (slot $slot.index) answers E_NOTIMPL without reaching the implementation', async ({ itf, slot }) => {
    const s = open(make);
    const mock = new generated[itf].Mock() as unknown as AnyMock;
    s.serving.serve('object', mock, itf);
    const proxy = (await s.connect('object', itf)) as ComProxy | ComAsyncProxy;
    expect((proxy as unknown as Methods)[slot.name]).toBeUndefined();
    await expect(Promise.resolve(proxy.$invoke(slot.index, []))).resolves.toBe(E_NOTIMPL);
    expect(mock.calls).toEqual([]);
    expect(s.faults).toEqual([]);
  });
});

describe('placeholder slots at the stub', () => {
  it.each(placeholderSlots)('$key: the generated stub answers E_NOTIMPL and calls nothing', ({ itf, slot }) => {
    const mock = new generated[itf].Mock() as unknown as AnyMock;
    const dispatch = (generated[itf].stub as (impl: unknown) => (slot: number, args: unknown[]) => unknown)(mock);
    expect(dispatch(slot.index, [])).toBe(E_NOTIMPL);
    expect(mock.calls).toEqual([]);
  });
});

describe('the names the layouts refer to', () => {
  /** Every `{ struct }` and `{ itf }` inside a marshal descriptor, with where it was found. */
  function references(marshal: Marshal, where: string, found: Array<{ kind: 'struct' | 'itf'; name: string; where: string }>) {
    if (typeof marshal !== 'object') return;
    if ('struct' in marshal) found.push({ kind: 'struct', name: marshal.struct, where });
    if ('itf' in marshal) found.push({ kind: 'itf', name: marshal.itf, where });
    if ('array' in marshal) references(marshal.array, where, found);
  }

  const found: Array<{ kind: 'struct' | 'itf'; name: string; where: string }> = [];
  for (const layout of Object.values(vtables) as InterfaceLayout[]) {
    for (const slot of layout.slots) {
      for (const p of slot.parameters) references(p.marshal, `${layout.name}::${slot.name}(${p.name})`, found);
    }
  }
  for (const layout of Object.values(structs)) {
    for (const f of layout.fields) references(f.marshal, `${layout.name}.${f.name}`, found);
  }

  it('finds structure and interface references to check', () => {
    expect(found.some((r) => r.kind === 'struct')).toBe(true);
    expect(found.some((r) => r.kind === 'itf')).toBe(true);
  });

  it('names only structures that `structs` has, so that the marshaller can walk them', () => {
    const unknown = found.filter((r) => r.kind === 'struct' && !Object.hasOwn(structs, r.name));
    expect(unknown.map((r) => `${r.where}: no structure '${r.name}' in structs`)).toEqual([]);
  });

  it('names only interfaces that have a layout and a proxy/stub entry', () => {
    const unknown = found.filter((r) => r.kind === 'itf' && !(Object.hasOwn(vtables, r.name) && Object.hasOwn(proxyStubs, r.name)));
    expect(unknown.map((r) => `${r.where}: no layout or proxy/stub entry for '${r.name}'`)).toEqual([]);
  });

  it('registers the generated classes and stubs for each of the five interfaces', () => {
    for (const itf of FIVE) {
      expect({ itf, entry: proxyStubs[itf] }).toEqual({
        itf,
        entry: { layout: vtables[itf], proxy: generated[itf].proxy, asyncProxy: generated[itf].asyncProxy, stub: generated[itf].stub },
      });
      expect(generated[itf].proxy.layout).toBe(vtables[itf]);
      expect(generated[itf].asyncProxy.layout).toBe(vtables[itf]);
    }
  });
});
