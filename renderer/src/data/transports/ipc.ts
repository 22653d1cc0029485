import type { Bridge, Reply } from '../../../../electron/core/api/bridge.ts';
import type { Client } from '../client.ts';
import { DockhandError } from '../errors.ts';

const unwrap = <T>(reply: Reply<T>): T => {
  if (reply.ok) return reply.value;
  throw DockhandError.fromEnvelope(reply.error);
};

/** The contract over Electron IPC, through the preload's bridge. */
export function ipcClient(bridge: Bridge): Client {
  return {
    transport: 'ipc',
    call: async (method, input) => unwrap(await bridge.call(method, input)),
    subscribe(method, input, { onItem, onError, onState }) {
      let ended = false;
      const subscribed = bridge.subscribe(method, input, (item, id) => {
        if (!ended) onItem(item, id);
      });
      void subscribed.then((reply) => {
        if (reply.ok && !ended) onState?.('open');
        if (reply.ok && ended) void bridge.unsubscribe(reply.value);
        if (!reply.ok && !ended) onError?.(DockhandError.fromEnvelope(reply.error));
      });
      return () => {
        if (ended) return;
        ended = true;
        void subscribed.then((reply) => {
          if (reply.ok) void bridge.unsubscribe(reply.value);
        });
      };
    },
  };
}
