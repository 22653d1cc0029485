/**
 * Credentials handed over with a session (a repository's `authorization_token`). They go to the OS keychain,
 * never to the store, the event log or a resource returned by the API; the hands read them host-side, so a
 * session's clone (and its proxied git fetches and pushes) work after a restart.
 */
import type { SecretStore } from './secrets.ts';

export class SessionSecrets {
  constructor(private readonly secrets: SecretStore) {}

  set(sessionId: string, resourceId: string, token: string): Promise<void> {
    return this.secrets.set(`repository/${sessionId}/${resourceId}`, token);
  }

  get(sessionId: string, resourceId: string): Promise<string | undefined> {
    return this.secrets.get(`repository/${sessionId}/${resourceId}`);
  }

  /** Removes the session's tokens; best effort (a keychain that went away keeps them, out of every file of Dockhand's). */
  async forget(sessionId: string, resourceIds: readonly string[]): Promise<void> {
    for (const id of resourceIds) await this.secrets.delete(`repository/${sessionId}/${id}`).catch(() => undefined);
  }
}
