/**
 * A COM connection over one channel endpoint: serves named objects to the other side (`serving-side.ts`),
 * connects to the other side's (`calling-side.ts`), and is what proxies call through and what the
 * marshaller asks about interface pointers crossing the channel. Both sides check layout fingerprints:
 * a slot is never dispatched to the wrong method.
 */
import { CallingSide } from './calling-side.js';
import type { ChannelEndpoint, ChannelMessage, ChannelReply, ChannelRequest, WireReference } from './channels/channel.js';
import { ComError } from './com-error.js';
import { ConnectionShared, describe, isThenable, type ComFaultContext } from './connection-shared.js';
import type { GUID } from './guid.js';
import { E_FAIL, E_INVALIDARG, type HRESULT } from './hresult.js';
import type { InterfaceLayout, StructRecord, VtableRecord } from './layout.js';
import { Marshaller, type LayoutPlans, type MarshalScope, type ReferenceTable } from './marshal.js';
import type { Out } from './out.js';
import { ComProxyBase, type ComProxyClass, type ProxyConnection, type ProxyStubRecord } from './proxy.js';
import { ServingSide, type Reply } from './serving-side.js';
import { StructureMembers } from './shared-structures.js';
import type { ComUnknown } from './unknown.js';

export type { ComFaultContext } from './connection-shared.js';

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

function isChannelMessage(value: unknown): value is ChannelMessage {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { $com?: unknown }).$com;
  return (kind === 'request' || kind === 'reply') && typeof (value as { id?: unknown }).id === 'number';
}

export class ComConnection implements ReferenceTable, ProxyConnection {
  /** True on a synchronous channel: `connect` and ComProxy work; references arrive as ComProxy. */
  readonly synchronous: boolean;
  private readonly shared: ConnectionShared;
  private readonly serving: ServingSide;
  private readonly calling: CallingSide;

  constructor(endpoint: ChannelEndpoint, options: ConnectionOptions) {
    if (!options || typeof options.proxyStubs !== 'object' || options.proxyStubs === null) {
      throw new ComError(E_INVALIDARG, 'ComConnection: options.proxyStubs (the generated proxy/stub record) is required');
    }
    this.synchronous = endpoint.synchronous;
    this.shared = new ConnectionShared(endpoint, options.proxyStubs, options.vtables ?? {}, options.onError);
    this.shared.connection = this;
    this.shared.marshaller = new Marshaller(options.structs ?? {}, this);
    this.shared.members = new StructureMembers(options.structs ?? {}, this.shared.marshaller);
    this.serving = new ServingSide(this.shared);
    this.calling = new CallingSide(this.shared, this.serving);
    if (endpoint.synchronous) {
      endpoint.listen({ answer: (request) => this.answerSync(request), target: (ipid) => this.serving.exported(ipid) });
    } else {
      endpoint.listen((message) => this.receive(message));
    }
    endpoint.onClose(() => this.shutDown());
  }

  get closed(): boolean {
    return this.shared.closed;
  }

  /** Objects in the table (diagnostics: exported objects the other side still holds, or borrows). */
  get exportCount(): number {
    return this.serving.exportCount;
  }

  /** Offers `impl` to the other side under `name`, as the interface `interfaceName`. */
  serve(name: string, impl: object, interfaceName: string): void {
    this.serving.serve(name, impl, interfaceName);
  }

  /** Stops offering `name`; references already handed out stay valid. */
  revoke(name: string): boolean {
    return this.serving.revoke(name);
  }

  /** A proxy of the object the other side serves under `name` (synchronous channels). */
  connect<P extends ComProxyBase>(name: string, proxyClass: ComProxyClass<P>): P {
    return this.calling.connect(name, proxyClass);
  }

  /** A proxy of the object the other side serves under `name` (any channel). */
  connectAsync<P extends ComProxyBase>(name: string, proxyClass: ComProxyClass<P>): Promise<P> {
    return this.calling.connectAsync(name, proxyClass);
  }

  /** Closes the channel: pending calls answer RPC_E_DISCONNECTED, the table is emptied. */
  close(): void {
    if (this.shared.closed) return;
    this.shutDown();
    this.shared.endpoint.close();
  }

  // ---- ProxyConnection (used by proxies) -------------------------------------------------------------

  /** @internal */
  $plansFor(layout: InterfaceLayout): LayoutPlans {
    return this.shared.marshaller.plansFor(layout);
  }

  /** @internal */
  $invokeSync(proxy: ComProxyBase, slot: number, args: unknown[]): unknown {
    return this.calling.invokeSync(proxy, slot, args);
  }

  /** @internal */
  $answerLocal(proxy: ComProxyBase, slot: number, result: unknown, threw: boolean, error?: unknown): unknown {
    return this.calling.answerLocal(proxy, slot, result, threw, error);
  }

  /** @internal */
  $invokeAsync(proxy: ComProxyBase, slot: number, args: unknown[]): Promise<unknown> {
    return this.calling.invokeAsync(proxy, slot, args);
  }

  /** @internal */
  $queryInterfaceSync(proxy: ComProxyBase, riid: GUID, ppv: Out<ComUnknown | null>): HRESULT {
    return this.calling.queryInterfaceSync(proxy, riid, ppv);
  }

  /** @internal */
  $queryInterfaceAsync(proxy: ComProxyBase, riid: GUID, ppv: Out<ComUnknown | null>): Promise<HRESULT> {
    return this.calling.queryInterfaceAsync(proxy, riid, ppv);
  }

  /** @internal */
  $refCountSync(proxy: ComProxyBase, delta: 1 | -1): number {
    return this.calling.refCountSync(proxy, delta);
  }

  /** @internal */
  $refCountAsync(proxy: ComProxyBase, delta: 1 | -1): Promise<number> {
    return this.calling.refCountAsync(proxy, delta);
  }

  // ---- ReferenceTable (used by the marshaller) -------------------------------------------------------

  /** @internal */
  exportReference(value: object, itf: string, scope: MarshalScope): WireReference {
    return this.serving.exportReference(value, itf, scope);
  }

  /** @internal */
  importReference(ref: WireReference, scope: MarshalScope): unknown {
    return this.calling.importReference(ref, scope);
  }

  /** @internal */
  interfaceForIid(iid: GUID): string | undefined {
    return this.shared.byIid.get(iid);
  }

  /** @internal */
  proxyInterface(value: object): string | undefined {
    return value instanceof ComProxyBase ? value.$layout.name : undefined;
  }

  // ---- the channel ------------------------------------------------------------------------------------

  private answerSync(request: ChannelRequest): ChannelReply {
    const reply = this.serving.answer(request);
    if (!isThenable(reply)) return reply;
    reply.then(undefined, () => undefined);
    return { result: E_FAIL, message: 'an asynchronous answer on a synchronous channel' };
  }

  private receive(message: unknown): void {
    if (!isChannelMessage(message)) return;
    if (message.$com === 'reply') {
      this.calling.replied(message.id, message.body);
      return;
    }
    const id = message.id;
    let reply: Reply;
    try {
      reply = this.serving.answer(message.body);
    } catch (error) {
      reply = this.shared.fault(error, undefined);
    }
    if (isThenable(reply)) {
      reply.then(
        (r) => this.replyAsync(id, r),
        (error: unknown) => this.replyAsync(id, this.shared.fault(error, undefined)),
      );
    } else {
      this.replyAsync(id, reply);
    }
  }

  private replyAsync(id: number, reply: ChannelReply): void {
    const endpoint = this.shared.endpoint;
    if (id === 0 || this.shared.closed || endpoint.synchronous) return;
    try {
      endpoint.post({ $com: 'reply', id, body: reply });
    } catch (error) {
      this.shared.report(error, { origin: 'local' });
      try {
        endpoint.post({ $com: 'reply', id, body: { result: E_FAIL, message: `the answer could not be sent: ${describe(error)}` } });
      } catch {
        // Nothing more can be said over this channel.
      }
    }
  }

  private shutDown(): void {
    if (this.shared.closed) return;
    this.shared.closed = true;
    this.calling.shutDown();
    this.serving.shutDown();
  }
}
