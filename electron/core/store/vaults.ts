import type { BetaManagedAgentsVault } from '@anthropic-ai/sdk/resources/beta/vaults/vaults';
import type { BetaManagedAgentsCredential } from '@anthropic-ai/sdk/resources/beta/vaults/credentials';
import type { Db } from './db.ts';
import { page, type PageResult } from './pager.ts';

type Vault = BetaManagedAgentsVault;
type Credential = BetaManagedAgentsCredential;

/** Vaults and credentials as the API returns them; no secret value is ever written here. */
export class VaultStore {
  constructor(private readonly db: Db) {}

  put(v: Vault): void {
    this.db
      .prepare('INSERT INTO vaults (id, body, archived_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body, archived_at = excluded.archived_at')
      .run(v.id, JSON.stringify(v), v.archived_at);
  }

  get(id: string): Vault | undefined {
    const r = this.db.prepare('SELECT body FROM vaults WHERE id = ?').get(id) as { body: string } | undefined;
    return r && (JSON.parse(r.body) as Vault);
  }

  /** Deletes the vault and (cascading) its credentials. */
  delete(id: string): void {
    this.db.prepare('DELETE FROM vaults WHERE id = ?').run(id);
  }

  list(includeArchived: boolean, limit: number, pageToken?: string | null): PageResult<Vault> {
    const res = page<{ seq: number; body: string }>(this.db, {
      select: 'seq, body',
      from: `FROM vaults WHERE ${includeArchived ? '1=1' : 'archived_at IS NULL'}`,
      params: [],
      order: 'desc',
      limit,
      page: pageToken,
    });
    return { ...res, rows: res.rows.map((r) => JSON.parse(r.body) as Vault) };
  }

  putCredential(c: Credential): void {
    this.db
      .prepare('INSERT INTO credentials (id, vault_id, body, archived_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body, archived_at = excluded.archived_at')
      .run(c.id, c.vault_id, JSON.stringify(c), c.archived_at);
  }

  credential(vaultId: string, id: string): Credential | undefined {
    const r = this.db.prepare('SELECT body FROM credentials WHERE id = ? AND vault_id = ?').get(id, vaultId) as { body: string } | undefined;
    return r && (JSON.parse(r.body) as Credential);
  }

  /** Every credential of a vault (archived ones too), oldest first. */
  credentials(vaultId: string): Credential[] {
    return (this.db.prepare('SELECT body FROM credentials WHERE vault_id = ? ORDER BY seq').all(vaultId) as { body: string }[]).map((r) => JSON.parse(r.body) as Credential);
  }

  deleteCredential(id: string): void {
    this.db.prepare('DELETE FROM credentials WHERE id = ?').run(id);
  }

  listCredentials(vaultId: string, includeArchived: boolean, limit: number, pageToken?: string | null): PageResult<Credential> {
    const res = page<{ seq: number; body: string }>(this.db, {
      select: 'seq, body',
      from: `FROM credentials WHERE vault_id = ?${includeArchived ? '' : ' AND archived_at IS NULL'}`,
      params: [vaultId],
      order: 'desc',
      limit,
      page: pageToken,
    });
    return { ...res, rows: res.rows.map((r) => JSON.parse(r.body) as Credential) };
  }

  /** Sessions (not deleted) whose vault_ids name the vault, newest first: where a vault is used. */
  sessionIds(vaultId: string, limit: number): string[] {
    return (
      this.db
        .prepare(`SELECT id FROM sessions WHERE EXISTS (SELECT 1 FROM json_each(sessions.body, '$.vault_ids') WHERE value = ?) ORDER BY seq DESC LIMIT ?`)
        .all(vaultId, limit) as { id: string }[]
    ).map((r) => r.id);
  }
}

/** Small facts about this installation, by key. */
export class Settings {
  constructor(private readonly db: Db) {}

  get(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  /** Sets the key unless it is set already; returns the value it holds. */
  setIfAbsent(key: string, value: string): string {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING').run(key, value);
    return this.get(key)!;
  }
}
