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
  WireMemberChanges,
  WireReference,
} from './channels/channel.js';
import { ComError } from './com-error.js';
import { connectMismatch, isThenable, type ConnectionShared } from './connection-shared.js';
import { IID_IUnknown, type GUID } from './guid.js';
import { CO_E_OBJNOTCONNECTED, E_FAIL, E_INVALIDARG, E_NOINTERFACE, E_NOTIMPL, E_POINTER, E_UNEXPECTED, RPC_E_DISCONNECTED, S_OK, SUCCEEDED, type HRESULT } from './hresult.js';
import type { InterfaceLayout, Marshal } from './layout.js';
import { isStructureLender, lentStructures } from './lending.js';
import { MarshalScope, type LayoutPlans, type SlotPlan } from './marshal.js';
import type { Out } from './out.js';
import { ComProxyBase } from './proxy.js';
import { snapshotValue } from './shared-structures.js';
import type { StubDispatch } from './stub.js';
import type { ComUnknown } from './unknown.js';

interface ExportedObject {
  readonly object: object;
  refs: number;
  /** The interfaces it is exported as (usually one or two). */
  readonly interfaces: ExportedInterface[];
  /** False once it left the table. */
  live: boolean;
  /** The structures it lent the other side (asynchronous channels), by lent id. */
  lent?: Map<number, LentEntry>;
}

/** A structure an object lent: the object's own, the members both sides last agreed on, what came with it. */
interface LentEntry {
  readonly value: object;
  readonly struct: string;
  readonly base: Record<string, unknown>;
  /** Proxies of the caller's objects the caller wrote into it: released when the object stops lending it. */
  readonly imported: object[];
}

type MutableReply = { -readonly [K in keyof ChannelReply]: ChannelReply[K] };

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
  private nextLent = 1;

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
    const owner = exported.owner;
    if (request.lent !== undefined) {
      const fault = this.applyLent(owner, request.lent);
      if (fault !== undefined) return this.shared.fault(fault, plan);
    }
    const before = plan.inStructs.length === 0 ? undefined : plan.inStructs.map((p) => snapshotValue(args[p.index]));
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
        (value) => this.completeCall(plan, args, value, owner, before),
        (error: unknown) => this.shared.fault(error, plan),
      );
    }
    return this.completeCall(plan, args, result, owner, before);
  }

  private completeCall(plan: SlotPlan, args: unknown[], result: unknown, owner: ExportedObject, before: unknown[] | undefined): ChannelReply {
    if (result === undefined && plan.returnsHresult) result = S_OK;
    const lending = !this.shared.synchronous && (owner.lent !== undefined || isStructureLender(owner.object));
    if (plan.outs.length === 0 && before === undefined && !lending) return { result };
    const scope = new MarshalScope(true, args);
    try {
      const reply: MutableReply = { result };
      if (before !== undefined) this.inChanges(plan, args, before, scope, reply);
      const as = lending ? this.lend(owner, plan, args, scope, reply) : undefined;
      if (plan.outs.length > 0) reply.outs = this.shared.marshaller.packOuts(plan, args, scope, as);
      return reply;
    } catch (error) {
      this.dropExports(scope);
      return this.shared.fault(error, plan);
    }
  }

  /** What the callee wrote into the caller's [in] structures during the call. */
  private inChanges(plan: SlotPlan, args: readonly unknown[], before: unknown[], scope: MarshalScope, reply: MutableReply): void {
    const changes: [number, WireMemberChanges][] = [];
    plan.inStructs.forEach((p, k) => {
      const struct = (p.marshal as { struct: string }).struct;
      const base = before[k];
      if (typeof base !== 'object' || base === null) return;
      const changed = this.shared.members.pack(struct, args[p.index], base as Record<string, unknown>, scope);
      if (changed !== undefined) changes.push([p.index, changed]);
    });
    if (changes.length > 0) reply.inChanges = changes;
  }

  /**
   * Lent structures after a call on a lender: the ones it stopped lending are returned, the changes it made
   * to the others go back, and [out] values it lends are marked (and marshalled by their layouts).
   */
  private lend(owner: ExportedObject, plan: SlotPlan, args: readonly unknown[], scope: MarshalScope, reply: MutableReply): Map<number, Marshal> | undefined {
    const now = isStructureLender(owner.object) ? owner.object[lentStructures]() : [];
    const structOf = new Map<object, string>(now.map((l) => [l.value, l.struct]));
    const lent = (owner.lent ??= new Map());
    const returned: number[] = [];
    const lentChanges: [number, WireMemberChanges][] = [];
    for (const [id, entry] of lent) {
      if (!structOf.has(entry.value)) {
        lent.delete(id);
        returned.push(id);
        this.releaseImports(entry.imported);
        continue;
      }
      const changed = this.shared.members.pack(entry.struct, entry.value, entry.base, scope);
      if (changed !== undefined) lentChanges.push([id, changed]);
    }
    let as: Map<number, Marshal> | undefined;
    const lends: [number, number, string][] = [];
    for (const p of plan.outs) {
      const value = (args[p.index] as Out<unknown>).value;
      const struct = typeof value === 'object' && value !== null ? structOf.get(value) : undefined;
      if (struct === undefined) continue;
      let id = [...lent].find(([, e]) => e.value === value)?.[0];
      if (id === undefined) {
        id = this.nextLent++;
        lent.set(id, { value: value as object, struct, base: snapshotValue(value) as Record<string, unknown>, imported: [] });
      }
      (as ??= new Map()).set(p.index, { struct });
      lends.push([p.index, id, struct]);
    }
    if (lent.size === 0) owner.lent = undefined;
    if (returned.length > 0) reply.returned = returned;
    if (lentChanges.length > 0) reply.lentChanges = lentChanges;
    if (lends.length > 0) reply.lends = lends;
    return as;
  }

  /** Writes what the caller changed in lent structures into the lender's; a fault when a member cannot be taken. */
  private applyLent(owner: ExportedObject, updates: readonly (readonly [number, WireMemberChanges])[]): ComError | undefined {
    for (const [id, changes] of updates) {
      const entry = owner.lent?.get(id);
      if (entry === undefined) continue;
      const scope = new MarshalScope(true, []);
      this.shared.members.apply(entry.struct, entry.value, changes, scope, entry.base);
      if (scope.imported !== undefined) entry.imported.push(...scope.imported);
      if (scope.fault !== undefined) return scope.fault;
    }
    return undefined;
  }

  /** Drops the references a returned lent structure held (the lender did not keep them by AddRef). */
  private releaseImports(imported: readonly object[]): void {
    for (const proxy of imported) {
      try {
        const released: unknown = (proxy as ComUnknown).Release();
        if (isThenable(released)) (released as Promise<unknown>).then(undefined, () => undefined);
      } catch {
        // A proxy whose connection is gone has nothing to release.
      }
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
      for (const entry of owner.lent?.values() ?? []) this.releaseImports(entry.imported);
      owner.lent = undefined;
      for (const exported of owner.interfaces) {
        exported.live = false;
        this.ipids.delete(exported.ipid);
      }
    }
    return owner.refs;
  }
}
