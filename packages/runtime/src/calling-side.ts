/**
 * The calling side of a connection: connects to the objects the other side serves, forwards proxies'
 * calls (the same-realm shortcut, or a request over the channel), and turns references that arrive into
 * proxies.
 *
 * - Interface pointers in in values are borrowed for one call: the sender counts a reference while the call
 *   runs and drops it when the answer is back, so the callee must AddRef to keep one. Pointers in [out]
 *   values, QueryInterface answers and connects hand a reference over; the receiving proxy owns it.
 * - A connect, and every reference that arrives, is refused when the two sides' layouts differ.
 */
import type {
  CallRequest,
  ChannelEndpoint,
  ChannelReply,
  ChannelRequest,
  ConnectRequest,
  RefCountRequest,
  SyncCallTarget,
  WireMemberChanges,
  WireReference,
} from './channels/channel.js';
import { ComError } from './com-error.js';
import { connectMismatch, describe, detailOf, isThenable, referenceMismatch, type ConnectionShared } from './connection-shared.js';
import type { GUID } from './guid.js';
import { CO_E_OBJNOTCONNECTED, E_FAIL, E_INVALIDARG, E_NOINTERFACE, E_NOTIMPL, E_POINTER, E_UNEXPECTED, RPC_E_DISCONNECTED, SUCCEEDED, type HRESULT } from './hresult.js';
import type { InterfaceLayout } from './layout.js';
import { MarshalScope, opaqueValuesArePlain, type SlotPlan } from './marshal.js';
import type { Out } from './out.js';
import { ComAsyncProxy, ComProxyBase, type ComProxyClass } from './proxy.js';
import type { ServingSide } from './serving-side.js';
import { dropDisconnected, proxiesIn, snapshotValue } from './shared-structures.js';
import type { ComUnknown } from './unknown.js';

type SyncEndpoint = Extract<ChannelEndpoint, { synchronous: true }>;
type AsyncEndpoint = Extract<ChannelEndpoint, { synchronous: false }>;

/** A structure the other side lent this one: the copy here, the members both sides last agreed on. */
interface BorrowedStructure {
  readonly value: object;
  readonly struct: string;
  readonly base: Record<string, unknown>;
  /** Proxies that came with it: released when the lender takes it back. */
  readonly imported: object[];
}

export class CallingSide {
  private readonly pending = new Map<number, (reply: ChannelReply) => void>();
  /** Structures lent by the objects behind proxies of this connection: ipid -> lent id -> structure. */
  private readonly borrowed = new Map<number, Map<number, BorrowedStructure>>();
  /** The endpoint can hand out same-realm call targets. */
  private readonly targets: boolean;
  private nextRequest = 1;

  constructor(
    private readonly shared: ConnectionShared,
    private readonly serving: ServingSide,
  ) {
    const endpoint = shared.endpoint;
    this.targets = endpoint.synchronous && typeof endpoint.target === 'function';
  }

  connect<P extends ComProxyBase>(name: string, proxyClass: ComProxyClass<P>): P {
    const request = this.connectRequest(name, proxyClass);
    if (!this.shared.synchronous) {
      throw new ComError(E_UNEXPECTED, `connect('${name}'): the channel is asynchronous; use connectAsync`, {});
    }
    return this.connected(name, proxyClass, this.requestSync(request));
  }

  async connectAsync<P extends ComProxyBase>(name: string, proxyClass: ComProxyClass<P>): Promise<P> {
    const request = this.connectRequest(name, proxyClass);
    if (this.shared.synchronous) return this.connected(name, proxyClass, this.requestSync(request));
    if (!(proxyClass.prototype instanceof ComAsyncProxy)) {
      throw new ComError(
        E_INVALIDARG,
        `connectAsync('${name}'): ${proxyClass.name} is a synchronous proxy; an asynchronous channel needs the async proxy class`,
      );
    }
    return this.connected(name, proxyClass, await this.requestAsync(request));
  }

  invokeSync(proxy: ComProxyBase, slot: number, args: unknown[]): unknown {
    // The same-realm shortcut: nothing to marshal, the target looked up by an earlier call.
    const target = proxy.$target;
    const direct = proxy.$direct[slot];
    if (
      target != null &&
      target.live &&
      (direct === 1 || (direct === 2 && opaqueValuesArePlain(proxy.$plans[slot]!, args))) &&
      !proxy.$disconnected
    ) {
      const result = target.call(slot, args);
      if (target.fault !== undefined) this.takeFault(target, proxy, slot, result);
      return result;
    }
    return this.invokeThroughChannel(proxy, slot, args);
  }

  /** What a generated proxy's direct call of the implementation answers, as the stub's call would have. */
  answerLocal(proxy: ComProxyBase, slot: number, result: unknown, threw: boolean, error?: unknown): unknown {
    const target = proxy.$target!;
    const answer = threw ? target.fail(slot, error) : target.settle(slot, result);
    if (target.fault !== undefined) this.takeFault(target, proxy, slot, answer);
    return answer;
  }

  async invokeAsync(proxy: ComProxyBase, slot: number, args: unknown[]): Promise<unknown> {
    if (this.shared.synchronous) return this.invokeSync(proxy, slot, args);
    const plan = proxy.$plans[slot];
    if (plan === undefined || plan.placeholder || slot < 3) return E_NOTIMPL;
    if (this.shared.closed) return RPC_E_DISCONNECTED;
    if (proxy.$disconnected) return CO_E_OBJNOTCONNECTED;
    const scope = new MarshalScope(false, args);
    let wire: unknown[] = args;
    try {
      if (plan.rewrite) wire = this.shared.marshaller.packArguments(plan, args, scope);
      const lent = this.lentUpdates(proxy.$ipid);
      const request: CallRequest = lent === undefined
        ? { op: 'call', ipid: proxy.$ipid, slot, args: wire }
        : { op: 'call', ipid: proxy.$ipid, slot, args: wire, lent };
      return this.called(plan, args, scope, await this.requestAsync(request), proxy.$ipid);
    } catch (error) {
      this.serving.dropExports(scope);
      throw this.misuse(error, plan);
    }
  }

  queryInterfaceSync(proxy: ComProxyBase, riid: GUID, ppv: Out<ComUnknown | null>): HRESULT {
    const early = this.queryCheck(proxy, riid, ppv);
    if (early !== undefined) return early;
    return this.queried(ppv, this.requestSync({ op: 'query', ipid: proxy.$ipid, iid: riid.toLowerCase() }));
  }

  async queryInterfaceAsync(proxy: ComProxyBase, riid: GUID, ppv: Out<ComUnknown | null>): Promise<HRESULT> {
    if (this.shared.synchronous) return this.queryInterfaceSync(proxy, riid, ppv);
    const early = this.queryCheck(proxy, riid, ppv);
    if (early !== undefined) return early;
    return this.queried(ppv, await this.requestAsync({ op: 'query', ipid: proxy.$ipid, iid: riid.toLowerCase() }));
  }

  refCountSync(proxy: ComProxyBase, delta: 1 | -1): number {
    if (proxy.$disconnected || this.shared.closed) return 0;
    this.countLocally(proxy, delta);
    return this.counted(proxy, this.requestSync({ op: 'refcount', ipid: proxy.$ipid, delta }));
  }

  async refCountAsync(proxy: ComProxyBase, delta: 1 | -1): Promise<number> {
    if (this.shared.synchronous) return this.refCountSync(proxy, delta);
    if (proxy.$disconnected || this.shared.closed) return 0;
    this.countLocally(proxy, delta);
    return this.counted(proxy, await this.requestAsync({ op: 'refcount', ipid: proxy.$ipid, delta }));
  }

  /** The object or proxy a reference stands for; when it cannot be taken, sets `scope.fault` and returns null. */
  importReference(ref: WireReference, scope: MarshalScope): unknown {
    if (ref.$comRef === 'back') {
      const exported = this.serving.exported(ref.ipid);
      if (exported !== undefined) return exported.owner.object;
      scope.fault ??= new ComError(CO_E_OBJNOTCONNECTED, 'an interface pointer came back after its object left the table');
      return null;
    }
    const { shared } = this;
    const name = shared.stubEntry(ref.itf) !== undefined ? ref.itf : ref.iid !== null ? shared.byIid.get(ref.iid) : undefined;
    let fault: ComError | undefined;
    if (name === undefined) {
      fault = new ComError(E_NOINTERFACE, `${ref.itf} (IID ${ref.iid ?? 'none'}) has no proxy on this side`, {});
    } else if (shared.proxyStubs[name].layout.fingerprint !== ref.fingerprint) {
      fault = new ComError(E_NOINTERFACE, referenceMismatch(ref.itf, ref.fingerprint, shared.proxyStubs[name].layout.fingerprint));
    }
    if (fault !== undefined || name === undefined) {
      scope.fault ??= fault;
      if (scope.owned) this.releaseRemote(ref.ipid);
      return null;
    }
    const entry = shared.proxyStubs[name];
    const proxy: ComProxyBase = shared.synchronous
      ? new entry.proxy(shared.connection, ref.ipid, entry.layout)
      : new entry.asyncProxy(shared.connection, ref.ipid, entry.layout);
    proxy.$refs = scope.owned ? 1 : 0;
    (scope.imported ??= []).push(proxy);
    return proxy;
  }

  /** A reply arrived for one of this side's requests. */
  replied(id: number, reply: ChannelReply): void {
    const resolve = this.pending.get(id);
    if (resolve !== undefined) {
      this.pending.delete(id);
      resolve(reply);
    }
  }

  /** The connection closed: pending calls answer RPC_E_DISCONNECTED. */
  shutDown(): void {
    this.borrowed.clear();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of pending) resolve({ result: RPC_E_DISCONNECTED, message: 'the connection was closed' });
  }

  private invokeThroughChannel(proxy: ComProxyBase, slot: number, args: unknown[]): unknown {
    const plan = proxy.$plans[slot];
    if (plan === undefined || plan.placeholder || slot < 3) return E_NOTIMPL;
    if (this.shared.closed) return RPC_E_DISCONNECTED;
    if (proxy.$disconnected) return CO_E_OBJNOTCONNECTED;
    if ((plan.direct || (plan.opaque !== null && opaqueValuesArePlain(plan, args))) && this.targets) {
      let target = proxy.$target;
      if (target === undefined) {
        target = (this.shared.endpoint as SyncEndpoint).target!(proxy.$ipid) ?? null;
        proxy.$target = target;
      }
      if (target !== null) {
        const result = target.call(slot, args);
        if (target.fault !== undefined) this.takeFault(target, proxy, slot, result);
        return result;
      }
    }
    if (!this.shared.synchronous) {
      throw new ComError(E_UNEXPECTED, 'a synchronous proxy cannot call through an asynchronous channel', {
        interfaceName: plan.interfaceName,
        method: plan.method,
      });
    }
    if (!plan.rewrite) {
      const reply = this.requestSync({ op: 'call', ipid: proxy.$ipid, slot, args });
      if (reply.message !== undefined) this.reportRemote(reply, plan);
      return reply.result;
    }
    const scope = new MarshalScope(false, args);
    let wire: unknown[];
    try {
      wire = this.shared.marshaller.packArguments(plan, args, scope);
    } catch (error) {
      this.serving.dropExports(scope);
      throw this.misuse(error, plan);
    }
    return this.called(plan, args, scope, this.requestSync({ op: 'call', ipid: proxy.$ipid, slot, args: wire }));
  }

  private connectRequest(name: string, proxyClass: ComProxyClass<ComProxyBase>): ConnectRequest {
    const layout = (proxyClass as { layout?: InterfaceLayout } | undefined)?.layout;
    if (typeof proxyClass !== 'function' || !(proxyClass.prototype instanceof ComProxyBase) || layout === undefined) {
      throw new ComError(E_INVALIDARG, `connect('${name}'): not a generated proxy class (a ComProxy subclass with a static layout)`);
    }
    if (this.shared.closed) throw new ComError(RPC_E_DISCONNECTED, `connect('${name}'): the connection is closed`);
    return { op: 'connect', name, itf: layout.name, iid: layout.iid, fingerprint: layout.fingerprint };
  }

  private connected<P extends ComProxyBase>(name: string, proxyClass: ComProxyClass<P>, reply: ChannelReply): P {
    const layout = proxyClass.layout;
    const ref = reply.ref;
    if (ref != null && ref.$comRef === 'back') {
      throw new ComError(E_INVALIDARG, `connect('${name}'): the object served under this name is one of this side's own`, {
        interfaceName: layout.name,
      });
    }
    if (ref == null) {
      const hr = typeof reply.result === 'number' && reply.result < 0 ? reply.result : E_FAIL;
      throw new ComError(hr, `connect('${name}') as ${layout.name}: ${reply.message ?? 'refused'}`, {
        interfaceName: layout.name,
      });
    }
    if (ref.fingerprint !== layout.fingerprint) {
      this.releaseRemote(ref.ipid);
      throw new ComError(
        E_NOINTERFACE,
        `connect('${name}') as ${layout.name}: ${connectMismatch(layout.name, layout.fingerprint, ref.fingerprint)}`,
        { interfaceName: layout.name },
      );
    }
    const proxy = new proxyClass(this.shared.connection, ref.ipid, layout);
    proxy.$refs = 1;
    return proxy;
  }

  /** What this side changed in the structures the object behind `ipid` lent it, since they last agreed. */
  private lentUpdates(ipid: number): [number, WireMemberChanges][] | undefined {
    const entries = this.borrowed.get(ipid);
    if (entries === undefined) return undefined;
    // The object keeps what is written into its structures beyond this call: references are handed over.
    const scope = new MarshalScope(true, []);
    const updates: [number, WireMemberChanges][] = [];
    for (const [id, entry] of entries) {
      const changes = this.shared.members.pack(entry.struct, entry.value, entry.base, scope);
      if (changes !== undefined) updates.push([id, changes]);
    }
    return updates.length > 0 ? updates : undefined;
  }

  /** Takes in what a reply says about shared structures: [in] structures the callee wrote, lent ones. */
  private takeShared(plan: SlotPlan, args: readonly unknown[], reply: ChannelReply, received: MarshalScope, ipid: number | undefined): void {
    const members = this.shared.members;
    for (const [index, changes] of reply.inChanges ?? []) {
      const p = plan.parameters[index];
      if (p !== undefined && typeof p.marshal === 'object' && 'struct' in p.marshal) members.apply(p.marshal.struct, args[index], changes, received);
    }
    if (ipid === undefined || (reply.lends === undefined && reply.lentChanges === undefined && reply.returned === undefined)) return;
    let entries = this.borrowed.get(ipid);
    for (const id of reply.returned ?? []) {
      const entry = entries?.get(id);
      if (entry === undefined) continue;
      entries!.delete(id);
      this.releaseBorrowed(entry.imported);
      // Like the memory of a structure its lender freed: the pointers that came with it are gone.
      dropDisconnected(entry.value, (v) => v instanceof ComProxyBase && v.$disconnected);
    }
    for (const [id, changes] of reply.lentChanges ?? []) {
      const entry = entries?.get(id);
      if (entry === undefined) continue;
      const scope = new MarshalScope(true, args);
      members.apply(entry.struct, entry.value, changes, scope, entry.base);
      entry.imported.push(...(scope.imported ?? []));
    }
    for (const [index, id, struct] of reply.lends ?? []) {
      const value = (args[index] as Out<unknown> | null | undefined)?.value;
      if (typeof value !== 'object' || value === null) continue;
      if (entries === undefined) this.borrowed.set(ipid, (entries = new Map()));
      const imported = proxiesIn(value, (v) => v instanceof ComProxyBase && v.$connection === this.shared.connection);
      entries.set(id, { value, struct, base: snapshotValue(value) as Record<string, unknown>, imported });
    }
    if (entries !== undefined && entries.size === 0) this.borrowed.delete(ipid);
  }

  /** Drops the references that came with a lent structure its lender took back, unless the caller let them go. */
  private releaseBorrowed(imported: readonly object[]): void {
    for (const proxy of imported) {
      const p = proxy as ComProxyBase;
      if (p.$refs <= 0 || p.$disconnected) continue;
      const released: unknown = (p as unknown as ComUnknown).Release();
      if (isThenable(released)) (released as Promise<unknown>).then(undefined, () => undefined);
    }
  }

  /** Finishes a call: [out] values into the caller's boxes, shared structures in step, borrowed references dropped. */
  private called(plan: SlotPlan, args: readonly unknown[], scope: MarshalScope, reply: ChannelReply, ipid?: number): unknown {
    let result = reply.result;
    if (reply.message !== undefined) this.reportRemote(reply, plan);
    const outs = reply.outs;
    const sharing = reply.inChanges !== undefined || reply.lends !== undefined || reply.lentChanges !== undefined || reply.returned !== undefined;
    if ((outs !== undefined && plan.outs.length > 0) || sharing) {
      const received = new MarshalScope(true, args);
      try {
        if (outs !== undefined && plan.outs.length > 0) this.shared.marshaller.unpackOuts(plan, args, outs, received);
        if (sharing) this.takeShared(plan, args, reply, received, ipid);
      } catch (error) {
        received.fault ??= error instanceof ComError ? error : new ComError(E_FAIL, describe(error));
      }
      if (received.fault !== undefined) {
        this.dropImports(received);
        for (const p of plan.outs) {
          const box = args[p.index] as Out<unknown> | null | undefined;
          if (box != null) box.value = undefined;
        }
        this.shared.report(received.fault, { interfaceName: plan.interfaceName, method: plan.method, slot: plan.slot, origin: 'local' });
        result = received.fault.hresult;
      }
    }
    this.serving.dropExports(scope);
    return result;
  }

  private queryCheck(proxy: ComProxyBase, riid: GUID, ppv: Out<ComUnknown | null>): HRESULT | undefined {
    if (ppv === null || typeof ppv !== 'object') return E_POINTER;
    ppv.value = null;
    if (typeof riid !== 'string') return E_INVALIDARG;
    if (this.shared.closed) return RPC_E_DISCONNECTED;
    if (proxy.$disconnected) return CO_E_OBJNOTCONNECTED;
    return undefined;
  }

  private queried(ppv: Out<ComUnknown | null>, reply: ChannelReply): HRESULT {
    const hr = typeof reply.result === 'number' ? reply.result : E_FAIL;
    if (reply.ref == null) return SUCCEEDED(hr) ? E_NOINTERFACE : hr;
    const scope = new MarshalScope(true, []);
    const object = this.importReference(reply.ref, scope);
    if (scope.fault !== undefined) {
      this.shared.report(scope.fault, { interfaceName: 'IUnknown', method: 'QueryInterface', slot: 0, origin: 'local' });
      return scope.fault.hresult;
    }
    ppv.value = object as ComUnknown;
    return hr;
  }

  private countLocally(proxy: ComProxyBase, delta: 1 | -1): void {
    proxy.$refs += delta;
    if (proxy.$refs <= 0) {
      proxy.$refs = 0;
      proxy.$disconnected = true;
    }
  }

  private counted(proxy: ComProxyBase, reply: ChannelReply): number {
    const count = typeof reply.result === 'number' && reply.result >= 0 ? reply.result : 0;
    if (count === 0) proxy.$disconnected = true;
    return count;
  }

  private requestSync(request: ChannelRequest): ChannelReply {
    try {
      return (this.shared.endpoint as SyncEndpoint).request(request);
    } catch (error) {
      return this.lost(error);
    }
  }

  private requestAsync(request: ChannelRequest): Promise<ChannelReply> {
    if (this.shared.closed) return Promise.resolve(this.lost(undefined));
    const id = this.nextRequest++;
    return new Promise<ChannelReply>((resolve) => {
      this.pending.set(id, resolve);
      try {
        (this.shared.endpoint as AsyncEndpoint).post({ $com: 'request', id, body: request });
      } catch (error) {
        this.pending.delete(id);
        throw error;
      }
    });
  }

  /** Tells the other side to drop a reference nobody here will use; no answer is awaited. */
  private releaseRemote(ipid: number): void {
    const request: RefCountRequest = { op: 'refcount', ipid, delta: -1 };
    if (this.shared.closed) return;
    const endpoint = this.shared.endpoint;
    try {
      if (endpoint.synchronous) endpoint.request(request);
      else endpoint.post({ $com: 'request', id: 0, body: request });
    } catch {
      // The channel is gone, and the reference with it.
    }
  }

  /** Drops the references a failed receive had taken. */
  private dropImports(scope: MarshalScope): void {
    for (const proxy of scope.imported ?? []) {
      const p = proxy as ComProxyBase;
      if (p.$refs > 0 && !p.$disconnected) this.releaseRemote(p.$ipid);
      p.$refs = 0;
      p.$disconnected = true;
    }
  }

  /** The reply for a request that never reached the other side. */
  private lost(error: unknown): ChannelReply {
    if (error instanceof ComError) return { result: error.hresult, message: detailOf(error) };
    return { result: RPC_E_DISCONNECTED, message: error === undefined ? 'the connection is closed' : describe(error) };
  }

  /** A failure on the calling side before anything was sent: the caller's mistake, thrown. */
  private misuse(error: unknown, plan: SlotPlan): ComError {
    if (error instanceof ComError && error.method !== undefined) return error;
    const hr = error instanceof ComError ? error.hresult : E_INVALIDARG;
    const message = error instanceof ComError ? detailOf(error) : describe(error);
    return new ComError(hr, message, { interfaceName: plan.interfaceName, method: plan.method });
  }

  private takeFault(target: SyncCallTarget, proxy: ComProxyBase, slot: number, result: unknown): void {
    const message = target.fault;
    target.fault = undefined;
    this.reportRemote({ result, message }, proxy.$plans[slot]!);
  }

  private reportRemote(reply: ChannelReply, plan: SlotPlan): void {
    const hr = typeof reply.result === 'number' ? reply.result : E_FAIL;
    this.shared.report(new ComError(hr, reply.message, { interfaceName: plan.interfaceName, method: plan.method }), {
      interfaceName: plan.interfaceName,
      method: plan.method,
      slot: plan.slot,
      origin: 'remote',
    });
  }
}
