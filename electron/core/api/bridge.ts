// The contract over Electron IPC: the channels the preload and the main process speak, and the
// bridge the preload exposes to the renderer as `window.dockhand`. Replies are plain data: an error
// thrown across IPC or the context bridge loses its shape, so it travels as the API's error envelope.
import type { CallMethod, Item, Params, Result, StreamMethod } from './contract.ts';
import type { ErrorEnvelope } from './errors.ts';

export const CHANNELS = {
  /** invoke `{method, input}` -> Reply<Result> */
  call: 'dockhand:call',
  /** invoke `{id, method, input}` -> Reply<null>; items then arrive on `item` */
  subscribe: 'dockhand:subscribe',
  /** invoke `{id}` -> Reply<null> */
  unsubscribe: 'dockhand:unsubscribe',
  /** main -> renderer `{id, item, itemId}` */
  item: 'dockhand:item',
} as const;

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorEnvelope };

export interface ItemMessage {
  /** The subscription it belongs to. */
  id: string;
  item: unknown;
  /** The item's own id (an event id), for resuming with `after`. */
  itemId: string;
}

export interface Bridge {
  call<K extends CallMethod>(method: K, input: Params<K>): Promise<Reply<Result<K>>>;
  /**
   * Starts a subscription; `onItem` gets the backlog after `input.after` and then live items, in
   * order. Resolves with the subscription id to pass to `unsubscribe`, or with the error.
   */
  subscribe<K extends StreamMethod>(method: K, input: Params<K>, onItem: (item: Item<K>, itemId: string) => void): Promise<Reply<string>>;
  unsubscribe(id: string): Promise<void>;
}
