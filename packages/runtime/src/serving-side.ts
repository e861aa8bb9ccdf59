/**
 * The serving side of a connection: the objects it offers by name, the table of objects the other side
 * holds references to (each (object, interface) pair an ipid), and the answers to the other side's
 * requests (calls, reference counts, QueryInterface, connects).
 *
 * - Exported objects are counted (AddRef/Release from the other side); at 0 an object leaves the table and
 *   calls to it answer CO_E_OBJNOTCONNECTED.
 * - A connect, and every interface pointer handed out, is refused when the two sides' layouts differ.
 * - Faults (an implementation throws, a reference cannot be taken) become the call's HRESULT (a ComError's,
 *   E_FAIL otherwise), reported to `onError`; the serving side carries on.
 */
import type {
  CallRequest,
  ChannelReply,
  ChannelRequest,
  ConnectRequest,
  QueryInterfaceRequest,
  RefCountRequest,
  SyncCallTarget,
  WireReference,
} from './channels/channel.js';
import { ComError } from './com-error.js';
import { connectMismatch, isThenable, type ConnectionShared } from './connection-shared.js';
import { IID_IUnknown, type GUID } from './guid.js';
import { CO_E_OBJNOTCONNECTED, E_FAIL, E_INVALIDARG, E_NOINTERFACE, E_NOTIMPL, E_POINTER, E_UNEXPECTED, RPC_E_DISCONNECTED, S_OK, SUCCEEDED, type HRESULT } from './hresult.js';
import type { InterfaceLayout } from './layout.js';
import { MarshalScope, type LayoutPlans, type SlotPlan } from './marshal.js';
import type { Out } from './out.js';
import { ComProxyBase } from './proxy.js';
import type { StubDispatch } from './stub.js';
import type { ComUnknown } from './unknown.js';

interface ExportedObject {
  readonly object: object;
  refs: number;
  /** The interfaces it is exported as (usually one or two). */
  readonly interfaces: ExportedInterface[];
  /** False once it left the table. */
  live: boolean;
}

/** An object of the table as one interface: what calls name by ipid, and the same-realm call target. */
export class ExportedInterface implements SyncCallTarget {
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

export type Reply = ChannelReply | Promise<ChannelReply>;

const NOT_CONNECTED: ChannelReply = Object.freeze({ result: CO_E_OBJNOTCONNECTED });
const NOT_IMPLEMENTED: ChannelReply = Object.freeze({ result: E_NOTIMPL });

export class ServingSide {
  private readonly chains = new Map<string, Chain>();
  private readonly served = new Map<string, Served>();
  private readonly objects = new Map<object, ExportedObject>();
  private readonly ipids = new Map<number, ExportedInterface>();
  private readonly failed = (error: unknown, plan: SlotPlan): ChannelReply => this.shared.fault(error, plan);
  private nextIpid = 1;

  constructor(private readonly shared: ConnectionShared) {}

  /** Objects in the table. */
  get exportCount(): number {
    return this.objects.size;
  }

  serve(name: string, impl: object, interfaceName: string): void {
    if ((typeof impl !== 'object' && typeof impl !== 'function') || impl === null) {
      throw new ComError(E_POINTER, `serve('${name}'): the implementation is not an object`);
    }
    this.shared.entry(interfaceName, `serve('${name}')`);
    this.served.set(name, { object: impl, itf: interfaceName });
  }

  revoke(name: string): boolean {
    return this.served.delete(name);
  }

  /** The exported interface an ipid names (a same-realm call target, or a reference coming back). */
  exported(ipid: number): ExportedInterface | undefined {
    return this.ipids.get(ipid);
  }

  /** The reference for `value` as `itf` (a proxy of this connection's own goes back as what it is). */
  exportReference(value: object, itf: string, scope: MarshalScope): WireReference {
    if (value instanceof ComProxyBase && value.$connection === this.shared.connection) {
      if (value.$disconnected) {
        throw new ComError(CO_E_OBJNOTCONNECTED, `a released ${value.$layout.name} proxy cannot be passed on`);
      }
      return { $comRef: 'back', ipid: value.$ipid };
    }
    const exported = this.exportInterface(value, itf);
    exported.owner.refs++;
    (scope.exported ??= []).push(exported.ipid);
    const layout = this.shared.proxyStubs[itf].layout;
    return { $comRef: 'object', ipid: exported.ipid, itf, iid: layout.iid, fingerprint: layout.fingerprint };
  }

  /** Drops the references a crossing made (borrowed ones after the call, any after a failure). */
  dropExports(scope: MarshalScope): void {
    const exported = scope.exported;
    if (exported === undefined) return;
    scope.exported = undefined;
    for (const ipid of exported) {
      const entry = this.ipids.get(ipid);
      if (entry !== undefined) this.count(entry.owner, -1);
    }
  }

  /** The answer to a request from the other side. */
  answer(request: ChannelRequest): Reply {
    if (this.shared.closed) return { result: RPC_E_DISCONNECTED };
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

  /** The connection closed: every exported object leaves the table, nothing is served any more. */
  shutDown(): void {
    for (const exported of this.ipids.values()) {
      exported.live = false;
      exported.owner.live = false;
    }
    this.objects.clear();
    this.ipids.clear();
    this.served.clear();
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
        args = this.shared.marshaller.unpackArguments(plan, args, scope);
      } catch (error) {
        return this.shared.fault(error, plan);
      }
      if (scope.fault !== undefined) return this.shared.fault(scope.fault, plan);
    }
    let result: unknown;
    try {
      result = exported.dispatch(slot, args);
    } catch (error) {
      return this.shared.fault(error, plan);
    }
    if (isThenable(result)) {
      if (this.shared.synchronous) {
        (result as Promise<unknown>).then(undefined, () => undefined);
        return this.shared.fault(new ComError(E_FAIL, 'the implementation answered with a Promise on a synchronous channel'), plan);
      }
      return Promise.resolve(result).then(
        (value) => this.completeCall(plan, args, value),
        (error: unknown) => this.shared.fault(error, plan),
      );
    }
    return this.completeCall(plan, args, result);
  }

  private completeCall(plan: SlotPlan, args: unknown[], result: unknown): ChannelReply {
    if (result === undefined && plan.returnsHresult) result = S_OK;
    if (plan.outs.length === 0) return { result };
    const scope = new MarshalScope(true, args);
    try {
      return { result, outs: this.shared.marshaller.packOuts(plan, args, scope) };
    } catch (error) {
      this.dropExports(scope);
      return this.shared.fault(error, plan);
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
    const wanted = this.shared.byIid.get(iid) ?? (iid === IID_IUnknown ? exported.name : undefined);
    if (wanted === undefined) return { result: E_NOINTERFACE, ref: null };
    return this.handOut(exported.owner.object, exported.name, wanted, iid, undefined);
  }

  private answerConnect(request: ConnectRequest): Reply {
    const served = this.served.get(request.name);
    if (served === undefined) {
      return this.refuse(CO_E_OBJNOTCONNECTED, `nothing is served under the name '${request.name}'`, request.itf);
    }
    const name =
      this.shared.stubEntry(request.itf) !== undefined
        ? request.itf
        : request.iid !== null
          ? this.shared.byIid.get(String(request.iid).toLowerCase())
          : undefined;
    if (name === undefined) {
      return this.refuse(E_NOINTERFACE, `${request.itf} has no stub on the serving side`, request.itf);
    }
    const fingerprint = this.shared.proxyStubs[name].layout.fingerprint;
    if (fingerprint !== request.fingerprint) {
      return this.refuse(E_NOINTERFACE, connectMismatch(request.itf, request.fingerprint, fingerprint), request.itf);
    }
    const iid = this.shared.proxyStubs[name].layout.iid?.toLowerCase() ?? null;
    return this.handOut(served.object, served.itf, name, iid, request.name);
  }

  private refuse(hr: HRESULT, message: string, itf: string): ChannelReply {
    this.shared.report(new ComError(hr, message, {}), { interfaceName: itf, origin: 'local' });
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
      this.shared.report(error, { interfaceName: current, method: 'QueryInterface', slot: 0, origin: 'local' });
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
      return this.shared.fault(error, undefined);
    }
  }

  /** The names and IIDs of an interface and its bases (IUnknown always included). */
  private chain(itf: string): Chain {
    let chain = this.chains.get(itf);
    if (chain === undefined) {
      const names = new Set<string>();
      const iids = new Set<GUID>([IID_IUnknown]);
      const vtables = this.shared.vtables;
      for (let name: string | null = itf; name !== null && !names.has(name); ) {
        names.add(name);
        const layout: InterfaceLayout | undefined = this.shared.stubEntry(name)?.layout ?? (Object.hasOwn(vtables, name) ? vtables[name] : undefined);
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
    const entry = this.shared.entry(itf, 'marshal');
    const dispatch = entry.stub(object);
    if (owner === undefined) {
      owner = { object, refs: 0, interfaces: [], live: true };
      this.objects.set(object, owner);
    }
    const exported = new ExportedInterface(this.nextIpid++, owner, itf, this.shared.marshaller.plansFor(entry.layout), dispatch, this.failed);
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
}
