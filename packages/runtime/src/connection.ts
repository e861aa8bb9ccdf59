/**
 * A COM connection over one channel endpoint: serves named objects to the other side, connects to the
 * other side's, and keeps the object table that interface pointers crossing the channel go through.
 *
 * - Exported objects are counted (AddRef/Release from the other side); at 0 an object leaves the table and
 *   calls to it answer CO_E_OBJNOTCONNECTED. Each (object, interface) pair has an ipid; calls name it.
 * - Interface pointers in in values are borrowed for one call: the sender counts a reference while the call
 *   runs and drops it when the answer is back, so the callee must AddRef to keep one. Pointers in [out]
 *   values, QueryInterface answers and connects hand a reference over; the receiving proxy owns it.
 * - Both sides check layout fingerprints: connect and every incoming reference are refused when the two
 *   sides' layouts of the interface differ.
 * - Faults on the serving side (an implementation throws, a reference cannot be taken) come back as the
 *   call's HRESULT (a ComError's, E_FAIL otherwise); the serving side carries on.
 */
import type {
  CallRequest,
  ChannelEndpoint,
  ChannelMessage,
  ChannelReply,
  ChannelRequest,
  ConnectRequest,
  QueryInterfaceRequest,
  RefCountRequest,
  SyncCallTarget,
  WireReference,
} from './channels/channel.js';
import { ComError, type ComErrorContext } from './com-error.js';
import { IID_IUnknown, type GUID } from './guid.js';
import {
  CO_E_OBJNOTCONNECTED,
  E_FAIL,
  E_INVALIDARG,
  E_NOINTERFACE,
  E_NOTIMPL,
  E_POINTER,
  E_UNEXPECTED,
  RPC_E_DISCONNECTED,
  S_OK,
  SUCCEEDED,
  formatHresult,
  hresultName,
  type HRESULT,
} from './hresult.js';
import type { InterfaceLayout, StructRecord, VtableRecord } from './layout.js';
import { Marshaller, MarshalScope, opaqueValuesArePlain, type LayoutPlans, type ReferenceTable, type SlotPlan } from './marshal.js';
import type { Out } from './out.js';
import {
  ComAsyncProxy,
  ComProxyBase,
  type ComProxyClass,
  type ProxyStubEntry,
  type ProxyStubRecord,
} from './proxy.js';
import type { StubDispatch } from './stub.js';
import type { ComUnknown } from './unknown.js';

/** Where a fault happened, for `onError`. */
export interface ComFaultContext extends ComErrorContext {
  slot?: number;
  /**
   * `local`: raised on this side (by an implementation here, or a value that could not be taken here);
   * `remote`: reported by the other side's answer.
   */
  origin: 'local' | 'remote';
}

export interface ConnectionOptions {
  /** The generated proxy/stub entries, keyed by interface name. */
  readonly proxyStubs: ProxyStubRecord;
  /** The generated structure layouts (needed when structures carry interface pointers). */
  readonly structs?: StructRecord;
  /** Further layouts for base-interface chains (interfaces without a proxy/stub entry, such as IUnknown). */
  readonly vtables?: VtableRecord;
  /** Told about every fault that ended a call or a connect; never required. */
  readonly onError?: (error: unknown, context: ComFaultContext) => void;
}

interface ExportedObject {
  readonly object: object;
  refs: number;
  /** The interfaces it is exported as (usually one or two). */
  readonly interfaces: ExportedInterface[];
  /** False once it left the table. */
  live: boolean;
}

/** An object of the table as one interface: what calls name by ipid, and the same-realm call target. */
class ExportedInterface implements SyncCallTarget {
  live = true;
  fault: string | undefined = undefined;

  readonly plans: readonly (SlotPlan | undefined)[];
  readonly object: object;
  private readonly direct: Uint8Array;

  constructor(
    readonly ipid: number,
    readonly owner: ExportedObject,
    readonly name: string,
    plans: LayoutPlans,
    readonly dispatch: StubDispatch,
    private readonly failed: (error: unknown, plan: SlotPlan) => ChannelReply,
  ) {
    this.plans = plans.slots;
    this.object = owner.object;
    this.direct = plans.direct;
  }

  call(slot: number, args: unknown[]): unknown {
    if (this.direct[slot] === 0 || !this.live) return this.refuse(slot);
    let result: unknown;
    try {
      result = this.dispatch(slot, args);
    } catch (error) {
      return this.fail(slot, error);
    }
    return typeof result === 'number' ? result : this.settle(slot, result);
  }

  /** A call that cannot take the shortcut: a placeholder or unknown slot, a gone object, a layout mismatch. */
  private refuse(slot: number): unknown {
    const plan = this.plans[slot];
    if (plan === undefined || plan.placeholder || slot < 3) return E_NOTIMPL;
    if (!this.live) return CO_E_OBJNOTCONNECTED;
    return this.failWith(new ComError(E_UNEXPECTED, 'the two sides disagree on how the arguments cross'), plan);
  }

  /** A result that is not a plain number: none (S_OK for an HRESULT method), or a Promise (refused). */
  settle(slot: number, result: unknown): unknown {
    const plan = this.plans[slot]!;
    if (isThenable(result)) {
      result.then(undefined, () => undefined);
      return this.failWith(new ComError(E_FAIL, 'the implementation answered with a Promise on a synchronous channel'), plan);
    }
    return result === undefined && plan.returnsHresult ? S_OK : result;
  }

  fail(slot: number, error: unknown): unknown {
    return this.failWith(error, this.plans[slot]!);
  }

  private failWith(error: unknown, plan: SlotPlan): unknown {
    const reply = this.failed(error, plan);
    this.fault = reply.message;
    return reply.result;
  }
}

interface Served {
  readonly object: object;
  readonly itf: string;
}

interface Chain {
  readonly names: ReadonlySet<string>;
  readonly iids: ReadonlySet<GUID>;
}

type Reply = ChannelReply | Promise<ChannelReply>;

const NOT_CONNECTED: ChannelReply = Object.freeze({ result: CO_E_OBJNOTCONNECTED });
const NOT_IMPLEMENTED: ChannelReply = Object.freeze({ result: E_NOTIMPL });

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function isChannelMessage(value: unknown): value is ChannelMessage {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { $com?: unknown }).$com;
  return (kind === 'request' || kind === 'reply') && typeof (value as { id?: unknown }).id === 'number';
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The message of a refused connect: names the interface and both fingerprints. */
function connectMismatch(itf: string, proxy: string, stub: string): string {
  return (
    `the proxy's layout of ${itf} differs from the stub's (proxy fingerprint ${proxy}, stub fingerprint ${stub}); ` +
    'build both sides from the same IDL'
  );
}

/** The message of a refused interface pointer: names the interface and both fingerprints. */
function referenceMismatch(itf: string, sender: string, receiver: string): string {
  return (
    `${itf} pointer refused: the sending side's layout of ${itf} differs from the receiving side's ` +
    `(sender fingerprint ${sender}, receiver fingerprint ${receiver}); build both sides from the same IDL`
  );
}

/** A ComError's message without the HRESULT prefix its constructor adds (the reply carries the HRESULT). */
function detailOf(error: ComError): string {
  const hr = error.hresult;
  const name = hresultName(hr);
  const code = name === formatHresult(hr) ? name : `${name} (${formatHresult(hr)})`;
  const at = error.message.indexOf(`${code}: `);
  return at < 0 ? error.message : error.message.slice(at + code.length + 2);
}

export class ComConnection implements ReferenceTable {
  /** True on a synchronous channel: `connect` and ComProxy work; references arrive as ComProxy. */
  readonly synchronous: boolean;
  private readonly endpoint: ChannelEndpoint;
  private readonly proxyStubs: ProxyStubRecord;
  private readonly vtables: VtableRecord;
  private readonly onError: ConnectionOptions['onError'];
  private readonly marshaller: Marshaller;
  private readonly byIid = new Map<GUID, string>();
  private readonly chains = new Map<string, Chain>();
  private readonly served = new Map<string, Served>();
  private readonly objects = new Map<object, ExportedObject>();
  private readonly ipids = new Map<number, ExportedInterface>();
  private readonly pending = new Map<number, (reply: ChannelReply) => void>();
  private readonly targets: boolean;
  private readonly failed = (error: unknown, plan: SlotPlan): ChannelReply => this.fault(error, plan);
  private nextIpid = 1;
  private nextRequest = 1;
  private isClosed = false;

  constructor(endpoint: ChannelEndpoint, options: ConnectionOptions) {
    if (!options || typeof options.proxyStubs !== 'object' || options.proxyStubs === null) {
      throw new ComError(E_INVALIDARG, 'ComConnection: options.proxyStubs (the generated proxy/stub record) is required');
    }
    this.endpoint = endpoint;
    this.synchronous = endpoint.synchronous;
    this.proxyStubs = options.proxyStubs;
    this.vtables = options.vtables ?? {};
    this.onError = options.onError;
    this.marshaller = new Marshaller(options.structs ?? {}, this);
    for (const [name, entry] of Object.entries(this.proxyStubs)) {
      const iid = entry.layout.iid?.toLowerCase();
      if (iid !== undefined && !this.byIid.has(iid)) this.byIid.set(iid, name);
    }
    this.targets = endpoint.synchronous && typeof endpoint.target === 'function';
    if (endpoint.synchronous) {
      endpoint.listen({ answer: (request) => this.answerSync(request), target: (ipid) => this.ipids.get(ipid) });
    } else {
      endpoint.listen((message) => this.receive(message));
    }
    endpoint.onClose(() => this.shutDown());
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Objects in the table (diagnostics: exported objects the other side still holds, or borrows). */
  get exportCount(): number {
    return this.objects.size;
  }

  /** Offers `impl` to the other side under `name`, as the interface `interfaceName`. */
  serve(name: string, impl: object, interfaceName: string): void {
    if ((typeof impl !== 'object' && typeof impl !== 'function') || impl === null) {
      throw new ComError(E_POINTER, `serve('${name}'): the implementation is not an object`);
    }
    this.entry(interfaceName, `serve('${name}')`);
    this.served.set(name, { object: impl, itf: interfaceName });
  }

  /** Stops offering `name`; references already handed out stay valid. */
  revoke(name: string): boolean {
    return this.served.delete(name);
  }

  /** A proxy of the object the other side serves under `name` (synchronous channels). */
  connect<P extends ComProxyBase>(name: string, proxyClass: ComProxyClass<P>): P {
    const request = this.connectRequest(name, proxyClass);
    if (!this.synchronous) {
      throw new ComError(E_UNEXPECTED, `connect('${name}'): the channel is asynchronous; use connectAsync`, {});
    }
    return this.connected(name, proxyClass, this.requestSync(request));
  }

  /** A proxy of the object the other side serves under `name` (any channel). */
  async connectAsync<P extends ComProxyBase>(name: string, proxyClass: ComProxyClass<P>): Promise<P> {
    const request = this.connectRequest(name, proxyClass);
    if (this.synchronous) return this.connected(name, proxyClass, this.requestSync(request));
    if (!(proxyClass.prototype instanceof ComAsyncProxy)) {
      throw new ComError(
        E_INVALIDARG,
        `connectAsync('${name}'): ${proxyClass.name} is a synchronous proxy; an asynchronous channel needs the async proxy class`,
      );
    }
    return this.connected(name, proxyClass, await this.requestAsync(request));
  }

  /** Closes the channel: pending calls answer RPC_E_DISCONNECTED, the table is emptied. */
  close(): void {
    if (this.isClosed) return;
    this.shutDown();
    this.endpoint.close();
  }

  // ---- used by proxies ------------------------------------------------------------------------------

  /** @internal */
  $plansFor(layout: InterfaceLayout): LayoutPlans {
    return this.marshaller.plansFor(layout);
  }

  /** @internal */
  $invokeSync(proxy: ComProxyBase, slot: number, args: unknown[]): unknown {
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
    return this.invokeSync(proxy, slot, args);
  }

  /**
   * @internal What a generated proxy's direct call of the implementation answers: `result` settled, or
   * `error` failed, as the stub's call would have; a fault is reported as for any call.
   */
  $answerLocal(proxy: ComProxyBase, slot: number, result: unknown, threw: boolean, error?: unknown): unknown {
    const target = proxy.$target!;
    const answer = threw ? target.fail(slot, error) : target.settle(slot, result);
    if (target.fault !== undefined) this.takeFault(target, proxy, slot, answer);
    return answer;
  }

  private invokeSync(proxy: ComProxyBase, slot: number, args: unknown[]): unknown {
    const plan = proxy.$plans[slot];
    if (plan === undefined || plan.placeholder || slot < 3) return E_NOTIMPL;
    if (this.isClosed) return RPC_E_DISCONNECTED;
    if (proxy.$disconnected) return CO_E_OBJNOTCONNECTED;
    if ((plan.direct || (plan.opaque !== null && opaqueValuesArePlain(plan, args))) && this.targets) {
      let target = proxy.$target;
      if (target === undefined) {
        target = (this.endpoint as Extract<ChannelEndpoint, { synchronous: true }>).target!(proxy.$ipid) ?? null;
        proxy.$target = target;
      }
      if (target !== null) {
        const result = target.call(slot, args);
        if (target.fault !== undefined) this.takeFault(target, proxy, slot, result);
        return result;
      }
    }
    if (!this.synchronous) {
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
      wire = this.marshaller.packArguments(plan, args, scope);
    } catch (error) {
      this.dropExports(scope);
      throw this.misuse(error, plan);
    }
    return this.called(plan, args, scope, this.requestSync({ op: 'call', ipid: proxy.$ipid, slot, args: wire }));
  }

  /** @internal */
  async $invokeAsync(proxy: ComProxyBase, slot: number, args: unknown[]): Promise<unknown> {
    if (this.synchronous) return this.$invokeSync(proxy, slot, args);
    const plan = proxy.$plans[slot];
    if (plan === undefined || plan.placeholder || slot < 3) return E_NOTIMPL;
    if (this.isClosed) return RPC_E_DISCONNECTED;
    if (proxy.$disconnected) return CO_E_OBJNOTCONNECTED;
    const scope = new MarshalScope(false, args);
    let wire: unknown[] = args;
    try {
      if (plan.rewrite) wire = this.marshaller.packArguments(plan, args, scope);
      const reply = this.requestAsync({ op: 'call', ipid: proxy.$ipid, slot, args: wire });
      return this.called(plan, args, scope, await reply);
    } catch (error) {
      this.dropExports(scope);
      throw this.misuse(error, plan);
    }
  }

  /** @internal */
  $queryInterfaceSync(proxy: ComProxyBase, riid: GUID, ppv: Out<ComUnknown | null>): HRESULT {
    const early = this.queryCheck(proxy, riid, ppv);
    if (early !== undefined) return early;
    return this.queried(ppv, this.requestSync({ op: 'query', ipid: proxy.$ipid, iid: riid.toLowerCase() }));
  }

  /** @internal */
  async $queryInterfaceAsync(proxy: ComProxyBase, riid: GUID, ppv: Out<ComUnknown | null>): Promise<HRESULT> {
    if (this.synchronous) return this.$queryInterfaceSync(proxy, riid, ppv);
    const early = this.queryCheck(proxy, riid, ppv);
    if (early !== undefined) return early;
    return this.queried(ppv, await this.requestAsync({ op: 'query', ipid: proxy.$ipid, iid: riid.toLowerCase() }));
  }

  /** @internal */
  $refCountSync(proxy: ComProxyBase, delta: 1 | -1): number {
    if (proxy.$disconnected || this.isClosed) return 0;
    this.countLocally(proxy, delta);
    return this.counted(proxy, this.requestSync({ op: 'refcount', ipid: proxy.$ipid, delta }));
  }

  /** @internal */
  async $refCountAsync(proxy: ComProxyBase, delta: 1 | -1): Promise<number> {
    if (this.synchronous) return this.$refCountSync(proxy, delta);
    if (proxy.$disconnected || this.isClosed) return 0;
    this.countLocally(proxy, delta);
    return this.counted(proxy, await this.requestAsync({ op: 'refcount', ipid: proxy.$ipid, delta }));
  }

  // ---- ReferenceTable (used by the marshaller) -------------------------------------------------------

  /** @internal */
  exportReference(value: object, itf: string, scope: MarshalScope): WireReference {
    if (value instanceof ComProxyBase && value.$connection === this) {
      if (value.$disconnected) {
        throw new ComError(CO_E_OBJNOTCONNECTED, `a released ${value.$layout.name} proxy cannot be passed on`);
      }
      return { $comRef: 'back', ipid: value.$ipid };
    }
    const exported = this.exportInterface(value, itf);
    exported.owner.refs++;
    (scope.exported ??= []).push(exported.ipid);
    const layout = this.proxyStubs[itf].layout;
    return { $comRef: 'object', ipid: exported.ipid, itf, iid: layout.iid, fingerprint: layout.fingerprint };
  }

  /** @internal */
  importReference(ref: WireReference, scope: MarshalScope): unknown {
    if (ref.$comRef === 'back') {
      const exported = this.ipids.get(ref.ipid);
      if (exported !== undefined) return exported.owner.object;
      scope.fault ??= new ComError(CO_E_OBJNOTCONNECTED, 'an interface pointer came back after its object left the table');
      return null;
    }
    const name = this.stubEntry(ref.itf) !== undefined ? ref.itf : ref.iid !== null ? this.byIid.get(ref.iid) : undefined;
    let fault: ComError | undefined;
    if (name === undefined) {
      fault = new ComError(E_NOINTERFACE, `${ref.itf} (IID ${ref.iid ?? 'none'}) has no proxy on this side`, {});
    } else if (this.proxyStubs[name].layout.fingerprint !== ref.fingerprint) {
      fault = new ComError(
        E_NOINTERFACE,
        referenceMismatch(ref.itf, ref.fingerprint, this.proxyStubs[name].layout.fingerprint),
      );
    }
    if (fault !== undefined || name === undefined) {
      scope.fault ??= fault;
      if (scope.owned) this.releaseRemote(ref.ipid);
      return null;
    }
    const entry = this.proxyStubs[name];
    const proxy: ComProxyBase = this.synchronous
      ? new entry.proxy(this, ref.ipid, entry.layout)
      : new entry.asyncProxy(this, ref.ipid, entry.layout);
    proxy.$refs = scope.owned ? 1 : 0;
    (scope.imported ??= []).push(proxy);
    return proxy;
  }

  /** @internal */
  interfaceForIid(iid: GUID): string | undefined {
    return this.byIid.get(iid);
  }

  /** @internal */
  proxyInterface(value: object): string | undefined {
    return value instanceof ComProxyBase ? value.$layout.name : undefined;
  }

  // ---- calling side ---------------------------------------------------------------------------------

  private connectRequest(name: string, proxyClass: ComProxyClass<ComProxyBase>): ConnectRequest {
    const layout = (proxyClass as { layout?: InterfaceLayout } | undefined)?.layout;
    if (typeof proxyClass !== 'function' || !(proxyClass.prototype instanceof ComProxyBase) || layout === undefined) {
      throw new ComError(E_INVALIDARG, `connect('${name}'): not a generated proxy class (a ComProxy subclass with a static layout)`);
    }
    if (this.isClosed) throw new ComError(RPC_E_DISCONNECTED, `connect('${name}'): the connection is closed`);
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
    const proxy = new proxyClass(this, ref.ipid, layout);
    proxy.$refs = 1;
    return proxy;
  }

  /** Finishes a call: [out] values into the caller's boxes, borrowed references dropped. */
  private called(plan: SlotPlan, args: readonly unknown[], scope: MarshalScope, reply: ChannelReply): unknown {
    let result = reply.result;
    if (reply.message !== undefined) this.reportRemote(reply, plan);
    const outs = reply.outs;
    if (outs !== undefined && plan.outs.length > 0) {
      const received = new MarshalScope(true, args);
      try {
        this.marshaller.unpackOuts(plan, args, outs, received);
      } catch (error) {
        received.fault ??= error instanceof ComError ? error : new ComError(E_FAIL, describe(error));
      }
      if (received.fault !== undefined) {
        this.dropImports(received);
        for (const p of plan.outs) {
          const box = args[p.index] as Out<unknown> | null | undefined;
          if (box != null) box.value = undefined;
        }
        this.report(received.fault, { interfaceName: plan.interfaceName, method: plan.method, slot: plan.slot, origin: 'local' });
        result = received.fault.hresult;
      }
    }
    this.dropExports(scope);
    return result;
  }

  private queryCheck(proxy: ComProxyBase, riid: GUID, ppv: Out<ComUnknown | null>): HRESULT | undefined {
    if (ppv === null || typeof ppv !== 'object') return E_POINTER;
    ppv.value = null;
    if (typeof riid !== 'string') return E_INVALIDARG;
    if (this.isClosed) return RPC_E_DISCONNECTED;
    if (proxy.$disconnected) return CO_E_OBJNOTCONNECTED;
    return undefined;
  }

  private queried(ppv: Out<ComUnknown | null>, reply: ChannelReply): HRESULT {
    const hr = typeof reply.result === 'number' ? reply.result : E_FAIL;
    if (reply.ref == null) return SUCCEEDED(hr) ? E_NOINTERFACE : hr;
    const scope = new MarshalScope(true, []);
    const object = this.importReference(reply.ref, scope);
    if (scope.fault !== undefined) {
      this.report(scope.fault, { interfaceName: 'IUnknown', method: 'QueryInterface', slot: 0, origin: 'local' });
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
      return (this.endpoint as Extract<ChannelEndpoint, { synchronous: true }>).request(request);
    } catch (error) {
      return this.lost(error);
    }
  }

  private requestAsync(request: ChannelRequest): Promise<ChannelReply> {
    if (this.isClosed) return Promise.resolve(this.lost(undefined));
    const id = this.nextRequest++;
    return new Promise<ChannelReply>((resolve) => {
      this.pending.set(id, resolve);
      try {
        (this.endpoint as Extract<ChannelEndpoint, { synchronous: false }>).post({ $com: 'request', id, body: request });
      } catch (error) {
        this.pending.delete(id);
        throw error;
      }
    });
  }

  /** Tells the other side to drop a reference nobody here will use; no answer is awaited. */
  private releaseRemote(ipid: number): void {
    const request: RefCountRequest = { op: 'refcount', ipid, delta: -1 };
    if (this.isClosed) return;
    try {
      if (this.endpoint.synchronous) this.endpoint.request(request);
      else this.endpoint.post({ $com: 'request', id: 0, body: request });
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
    this.report(new ComError(hr, reply.message, { interfaceName: plan.interfaceName, method: plan.method }), {
      interfaceName: plan.interfaceName,
      method: plan.method,
      slot: plan.slot,
      origin: 'remote',
    });
  }

  private report(error: unknown, context: ComFaultContext): void {
    if (this.onError === undefined) return;
    try {
      this.onError(error, context);
    } catch {
      // A faulty error hook must not break the channel.
    }
  }

  // ---- serving side ---------------------------------------------------------------------------------

  private answerSync(request: ChannelRequest): ChannelReply {
    const reply = this.answer(request);
    if (!isThenable(reply)) return reply;
    reply.then(undefined, () => undefined);
    return { result: E_FAIL, message: 'an asynchronous answer on a synchronous channel' };
  }

  private receive(message: unknown): void {
    if (!isChannelMessage(message)) return;
    if (message.$com === 'reply') {
      const resolve = this.pending.get(message.id);
      if (resolve !== undefined) {
        this.pending.delete(message.id);
        resolve(message.body);
      }
      return;
    }
    const id = message.id;
    let reply: Reply;
    try {
      reply = this.answer(message.body);
    } catch (error) {
      reply = this.fault(error, undefined);
    }
    if (isThenable(reply)) {
      reply.then(
        (r) => this.replyAsync(id, r),
        (error: unknown) => this.replyAsync(id, this.fault(error, undefined)),
      );
    } else {
      this.replyAsync(id, reply);
    }
  }

  private replyAsync(id: number, reply: ChannelReply): void {
    if (id === 0 || this.isClosed || this.endpoint.synchronous) return;
    try {
      this.endpoint.post({ $com: 'reply', id, body: reply });
    } catch (error) {
      this.report(error, { origin: 'local' });
      try {
        this.endpoint.post({ $com: 'reply', id, body: { result: E_FAIL, message: `the answer could not be sent: ${describe(error)}` } });
      } catch {
        // Nothing more can be said over this channel.
      }
    }
  }

  private answer(request: ChannelRequest): Reply {
    if (this.isClosed) return { result: RPC_E_DISCONNECTED };
    switch (request?.op) {
      case 'call':
        return this.answerCall(request);
      case 'refcount':
        return this.answerRefCount(request);
      case 'query':
        return this.answerQuery(request);
      case 'connect':
        return this.answerConnect(request);
      default:
        return { result: E_INVALIDARG, message: 'not a channel request' };
    }
  }

  private answerCall(request: CallRequest): Reply {
    const exported = this.ipids.get(request.ipid);
    if (exported === undefined) return NOT_CONNECTED;
    const slot = request.slot;
    const plan = exported.plans[slot];
    if (plan === undefined || plan.placeholder || slot < 3) return NOT_IMPLEMENTED;
    let args = request.args as unknown[];
    if (plan.rewrite) {
      const scope = new MarshalScope(false, args);
      try {
        args = this.marshaller.unpackArguments(plan, args, scope);
      } catch (error) {
        return this.fault(error, plan);
      }
      if (scope.fault !== undefined) return this.fault(scope.fault, plan);
    }
    let result: unknown;
    try {
      result = exported.dispatch(slot, args);
    } catch (error) {
      return this.fault(error, plan);
    }
    if (isThenable(result)) {
      if (this.synchronous) {
        (result as Promise<unknown>).then(undefined, () => undefined);
        return this.fault(new ComError(E_FAIL, 'the implementation answered with a Promise on a synchronous channel'), plan);
      }
      return Promise.resolve(result).then(
        (value) => this.completeCall(plan, args, value),
        (error: unknown) => this.fault(error, plan),
      );
    }
    return this.completeCall(plan, args, result);
  }

  private completeCall(plan: SlotPlan, args: unknown[], result: unknown): ChannelReply {
    if (result === undefined && plan.returnsHresult) result = S_OK;
    if (plan.outs.length === 0) return { result };
    const scope = new MarshalScope(true, args);
    try {
      return { result, outs: this.marshaller.packOuts(plan, args, scope) };
    } catch (error) {
      this.dropExports(scope);
      return this.fault(error, plan);
    }
  }

  private answerRefCount(request: RefCountRequest): ChannelReply {
    const exported = this.ipids.get(request.ipid);
    if (exported === undefined) return { result: 0 };
    return { result: this.count(exported.owner, request.delta < 0 ? -1 : 1) };
  }

  private answerQuery(request: QueryInterfaceRequest): Reply {
    const exported = this.ipids.get(request.ipid);
    if (exported === undefined) return NOT_CONNECTED;
    const iid = String(request.iid).toLowerCase();
    const wanted = this.byIid.get(iid) ?? (iid === IID_IUnknown ? exported.name : undefined);
    if (wanted === undefined) return { result: E_NOINTERFACE, ref: null };
    return this.handOut(exported.owner.object, exported.name, wanted, iid, undefined);
  }

  private answerConnect(request: ConnectRequest): Reply {
    const served = this.served.get(request.name);
    if (served === undefined) {
      return this.refuse(CO_E_OBJNOTCONNECTED, `nothing is served under the name '${request.name}'`, request.itf);
    }
    const name =
      this.stubEntry(request.itf) !== undefined
        ? request.itf
        : request.iid !== null
          ? this.byIid.get(String(request.iid).toLowerCase())
          : undefined;
    if (name === undefined) {
      return this.refuse(E_NOINTERFACE, `${request.itf} has no stub on the serving side`, request.itf);
    }
    const fingerprint = this.proxyStubs[name].layout.fingerprint;
    if (fingerprint !== request.fingerprint) {
      return this.refuse(
        E_NOINTERFACE,
        connectMismatch(request.itf, request.fingerprint, fingerprint),
        request.itf,
      );
    }
    const iid = this.proxyStubs[name].layout.iid?.toLowerCase() ?? null;
    return this.handOut(served.object, served.itf, name, iid, request.name);
  }

  private refuse(hr: HRESULT, message: string, itf: string): ChannelReply {
    this.report(new ComError(hr, message, {}), { interfaceName: itf, origin: 'local' });
    return { result: hr, ref: null, message };
  }

  /**
   * Answers QueryInterface (or a connect) for `object`, known as `current`, asked for `wanted`: from the
   * layout chain, else from the implementation's own QueryInterface.
   */
  private handOut(object: object, current: string, wanted: string, iid: GUID | null, servedName: string | undefined): Reply {
    const chain = this.chain(current);
    if (chain.names.has(wanted) || (iid !== null && chain.iids.has(iid))) {
      return this.handOutAs(object, wanted);
    }
    const notSupported = (): ChannelReply =>
      servedName === undefined
        ? { result: E_NOINTERFACE, ref: null }
        : this.refuse(E_NOINTERFACE, `'${servedName}' (${current}) does not support ${wanted}`, wanted);
    const queryInterface = (object as Partial<ComUnknown>).QueryInterface;
    if (typeof queryInterface !== 'function' || iid === null) return notSupported();
    const box: Out<ComUnknown | null> = { value: null };
    const finish = (hr: unknown): ChannelReply => {
      const found: unknown = box.value;
      if (typeof hr !== 'number' || !SUCCEEDED(hr) || typeof found !== 'object' || found === null) return notSupported();
      return this.handOutAs(found, wanted);
    };
    const failed = (error: unknown): ChannelReply => {
      this.report(error, { interfaceName: current, method: 'QueryInterface', slot: 0, origin: 'local' });
      return notSupported();
    };
    try {
      const hr: unknown = queryInterface.call(object, iid, box);
      return isThenable(hr) ? Promise.resolve(hr).then(finish, failed) : finish(hr);
    } catch (error) {
      return failed(error);
    }
  }

  private handOutAs(object: object, itf: string): ChannelReply {
    const scope = new MarshalScope(true, []);
    try {
      return { result: S_OK, ref: this.exportReference(object, itf, scope) };
    } catch (error) {
      this.dropExports(scope);
      return this.fault(error, undefined);
    }
  }

  /** The names and IIDs of an interface and its bases (IUnknown always included). */
  private chain(itf: string): Chain {
    let chain = this.chains.get(itf);
    if (chain === undefined) {
      const names = new Set<string>();
      const iids = new Set<GUID>([IID_IUnknown]);
      for (let name: string | null = itf; name !== null && !names.has(name); ) {
        names.add(name);
        const layout: InterfaceLayout | undefined =
          this.stubEntry(name)?.layout ?? (Object.hasOwn(this.vtables, name) ? this.vtables[name] : undefined);
        if (layout === undefined) break;
        if (layout.iid !== null) iids.add(layout.iid.toLowerCase());
        name = layout.base;
      }
      chain = { names, iids };
      this.chains.set(itf, chain);
    }
    return chain;
  }

  /** The table entry for `object` as `itf`, made on first use (not counted yet). */
  private exportInterface(object: object, itf: string): ExportedInterface {
    let owner = this.objects.get(object);
    if (owner !== undefined) {
      for (const exported of owner.interfaces) if (exported.name === itf) return exported;
    }
    const entry = this.entry(itf, 'marshal');
    const dispatch = entry.stub(object);
    if (owner === undefined) {
      owner = { object, refs: 0, interfaces: [], live: true };
      this.objects.set(object, owner);
    }
    const exported = new ExportedInterface(this.nextIpid++, owner, itf, this.marshaller.plansFor(entry.layout), dispatch, this.failed);
    owner.interfaces.push(exported);
    this.ipids.set(exported.ipid, exported);
    return exported;
  }

  /** Counts a reference up or down; at 0 the object leaves the table. */
  private count(owner: ExportedObject, delta: 1 | -1): number {
    if (!owner.live) return 0;
    owner.refs += delta;
    if (owner.refs <= 0) {
      owner.refs = 0;
      owner.live = false;
      this.objects.delete(owner.object);
      for (const exported of owner.interfaces) {
        exported.live = false;
        this.ipids.delete(exported.ipid);
      }
    }
    return owner.refs;
  }

  /** Drops the references a crossing made (borrowed ones after the call, any after a failure). */
  private dropExports(scope: MarshalScope): void {
    const exported = scope.exported;
    if (exported === undefined) return;
    scope.exported = undefined;
    for (const ipid of exported) {
      const entry = this.ipids.get(ipid);
      if (entry !== undefined) this.count(entry.owner, -1);
    }
  }

  private stubEntry(itf: string): ProxyStubEntry | undefined {
    return Object.hasOwn(this.proxyStubs, itf) ? this.proxyStubs[itf] : undefined;
  }

  private entry(itf: string, where: string): ProxyStubEntry {
    const entry = this.stubEntry(itf);
    if (entry === undefined) {
      throw new ComError(E_NOINTERFACE, `${where}: no proxy/stub entry for the interface ${itf}`, {});
    }
    return entry;
  }

  /** The HRESULT reply for a failed call: a ComError's HRESULT, E_FAIL for anything else. */
  private fault(error: unknown, plan: SlotPlan | undefined): ChannelReply {
    const context: ComFaultContext =
      plan === undefined
        ? { origin: 'local' }
        : { interfaceName: plan.interfaceName, method: plan.method, slot: plan.slot, origin: 'local' };
    this.report(error, context);
    if (error instanceof ComError) return { result: error.hresult, message: detailOf(error) };
    return { result: E_FAIL, message: describe(error) };
  }

  private shutDown(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of pending) resolve({ result: RPC_E_DISCONNECTED, message: 'the connection was closed' });
    for (const exported of this.ipids.values()) {
      exported.live = false;
      exported.owner.live = false;
    }
    this.objects.clear();
    this.ipids.clear();
    this.served.clear();
  }
}

