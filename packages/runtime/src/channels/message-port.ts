/**
 * An asynchronous channel endpoint over a message port: a worker_threads MessagePort, a Worker, a worker's
 * parentPort, a DOM MessagePort, or anything with `postMessage` and 'message' events (`on` or
 * `addEventListener`). Messages are structured-cloned by the port. The port is given, not created, so this
 * module needs no Node built-in.
 */
import { ComError } from '../com-error.js';
import { E_INVALIDARG, RPC_E_DISCONNECTED } from '../hresult.js';
import type { AsyncChannelEndpoint, ChannelMessage } from './channel.js';

type Listener = (...args: any[]) => void;

/** The part of a port the endpoint uses. */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  on?(event: string, listener: Listener): unknown;
  off?(event: string, listener: Listener): unknown;
  removeListener?(event: string, listener: Listener): unknown;
  addEventListener?(event: string, listener: Listener): unknown;
  removeEventListener?(event: string, listener: Listener): unknown;
  start?(): void;
  close?(): void;
}

export interface MessagePortEndpointOptions {
  /** Close the port when the endpoint closes (default true; a Worker has no close and is left alone). */
  closePort?: boolean;
}

class MessagePortEndpoint implements AsyncChannelEndpoint {
  readonly synchronous = false as const;
  private handler: ((message: unknown) => void) | undefined = undefined;
  private readonly closeHandlers: Array<() => void> = [];
  private closed = false;
  private readonly usesOn: boolean;
  private readonly onMessage: Listener;
  private readonly onPortClose: Listener;

  constructor(
    private readonly port: MessagePortLike,
    private readonly closePort: boolean,
  ) {
    this.usesOn = typeof port.on === 'function';
    if (!this.usesOn && typeof port.addEventListener !== 'function') {
      throw new ComError(E_INVALIDARG, 'messagePortEndpoint: the port has neither on() nor addEventListener()');
    }
    // worker_threads ports pass the data; DOM ports pass a MessageEvent.
    this.onMessage = this.usesOn
      ? (data: unknown) => this.handler?.(data)
      : (event: { data: unknown }) => this.handler?.(event.data);
    this.onPortClose = () => this.shut(false);
  }

  post(message: ChannelMessage): void {
    if (this.closed) throw new ComError(RPC_E_DISCONNECTED, 'the message channel is closed');
    try {
      this.port.postMessage(message);
    } catch (error) {
      throw new ComError(E_INVALIDARG, `cannot send over the message channel: ${String((error as Error)?.message ?? error)}`);
    }
  }

  listen(handler: (message: unknown) => void): void {
    const first = this.handler === undefined;
    this.handler = handler;
    if (!first || this.closed) return;
    if (this.usesOn) {
      this.port.on!('message', this.onMessage);
      this.port.on!('close', this.onPortClose);
      this.port.on!('exit', this.onPortClose); // a Worker ends with 'exit'
    } else {
      this.port.addEventListener!('message', this.onMessage);
      this.port.addEventListener!('close', this.onPortClose);
      this.port.start?.();
    }
  }

  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }

  close(): void {
    this.shut(this.closePort);
  }

  private shut(closePort: boolean): void {
    if (this.closed) return;
    this.closed = true;
    if (this.handler !== undefined) {
      if (this.usesOn) {
        const off = this.port.off ?? this.port.removeListener;
        off?.call(this.port, 'message', this.onMessage);
        off?.call(this.port, 'close', this.onPortClose);
        off?.call(this.port, 'exit', this.onPortClose);
      } else {
        this.port.removeEventListener?.('message', this.onMessage);
        this.port.removeEventListener?.('close', this.onPortClose);
      }
    }
    this.handler = undefined;
    if (closePort) this.port.close?.();
    for (const handler of this.closeHandlers.splice(0)) handler();
  }
}

/** An asynchronous endpoint over `port`; ComConnections on both ends of the port talk through it. */
export function messagePortEndpoint(port: MessagePortLike, options: MessagePortEndpointOptions = {}): AsyncChannelEndpoint {
  return new MessagePortEndpoint(port, options.closePort ?? true);
}
