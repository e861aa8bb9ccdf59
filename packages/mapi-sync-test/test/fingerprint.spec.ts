/**
 * Layout fingerprints on connect, with the generated IOSTX: a proxy class built from a different layout of
 * the same IID (two slots swapped, or a parameter's direction changed, each with its own fingerprint) is
 * refused on connect with a ComError naming IOSTX and both fingerprints, over the in-process channel and a
 * MessageChannel, and the implementation (a generated mock) records no call. The generated IOSTXProxy
 * itself connects, and an [out] IOSTX pointer is refused the same way by a side built from the other layout.
 */
import { createHash } from 'node:crypto';
import { MessageChannel } from 'node:worker_threads';
import {
  ComAsyncProxy,
  ComConnection,
  ComError,
  ComProxy,
  E_NOINTERFACE,
  S_OK,
  createInProcessChannel,
  messagePortEndpoint,
  out,
  type ComProxyClass,
  type InterfaceLayout,
  type ProxyStubRecord,
  type SlotLayout,
} from '@comidl/runtime';
import { structs, vtables, type IOSTX } from '@mapi-sync/interfaces';
import { IOSTXMock, IPSTXMock } from '@mapi-sync/mocks';
import { IOSTXAsyncProxy, IOSTXProxy, IPSTXAsyncProxy, IPSTXProxy, proxyStubs } from '@mapi-sync/proxies';

/** A fingerprint of a layout: a hash of the IID and every slot's name, declaring interface, return type and parameters. */
function fingerprintOf(layout: InterfaceLayout): string {
  const text = JSON.stringify({
    iid: layout.iid,
    slots: layout.slots.map((s) => [s.name, s.declaredIn, s.returns, s.placeholder, s.parameters.map((p) => `${p.direction} ${p.type}`)]),
  });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The generated IOSTX layout changed by `change`, re-indexed, with the fingerprint of the result. */
function changedLayout(change: (slots: SlotLayout[]) => SlotLayout[]): InterfaceLayout {
  const original: InterfaceLayout = vtables.IOSTX;
  const slots = change(original.slots.map((s) => ({ ...s }))).map((s, index) => ({ ...s, index }));
  const layout: InterfaceLayout = { ...original, slots, fingerprint: '' };
  return { ...layout, fingerprint: fingerprintOf(layout) };
}

const slotIndex = (name: string): number => vtables.IOSTX.slots.findIndex((s) => s.name === name);

/** SyncBeg and SyncEnd trade places: a caller compiled this way calls SyncEnd through slot 5. */
const swapped = changedLayout((slots) => {
  const [beg, end] = [slotIndex('SyncBeg'), slotIndex('SyncEnd')];
  [slots[beg], slots[end]] = [slots[end], slots[beg]];
  return slots;
});

/** SyncBeg's ppv is [out] instead of [in, out]: the [in] half would not be sent. */
const outOnly = changedLayout((slots) =>
  slots.map((s) =>
    s.name === 'SyncBeg' ? { ...s, parameters: s.parameters.map((p) => (p.name === 'ppv' ? { ...p, direction: 'out' as const } : p)) } : s,
  ),
);

function proxyClasses(layout: InterfaceLayout) {
  class IOSTXProxyOfOtherLayout extends IOSTXProxy {
    static override readonly layout = layout;
  }
  class IOSTXAsyncProxyOfOtherLayout extends IOSTXAsyncProxy {
    static override readonly layout = layout;
  }
  return { proxy: IOSTXProxyOfOtherLayout, asyncProxy: IOSTXAsyncProxyOfOtherLayout };
}

const variants: ReadonlyArray<[string, InterfaceLayout]> = [
  ['SyncBeg and SyncEnd swapped', swapped],
  ["SyncBeg's ppv [out] instead of [in, out]", outOnly],
];

interface Pair {
  readonly calling: ComConnection;
  readonly serving: ComConnection;
  readonly synchronous: boolean;
  close(): void;
}

function inProcess(callingStubs: ProxyStubRecord = proxyStubs): Pair {
  const [clientEnd, serverEnd] = createInProcessChannel();
  const serving = new ComConnection(serverEnd, { proxyStubs, structs, vtables });
  const calling = new ComConnection(clientEnd, { proxyStubs: callingStubs, structs, vtables });
  return { calling, serving, synchronous: true, close: () => calling.close() };
}

function messageChannel(callingStubs: ProxyStubRecord = proxyStubs): Pair {
  const { port1, port2 } = new MessageChannel();
  const serving = new ComConnection(messagePortEndpoint(port2), { proxyStubs, structs, vtables });
  const calling = new ComConnection(messagePortEndpoint(port1), { proxyStubs: callingStubs, structs, vtables });
  return {
    calling,
    serving,
    synchronous: false,
    close: () => {
      calling.close();
      serving.close();
    },
  };
}

const channels: ReadonlyArray<[string, (callingStubs?: ProxyStubRecord) => Pair]> = [
  ['in-process channel', inProcess],
  ['MessageChannel', messageChannel],
];

let open: Pair | undefined;
afterEach(() => {
  open?.close();
  open = undefined;
});

/** What `connect` (or `connectAsync`) threw, or 'connected'. */
async function connectError(pair: Pair, proxyClass: ComProxyClass<ComProxy>, asyncClass: ComProxyClass<ComAsyncProxy>): Promise<unknown> {
  try {
    if (pair.synchronous) pair.calling.connect('ostx', proxyClass);
    else await pair.calling.connectAsync('ostx', asyncClass);
    return 'connected';
  } catch (error) {
    return error;
  }
}

describe('the changed layouts', () => {
  it.each(variants)('%s: same interface and IID, other slots, another fingerprint', (_name, layout) => {
    expect(layout.name).toBe('IOSTX');
    expect(layout.iid).toBe(vtables.IOSTX.iid);
    expect(layout.slots).not.toEqual(vtables.IOSTX.slots);
    expect(layout.slots.map((s) => s.index)).toEqual(vtables.IOSTX.slots.map((s) => s.index));
    expect(layout.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(layout.fingerprint).not.toBe(vtables.IOSTX.fingerprint);
  });

  it('differ from each other', () => {
    expect(swapped.fingerprint).not.toBe(outOnly.fingerprint);
  });
});

describe.each(channels)('connect over the %s', (_channel, make) => {
  it('accepts the generated IOSTX proxy, whose layout is the serving side’s', async () => {
    const pair = (open = make());
    const ostx = new IOSTXMock({ strict: true });
    ostx.on('InitSync', 0).returns(S_OK);
    pair.serving.serve('ostx', ostx, 'IOSTX');
    const proxy = pair.synchronous ? pair.calling.connect('ostx', IOSTXProxy) : await pair.calling.connectAsync('ostx', IOSTXAsyncProxy);
    await expect(Promise.resolve(proxy.InitSync(0))).resolves.toBe(S_OK);
    expect(ostx.calls.map((c) => c.method)).toEqual(['InitSync']);
  });

  it.each(variants)('refuses an IOSTX proxy built from another layout (%s), naming IOSTX and both fingerprints', async (_name, layout) => {
    const pair = (open = make());
    const ostx = new IOSTXMock();
    pair.serving.serve('ostx', ostx, 'IOSTX');
    const { proxy, asyncProxy } = proxyClasses(layout);

    const error = await connectError(pair, proxy, asyncProxy);

    expect(error).toBeInstanceOf(ComError);
    const refused = error as ComError;
    expect(refused.hresult).toBe(E_NOINTERFACE);
    expect(refused.interfaceName).toBe('IOSTX');
    expect(refused.message).toContain('IOSTX');
    expect(refused.message).toContain(`proxy fingerprint ${layout.fingerprint}`);
    expect(refused.message).toContain(`stub fingerprint ${vtables.IOSTX.fingerprint}`);
    expect(ostx.calls).toEqual([]);
    expect(pair.serving.exportCount).toBe(0);
  });
});

describe.each(channels)('an [out] IOSTX pointer over the %s', (_channel, make) => {
  it.each(variants)('is refused by a calling side built from another layout (%s); the IOSTX records no call', async (_name, layout) => {
    const classes = proxyClasses(layout);
    const pair = (open = make({ ...proxyStubs, IOSTX: { ...proxyStubs.IOSTX, layout, ...classes } }));
    const pstx = new IPSTXMock();
    const ostx = new IOSTXMock();
    pstx.on('GetSyncObject').sets({ ppostx: ostx }).returns(S_OK);
    pair.serving.serve('store', pstx, 'IPSTX');
    const store = pair.synchronous ? pair.calling.connect('store', IPSTXProxy) : await pair.calling.connectAsync('store', IPSTXAsyncProxy);

    const ppostx = out<IOSTX | null>();
    await expect(Promise.resolve(store.GetSyncObject(ppostx))).resolves.toBe(E_NOINTERFACE);
    expect(ppostx.value).toBeUndefined();
    expect(pstx.callCount('GetSyncObject')).toBe(1);
    expect(ostx.calls).toEqual([]);
    // The reference handed out with the refused pointer was given back: only the store is left exported.
    await expect(Promise.resolve(store.AddRef())).resolves.toBe(2);
    expect(pair.serving.exportCount).toBe(1);
  });
});
