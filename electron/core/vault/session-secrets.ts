/**
 * Credentials handed over with a session (a repository's `authorization_token`). They are kept in
 * memory only, never in the store, the event log or a resource returned by the API; the hands use
 * them host-side. Until the keychain-backed vault lands they do not survive a restart.
 */
export class SessionSecrets {
  private readonly bySession = new Map<string, Map<string, string>>();

  set(sessionId: string, resourceId: string, secret: string): void {
    let m = this.bySession.get(sessionId);
    if (!m) this.bySession.set(sessionId, (m = new Map()));
    m.set(resourceId, secret);
  }

  get(sessionId: string, resourceId: string): string | undefined {
    return this.bySession.get(sessionId)?.get(resourceId);
  }

  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
  }
}
