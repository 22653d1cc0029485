// Dockhand's settings extensions: the model's API key (write-only) and whether a keychain answers.
import type { Services } from '../api/contract.ts';
import { keychainStatus } from '../vault/keychain.ts';
import type { ModelKey } from '../vault/model-key.ts';

type SettingsServices = Pick<Services, 'settings.keychain.retrieve' | 'settings.model_key.retrieve' | 'settings.model_key.set' | 'settings.model_key.delete'>;

export function settingsServices(modelKey: ModelKey): SettingsServices {
  return {
    async 'settings.keychain.retrieve'() {
      return { type: 'keychain', ...(await keychainStatus()) };
    },
    async 'settings.model_key.retrieve'() {
      return modelKey.status();
    },
    async 'settings.model_key.set'({ api_key }) {
      await modelKey.set(api_key);
      return modelKey.status();
    },
    async 'settings.model_key.delete'() {
      await modelKey.delete();
      return modelKey.status();
    },
  };
}
