/**
 * Proxies: the calling side of a vtable across a channel. Generated proxy classes extend ComProxy
 * (synchronous channels) or ComAsyncProxy (any channel; methods return promises) and implement each method
 * as `this.$invoke(slot, args)`. QueryInterface, AddRef and Release (slots 0-2) are implemented here and
 * answered by the serving side. Proxies are made by a ComConnection, never by user code.
 */
import type { ComAsync } from './com-async.js';
import type { SyncCallTarget } from './channels/channel.js';
import type { GUID } from './guid.js';
import type { HRESULT } from './hresult.js';
import type { InterfaceLayout } from './layout.js';
import { isPlainOpaque, type LayoutPlans, type SlotPlan } from './marshal.js';
import type { Out } from './out.js';
import type { StubFactory } from './stub.js';
import type { ComUnknown } from './unknown.js';
import { freezeRecord } from './records.js';

/**
 * What a proxy needs of the connection it was made by: how its slots' arguments cross, and the calls it
 * forwards. Proxies depend on this, not on the connection class, so that proxies and the connection do
 * not import one another.
 */
export interface ProxyConnection {
  /** How each slot of a layout crosses, computed once per layout. */
  $plansFor(layout: InterfaceLayout): LayoutPlans;
  $invokeSync(proxy: ComProxyBase, slot: number, args: unknown[]): unknown;
  $invokeAsync(proxy: ComProxyBase, slot: number, args: unknown[]): Promise<unknown>;
  /** What a generated proxy's direct call of the implementation answers (see `ComProxy.$settle`). */
  $answerLocal(proxy: ComProxyBase, slot: number, result: unknown, threw: boolean, error?: unknown): unknown;
  $queryInterfaceSync(proxy: ComProxyBase, riid: GUID, ppv: Out<ComUnknown | null>): HRESULT;
  $queryInterfaceAsync(proxy: ComProxyBase, riid: GUID, ppv: Out<ComUnknown | null>): Promise<HRESULT>;
  $refCountSync(proxy: ComProxyBase, delta: 1 | -1): number;
  $refCountAsync(proxy: ComProxyBase, delta: 1 | -1): Promise<number>;
}

/** What proxies of both kinds hold: the connection, the exported interface they call, and the layout. */
export abstract class ComProxyBase {
  /** The connection the proxy calls through. */
  readonly $connection: ProxyConnection;
  /** The serving side's id of the exported interface. */
  readonly $ipid: number;
  readonly $layout: InterfaceLayout;
  /** @internal How each slot's arguments cross, by slot index. */
  readonly $plans: readonly (SlotPlan | undefined)[];
  /** @internal 1 for the slots that may take the same-realm shortcut. */
  readonly $direct: Uint8Array;
  /** @internal References held through this proxy (0 for an [in] pointer borrowed for one call). */
  $refs = 0;
  /** @internal Set once this proxy released its last reference or the object left the serving table. */
  $disconnected = false;
  /** @internal The same-realm call target, once looked up (null: the channel has none). */
  $target: SyncCallTarget | null | undefined = undefined;

  constructor(connection: ProxyConnection, oid: number, layout: InterfaceLayout) {
    this.$connection = connection;
    this.$ipid = oid;
    this.$layout = layout;
    const plans = connection.$plansFor(layout);
    this.$plans = plans.slots;
    this.$direct = plans.direct;
  }
}

/** A proxy on a synchronous channel: every call returns when the serving side has answered. */
export class ComProxy extends ComProxyBase implements ComUnknown {
  QueryInterface(riid: GUID, ppvObject: Out<ComUnknown | null>): HRESULT {
    return this.$connection.$queryInterfaceSync(this, riid, ppvObject);
  }

  AddRef(): number {
    return this.$connection.$refCountSync(this, 1);
  }

  Release(): number {
    return this.$connection.$refCountSync(this, -1);
  }

  /**
   * Calls the method at `slot`. `args` is the full argument list in slot order: in values, and the caller's
   * Out/InOut boxes, whose `value` is set from the answer. Returns the method's return value.
   */
  $invoke(slot: number, args: unknown[]): unknown {
    return this.$connection.$invokeSync(this, slot, args);
  }

  /**
   * The implementation itself, when a call of `slot` may skip the stub: it lives in this realm (an earlier
   * call found it), is still served and referenced, and the slot's arguments need no marshalling, or need
   * it only for `void *` values (`opaque`: the one such value, or for several an array of them via
   * `$localAll`) that hold no object. Otherwise null, and the call goes through `$invoke`.
   *
   * Generated proxies call the method on what this returns and pass the outcome to `$settle` or `$fail`, so
   * that the call answers exactly what the stub's would (S_OK for no result, failures for exceptions and
   * Promises, faults reported), with no argument list, stub dispatch or call target in between.
   */
  $local<T>(slot: number, opaque?: unknown): T | null {
    // $direct is 1 for a slot with nothing to marshal (so no `void *` value), 2 for one whose only walked
    // values are `void *` ones: either way the shortcut holds when `opaque` holds no object.
    const target = this.$target;
    return target != null && target.live && !this.$disconnected && this.$direct[slot] !== 0 && isPlainOpaque(opaque)
      ? (target.object as T)
      : null;
  }

  /** As `$local`, for a slot with several `void *` parameters: `opaque` lists their values. */
  $localAll<T>(slot: number, opaque: readonly unknown[]): T | null {
    for (let i = 0; i < opaque.length; i++) if (!isPlainOpaque(opaque[i])) return null;
    return this.$local<T>(slot);
  }

  /** What a call answers when the method `$local` gave returned `result`. */
  $settle(slot: number, result: unknown): unknown {
    return typeof result === 'number' ? result : this.$connection.$answerLocal(this, slot, result, false);
  }

  /** What a call answers when the method `$local` gave threw `error`. */
  $fail(slot: number, error: unknown): unknown {
    return this.$connection.$answerLocal(this, slot, undefined, true, error);
  }
}

/** A proxy whose methods return promises: the form used on asynchronous (message) channels. */
export class ComAsyncProxy extends ComProxyBase implements ComAsync<ComUnknown> {
  QueryInterface(riid: GUID, ppvObject: Out<ComUnknown | null>): Promise<HRESULT> {
    return this.$connection.$queryInterfaceAsync(this, riid, ppvObject);
  }

  AddRef(): Promise<number> {
    return this.$connection.$refCountAsync(this, 1);
  }

  Release(): Promise<number> {
    return this.$connection.$refCountAsync(this, -1);
  }

  /** As ComProxy.$invoke, answered by a promise. */
  $invoke(slot: number, args: unknown[]): Promise<unknown> {
    return this.$connection.$invokeAsync(this, slot, args);
  }
}

/** The constructor of a proxy class; generated classes also carry their layout as `static layout`. */
export type ComProxyConstructor<P extends ComProxyBase> = new (
  connection: ProxyConnection,
  oid: number,
  layout: InterfaceLayout,
) => P;

/** A generated proxy class, as `connect` takes it. */
export type ComProxyClass<P extends ComProxyBase> = ComProxyConstructor<P> & { readonly layout: InterfaceLayout };

/** What a generated proxies package registers per interface. */
export interface ProxyStubEntry {
  readonly layout: InterfaceLayout;
  readonly proxy: ComProxyConstructor<ComProxy>;
  readonly asyncProxy: ComProxyConstructor<ComAsyncProxy>;
  readonly stub: StubFactory<any>;
}

/** Proxy/stub entries keyed by interface name. */
export type ProxyStubRecord = Readonly<Record<string, ProxyStubEntry>>;

/**
 * Builds the frozen `proxyStubs` record of a generated proxies package: without prototype, so that only the
 * interfaces it lists are found, whatever their names.
 */
export function defineProxyStubs(source: Readonly<Record<string, ProxyStubEntry>>): ProxyStubRecord {
  return freezeRecord(source);
}
