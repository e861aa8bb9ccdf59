/**
 * What the two sides of a connection share: the channel endpoint, the generated proxy/stub entries and
 * layouts, the marshaller, whether the connection is closed, and how faults are described and reported.
 */
import type { ChannelEndpoint, ChannelReply } from './channels/channel.js';
import { ComError, type ComErrorContext } from './com-error.js';
import type { GUID } from './guid.js';
import { E_FAIL, E_NOINTERFACE, formatHresult, hresultName } from './hresult.js';
import type { VtableRecord } from './layout.js';
import type { Marshaller, SlotPlan } from './marshal.js';
import type { StructureMembers } from './shared-structures.js';
import type { ProxyConnection, ProxyStubEntry, ProxyStubRecord } from './proxy.js';

/** Where a fault happened, for `onError`. */
export interface ComFaultContext extends ComErrorContext {
  slot?: number;
  /**
   * `local`: raised on this side (by an implementation here, or a value that could not be taken here);
   * `remote`: reported by the other side's answer.
   */
  origin: 'local' | 'remote';
}

export type FaultHandler = (error: unknown, context: ComFaultContext) => void;

export class ConnectionShared {
  readonly synchronous: boolean;
  /** IID (lowercase) -> interface name, the first entry of the record with that IID. */
  readonly byIid = new Map<GUID, string>();
  closed = false;
  /** Set by the connection once it exists: what proxies are made for, the marshaller it built. */
  connection!: ProxyConnection;
  marshaller!: Marshaller;
  /** How members of shared structures cross (lent structures, [in] structures the callee writes). */
  members!: StructureMembers;

  constructor(
    readonly endpoint: ChannelEndpoint,
    readonly proxyStubs: ProxyStubRecord,
    readonly vtables: VtableRecord,
    private readonly onError: FaultHandler | undefined,
  ) {
    this.synchronous = endpoint.synchronous;
    for (const [name, entry] of Object.entries(proxyStubs)) {
      const iid = entry.layout.iid?.toLowerCase();
      if (iid !== undefined && !this.byIid.has(iid)) this.byIid.set(iid, name);
    }
  }

  /** The record's entry for an interface name (own properties only: names are IDL names). */
  stubEntry(itf: string): ProxyStubEntry | undefined {
    return Object.hasOwn(this.proxyStubs, itf) ? this.proxyStubs[itf] : undefined;
  }

  /** As `stubEntry`, a ComError naming `where` when there is none. */
  entry(itf: string, where: string): ProxyStubEntry {
    const entry = this.stubEntry(itf);
    if (entry === undefined) {
      throw new ComError(E_NOINTERFACE, `${where}: no proxy/stub entry for the interface ${itf}`, {});
    }
    return entry;
  }

  /** Tells `onError`; a faulty hook never breaks the channel. */
  report(error: unknown, context: ComFaultContext): void {
    if (this.onError === undefined) return;
    try {
      this.onError(error, context);
    } catch {
      // A faulty error hook must not break the channel.
    }
  }

  /** The HRESULT reply for a failed call: a ComError's HRESULT, E_FAIL for anything else; reported. */
  fault(error: unknown, plan: SlotPlan | undefined): ChannelReply {
    const context: ComFaultContext =
      plan === undefined
        ? { origin: 'local' }
        : { interfaceName: plan.interfaceName, method: plan.method, slot: plan.slot, origin: 'local' };
    this.report(error, context);
    if (error instanceof ComError) return { result: error.hresult, message: detailOf(error) };
    return { result: E_FAIL, message: describe(error) };
  }
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The message of a refused connect: names the interface and both fingerprints. */
export function connectMismatch(itf: string, proxy: string, stub: string): string {
  return (
    `the proxy's layout of ${itf} differs from the stub's (proxy fingerprint ${proxy}, stub fingerprint ${stub}); ` +
    'build both sides from the same IDL'
  );
}

/** The message of a refused interface pointer: names the interface and both fingerprints. */
export function referenceMismatch(itf: string, sender: string, receiver: string): string {
  return (
    `${itf} pointer refused: the sending side's layout of ${itf} differs from the receiving side's ` +
    `(sender fingerprint ${sender}, receiver fingerprint ${receiver}); build both sides from the same IDL`
  );
}

/** A ComError's message without the HRESULT prefix its constructor adds (the reply carries the HRESULT). */
export function detailOf(error: ComError): string {
  const hr = error.hresult;
  const name = hresultName(hr);
  const code = name === formatHresult(hr) ? name : `${name} (${formatHresult(hr)})`;
  const at = error.message.indexOf(`${code}: `);
  return at < 0 ? error.message : error.message.slice(at + code.length + 2);
}
