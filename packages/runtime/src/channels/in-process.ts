/**
 * The in-process channel: two synchronous endpoints in one thread. A request on one end runs the other
 * end's handler directly and returns its reply; nothing is copied, so values arrive as the caller passed
 * them (interface pointers still travel as references, by the connections on both ends). Calls that carry
 * no interface pointers take the endpoint's call-target shortcut and pass their argument list as it is.
 */
import { ComError } from '../com-error.js';
import { RPC_E_DISCONNECTED } from '../hresult.js';
import type {
  ChannelReply,
  ChannelRequest,
  SyncCallTarget,
  SyncChannelEndpoint,
  SyncChannelListener,
} from './channel.js';

class InProcessEndpoint implements SyncChannelEndpoint {
  readonly synchronous = true as const;
  peer!: InProcessEndpoint;
  listener: SyncChannelListener | undefined = undefined;
  closed = false;
  private readonly closeHandlers: Array<() => void> = [];

  request(message: ChannelRequest): ChannelReply {
    const listener = this.peer.listener;
    if (listener === undefined || this.closed) {
      throw new ComError(
        RPC_E_DISCONNECTED,
        this.closed ? 'the in-process channel is closed' : 'no connection listens at the other end of the channel',
      );
    }
    return listener.answer(message);
  }

  target(ipid: number): SyncCallTarget | undefined {
    return this.closed ? undefined : this.peer.listener?.target(ipid);
  }

  listen(listener: SyncChannelListener): void {
    this.listener = listener;
  }

  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }

  close(): void {
    this.shut();
    this.peer.shut();
  }

  private shut(): void {
    if (this.closed) return;
    this.closed = true;
    this.listener = undefined;
    for (const handler of this.closeHandlers.splice(0)) handler();
  }
}

/** A connected pair of synchronous endpoints: give one to each ComConnection. */
export function createInProcessChannel(): [SyncChannelEndpoint, SyncChannelEndpoint] {
  const a = new InProcessEndpoint();
  const b = new InProcessEndpoint();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
