// The one bridge into the page (`window.dockhand`): the contract over IPC, never raw ipcRenderer.
// Bundled as one CommonJS file, as sandboxed preloads require.
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, type Bridge, type ItemMessage, type Reply } from '../core/api/bridge.ts';

const sinks = new Map<string, (item: unknown, itemId: string) => void>();
ipcRenderer.on(CHANNELS.item, (_event, msg: ItemMessage) => sinks.get(msg.id)?.(msg.item, msg.itemId));
let nextId = 0;

const bridge: Bridge = {
  call: (method, input) => ipcRenderer.invoke(CHANNELS.call, { method, input }),
  async subscribe(method, input, onItem) {
    const id = `sub${++nextId}`;
    // Listen first: the backlog arrives before the reply.
    sinks.set(id, onItem as (item: unknown, itemId: string) => void);
    const reply = (await ipcRenderer.invoke(CHANNELS.subscribe, { id, method, input })) as Reply<null>;
    if (!reply.ok) {
      sinks.delete(id);
      return reply;
    }
    return { ok: true, value: id };
  },
  async unsubscribe(id) {
    sinks.delete(id);
    await ipcRenderer.invoke(CHANNELS.unsubscribe, { id });
  },
};

contextBridge.exposeInMainWorld('dockhand', bridge);
