// The model's API key as Settings shows it: where it comes from, never the key. Setting or clearing it
// re-reads core's status, so the status bar and banners follow at once.
import { useEffect } from 'react';
import { create } from 'zustand';
import { client } from './connection.ts';
import { DockhandError } from './errors.ts';
import { refreshSystem } from './system.ts';
import type { ModelKeyStatus } from './types.ts';

export const useModelKey = create<{ status: ModelKeyStatus | null; error: DockhandError | null }>()(() => ({ status: null, error: null }));

const settle = async (call: Promise<ModelKeyStatus>): Promise<ModelKeyStatus> => {
  const status = await call;
  useModelKey.setState({ status, error: null });
  void refreshSystem();
  return status;
};

export async function loadModelKey(): Promise<void> {
  try {
    useModelKey.setState({ status: await client().call('settings.model_key.retrieve', {}), error: null });
  } catch (err) {
    useModelKey.setState({ error: err instanceof DockhandError ? err : new DockhandError('api_error', String(err)) });
  }
}

/** Stores `api_key` in the OS keychain; the key goes one way, and the answer says only where keys come from. */
export const setModelKey = (api_key: string) => settle(client().call('settings.model_key.set', { api_key }));
export const clearModelKey = () => settle(client().call('settings.model_key.delete', {}));

/** Where the model key comes from, read when the screen that shows it opens. */
export function useModelKeyStatus(): ModelKeyStatus | null {
  const status = useModelKey((s) => s.status);
  useEffect(() => void loadModelKey(), []);
  return status;
}

/** Whether an OS keychain answers (it comes with the model key's status), read when a screen that stores secrets opens. */
export const useKeychain = (): ModelKeyStatus['keychain'] | null => useModelKeyStatus()?.keychain ?? null;
