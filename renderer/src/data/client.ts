// The renderer's one way to reach core, typed from the contract. Two transports behind it: IPC via
// the preload's bridge inside Electron, HTTP/SSE to the local API in `serve` mode and browser tests.
import type { CallMethod, Item, Params, Result, StreamMethod } from '../../../electron/core/api/contract.ts';
import type { DockhandError } from './errors.ts';

export interface StreamHandlers<K extends StreamMethod> {
  onItem: (item: Item<K>, id: string) => void;
  /** The subscription failed or ended for good (e.g. unknown session); no more items will come. */
  onError?: (err: DockhandError) => void;
  /**
   * The stream is open (again), or lost and being retried (over HTTP, with the reason): what the
   * status bar shows as the connection.
   */
  onState?: (state: 'open' | 'retrying', reason?: DockhandError) => void;
}

export interface Client {
  readonly transport: 'ipc' | 'http';
  /** Calls an operation; rejects with a DockhandError. */
  call<K extends CallMethod>(method: K, input: Params<K>): Promise<Result<K>>;
  /** Subscribes to a stream; returns the function that ends the subscription. */
  subscribe<K extends StreamMethod>(method: K, input: Params<K>, handlers: StreamHandlers<K>): () => void;
}
