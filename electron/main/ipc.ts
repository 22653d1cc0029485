// The contract over IPC, generic like the HTTP server: one invoke handler calls any operation by
// name, one subscribe/unsubscribe pair carries any stream. Every message is checked: the sender
// frame's origin, the method's presence in the contract, the input's validity.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS, type ItemMessage, type Reply } from '../core/api/bridge.ts';
import { contract, type CallMethod, type Services, type Sink, type StreamMethod, type Unsubscribe } from '../core/api/contract.ts';
import { ApiError, invalid, toApiError } from '../core/api/errors.ts';
import { isMethod, validate } from '../core/api/validate.ts';
import { toPlain } from '../core/api/payloads.ts';
import { isAllowedOrigin } from './origin.ts';

export interface IpcRouterOptions {
  services: Services;
  /** Origins of the app's own pages, e.g. `app://dockhand`. */
  allowedOrigins: readonly string[];
  /** Failures that are not the caller's fault, for the log. */
  onInternalError?: (err: unknown) => void;
}

const SUBSCRIPTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

function fields(msg: unknown): Record<string, unknown> {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) throw invalid('IPC message must be an object');
  return msg as Record<string, unknown>;
}

function methodOf(name: unknown, kind: 'call' | 'stream') {
  if (!isMethod(name) || contract[name].kind !== kind) throw new ApiError('not_found_error', `no ${kind} operation named ${String(name)}`);
  return name;
}

function subscriptionId(id: unknown): string {
  if (typeof id !== 'string' || !SUBSCRIPTION_ID.test(id)) throw invalid('subscription id must be 1-64 characters of [A-Za-z0-9_-]');
  return id;
}

/** Registers the IPC handlers; returns a function that removes them and ends every subscription. */
export function registerIpcRouter(opts: IpcRouterOptions): () => void {
  // Subscriptions per renderer, dropped when it goes away: closed, crashed, or reloaded (a new page
  // knows none of them).
  const subscriptions = new Map<WebContents, { subs: Map<string, Unsubscribe>; drop: () => void }>();
  const GONE = ['destroyed', 'render-process-gone', 'did-navigate'] as const;

  const dropAll = (wc: WebContents) => {
    const entry = subscriptions.get(wc);
    if (!entry) return;
    subscriptions.delete(wc);
    for (const event of GONE) wc.removeListener(event as 'destroyed', entry.drop);
    entry.subs.forEach((unsubscribe) => unsubscribe());
  };

  const subsOf = (wc: WebContents) => {
    let entry = subscriptions.get(wc);
    if (!entry) {
      entry = { subs: new Map(), drop: () => dropAll(wc) };
      subscriptions.set(wc, entry);
      for (const event of GONE) wc.on(event as 'destroyed', entry.drop);
    }
    return entry.subs;
  };

  /** Runs a checked handler and answers in the API's error envelope, as the HTTP server does. */
  const handle = <T>(channel: string, fn: (event: IpcMainInvokeEvent, msg: Record<string, unknown>) => Promise<T>) =>
    ipcMain.handle(channel, async (event, msg: unknown): Promise<Reply<T>> => {
      try {
        if (!isAllowedOrigin(event.senderFrame?.url, opts.allowedOrigins)) {
          throw new ApiError('permission_error', 'IPC is accepted only from the app’s own pages');
        }
        return { ok: true, value: await fn(event, fields(msg)) };
      } catch (err) {
        const apiErr = toApiError(err);
        if (apiErr.status >= 500) opts.onInternalError?.(err);
        return { ok: false, error: apiErr.toEnvelope() };
      }
    });

  handle(CHANNELS.call, async (_event, { method, input }) => {
    const name = methodOf(method, 'call') as CallMethod;
    return toPlain(await (opts.services[name] as (i: unknown) => Promise<unknown>)(validate(name, input)));
  });

  handle(CHANNELS.subscribe, async (event, { id: rawId, method, input }) => {
    const id = subscriptionId(rawId);
    const name = methodOf(method, 'stream') as StreamMethod;
    const valid = validate(name, input);
    const wc = event.sender;
    const frame = event.senderFrame!;
    const subs = subsOf(wc);
    if (subs.has(id)) throw invalid(`subscription ${id} already exists`);
    // Hold the id while subscribing, so an unsubscribe or a closing renderer in the meantime is not lost.
    let cancelled = false;
    subs.set(id, () => void (cancelled = true));
    let unsubscribe: Unsubscribe;
    try {
      const subscribe = opts.services[name] as (i: unknown, sink: Sink<unknown>) => Promise<Unsubscribe>;
      unsubscribe = await subscribe(valid, (item, itemId) => {
        if (!frame.isDestroyed()) frame.send(CHANNELS.item, { id, item, itemId } satisfies ItemMessage);
      });
    } catch (err) {
      subs.delete(id);
      throw err;
    }
    if (cancelled) unsubscribe();
    else subs.set(id, unsubscribe);
    return null;
  });

  handle(CHANNELS.unsubscribe, async (event, { id }) => {
    const subs = subscriptions.get(event.sender)?.subs;
    const key = subscriptionId(id);
    subs?.get(key)?.();
    subs?.delete(key);
    return null;
  });

  return () => {
    for (const channel of [CHANNELS.call, CHANNELS.subscribe, CHANNELS.unsubscribe]) ipcMain.removeHandler(channel);
    [...subscriptions.keys()].forEach(dropAll);
  };
}
