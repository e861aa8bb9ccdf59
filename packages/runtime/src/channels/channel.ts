/**
 * What a channel carries between two connections, and the two kinds of channel endpoint: synchronous (a
 * request returns its reply) and asynchronous (messages are posted; replies come back later, matched by id).
 * Every message is plain data (structured-cloneable), so an asynchronous channel may cross threads.
 */
import type { GUID } from '../guid.js';

/**
 * An interface pointer on the wire.
 * - `object`: an object of the sender's table, exported under an interface (`ipid`); the receiver makes a
 *   proxy after checking that its layout of `itf` has the same fingerprint;
 * - `back`: an object of the receiver's own table coming home (the sender held a proxy to it).
 */
export type WireReference =
  | {
      readonly $comRef: 'object';
      readonly ipid: number;
      readonly itf: string;
      readonly iid: GUID | null;
      readonly fingerprint: string;
    }
  | { readonly $comRef: 'back'; readonly ipid: number };

/** Changed members of a structure, marshalled: member name -> value. */
export type WireMemberChanges = Readonly<Record<string, unknown>>;

/** A method call on an exported interface: the in values in slot order, marshalled. */
export interface CallRequest {
  readonly op: 'call';
  readonly ipid: number;
  readonly slot: number;
  readonly args: readonly unknown[];
  /**
   * What the caller changed in the structures this object lent it ([lent id, changes]), to be written into
   * the object's structures before the call runs (asynchronous channels; see shared-structures.ts).
   */
  readonly lent?: readonly (readonly [number, WireMemberChanges])[];
}

/** Asks for the object served under `name`, as interface `itf` built from the layout with `fingerprint`. */
export interface ConnectRequest {
  readonly op: 'connect';
  readonly name: string;
  readonly itf: string;
  readonly iid: GUID | null;
  readonly fingerprint: string;
}

export interface QueryInterfaceRequest {
  readonly op: 'query';
  readonly ipid: number;
  readonly iid: GUID;
}

/** AddRef (`delta` 1) or Release (`delta` -1) of an exported interface's object. */
export interface RefCountRequest {
  readonly op: 'refcount';
  readonly ipid: number;
  readonly delta: 1 | -1;
}

export type ChannelRequest = CallRequest | ConnectRequest | QueryInterfaceRequest | RefCountRequest;

/**
 * The answer to a request: `result` is the method's return value (an HRESULT, or a ULONG for AddRef and
 * Release); `outs` the marshalled [out] and [in, out] values by parameter index; `ref` the reference a
 * connect or QueryInterface hands out; `message` says why, when the serving side failed the call itself.
 */
export interface ChannelReply {
  readonly result: unknown;
  readonly outs?: readonly unknown[] | undefined;
  readonly ref?: WireReference | null | undefined;
  readonly message?: string | undefined;
  /** [out] values the object lends rather than gives: [parameter index, lent id, structure name]. */
  readonly lends?: readonly (readonly [number, number, string])[] | undefined;
  /** What the object changed in structures it lent earlier and still lends: [lent id, changes]. */
  readonly lentChanges?: readonly (readonly [number, WireMemberChanges])[] | undefined;
  /** Lent ids the object no longer lends (their states were left): the caller's copies are its own again. */
  readonly returned?: readonly number[] | undefined;
  /** What the callee changed in the caller's [in] structures during the call: [parameter index, changes]. */
  readonly inChanges?: readonly (readonly [number, WireMemberChanges])[] | undefined;
}

/** The frames of an asynchronous channel. `id` 0 asks for no reply. */
export type ChannelMessage =
  | { readonly $com: 'request'; readonly id: number; readonly body: ChannelRequest }
  | { readonly $com: 'reply'; readonly id: number; readonly body: ChannelReply };

/**
 * A same-realm shortcut to an exported interface, for calls whose arguments need no marshalling: the
 * caller's argument list (boxes included) goes to the stub as it is, with no request or reply object.
 * Generated proxies go one step further and call the implementation's method themselves, then hand its
 * result (or what it threw) to `settle` (or `fail`), which answer as `call` would have.
 */
export interface SyncCallTarget {
  /** False once the object left the serving table or the connection closed. */
  readonly live: boolean;
  /** Why the last call failed, when the serving side failed it (an exception, a refused slot); else undefined. */
  fault: string | undefined;
  /** The implementation the stub dispatches to. */
  readonly object: object;
  /** Calls the method at `slot`; answers its return value (the failure HRESULT when the call failed). */
  call(slot: number, args: unknown[]): unknown;
  /** What `call` answers for a method at `slot` that returned `result` (not a number: none, or a Promise). */
  settle(slot: number, result: unknown): unknown;
  /** What `call` answers for a method at `slot` that threw `error`. */
  fail(slot: number, error: unknown): unknown;
}

/** What a connection listens to a synchronous channel with. */
export interface SyncChannelListener {
  answer(message: ChannelRequest): ChannelReply;
  /** The call target of an exported interface (undefined for an unknown ipid). */
  target(ipid: number): SyncCallTarget | undefined;
}

/** One end of a synchronous channel: `request` runs the peer's handler and returns its reply. */
export interface SyncChannelEndpoint {
  readonly synchronous: true;
  request(message: ChannelRequest): ChannelReply;
  /**
   * Optional, for endpoints whose peer lives in the same realm: the peer's call target for `ipid`, so
   * that calls can skip the request/reply messages. Absent: every call goes through `request`.
   */
  target?(ipid: number): SyncCallTarget | undefined;
  listen(listener: SyncChannelListener): void;
  onClose(handler: () => void): void;
  /** Closes both ends. */
  close(): void;
}

/** One end of an asynchronous channel: messages are posted, and the peer's arrive at the listener. */
export interface AsyncChannelEndpoint {
  readonly synchronous: false;
  /** Throws a ComError when the message cannot be sent (closed channel, data that cannot be cloned). */
  post(message: ChannelMessage): void;
  /** Receives every message of the peer; messages that are not channel frames are the listener's to skip. */
  listen(handler: (message: unknown) => void): void;
  onClose(handler: () => void): void;
  close(): void;
}

export type ChannelEndpoint = SyncChannelEndpoint | AsyncChannelEndpoint;
