import type { Bridge } from '../../electron/core/api/bridge.ts';

declare global {
  interface Window {
    /** The preload's bridge; present only inside the Electron app. */
    dockhand?: Bridge;
  }
}
