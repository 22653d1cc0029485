// Result types of Dockhand's settings extensions (no official counterpart): what the Settings screen shows.

/** Whether an OS keychain answers; secrets cannot be stored without one. */
export interface KeychainStatus {
  type: 'keychain';
  available: boolean;
  /** Why not, in one line, when not. */
  message: string | null;
}

/** Where the model's API key comes from; the key itself is never returned. */
export interface ModelKeyStatus {
  type: 'model_key';
  configured: boolean;
  /** ANTHROPIC_API_KEY in Dockhand's environment wins over the keychain (scripts, CI). */
  source: 'environment' | 'keychain' | null;
  /** Whether a key is stored in the keychain (used when the environment sets none). */
  stored: boolean;
  keychain: KeychainStatus;
}
