import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, openDb, schemaVersion, StoreVersionError } from '../../electron/core/store/db.ts';
import { migrations } from '../../electron/core/store/migrations/index.ts';
import { tempDir } from '../support/serve.ts';

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('001 initial: creates the four object tables and the append-only event log', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['agent_versions', 'agents', 'environments', 'events', 'sessions']);

    db.exec(`
      INSERT INTO agents (id, version, created_at) VALUES ('agent_a', 1, 't');
      INSERT INTO environments (id, name, body, created_at) VALUES ('env_a', 'e', '{}', 't');
      INSERT INTO sessions (id, agent_id, agent_version, environment_id, body, created_at, updated_at) VALUES ('sesn_a', 'agent_a', 1, 'env_a', '{}', 't', 't');
      INSERT INTO events (session_id, seq, id, type, created_at, body) VALUES ('sesn_a', 1, 'sevt_a', 'user.message', 't', '{}');
    `);
    expect(() => db.exec("UPDATE events SET body = '{\"x\":1}'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM events')).toThrow(/deleted only with their session/);
    expect(() => db.exec("INSERT INTO events (session_id, seq, id, type, created_at, body) VALUES ('sesn_a', 1, 'sevt_b', 'x', 't', '{}')")).toThrow(/UNIQUE/);
    expect(() => db.exec("INSERT INTO environments (id, name, body, created_at) VALUES ('env_b', 'e', '{}', 't')")).toThrow(/UNIQUE/);
    // An archived environment frees its name.
    db.exec("UPDATE environments SET archived_at = 't' WHERE id = 'env_a'");
    db.exec("INSERT INTO environments (id, name, body, created_at) VALUES ('env_b', 'e', '{}', 't')");
    expect(() => db.exec("INSERT INTO agent_versions (agent_id, version, body) VALUES ('agent_a', 2, 'not json')")).toThrow(/CHECK/);
    db.exec("INSERT INTO agent_versions (agent_id, version, body) VALUES ('agent_a', 1, '{}')");
    expect(() => db.exec("UPDATE agent_versions SET body = '{\"x\":1}'")).toThrow(/immutable/);
  });

  it('002 brain: leases, model responses, tool runs and checkpoints, removed with their session', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 1));
    db.exec(`
      INSERT INTO agents (id, version, created_at) VALUES ('agent_a', 1, 't');
      INSERT INTO environments (id, name, body, created_at) VALUES ('env_a', 'e', '{}', 't');
      INSERT INTO sessions (id, agent_id, agent_version, environment_id, body, created_at, updated_at) VALUES ('sesn_a', 'agent_a', 1, 'env_a', '{}', 't', 't');
    `);
    migrate(db, migrations.slice(0, 2));
    expect(schemaVersion(db)).toBe(2);
    expect(tables(db)).toEqual(['agent_versions', 'agents', 'checkpoints', 'environments', 'events', 'leases', 'model_responses', 'sessions', 'tool_runs']);
    db.exec(`
      INSERT INTO leases VALUES ('sesn_a', 'me', 1);
      INSERT INTO model_responses VALUES ('sesn_a', 'sevt_r', '{}');
      INSERT INTO tool_runs VALUES ('sesn_a', 'sevt_t', 't');
      INSERT INTO checkpoints VALUES ('sesn_a', 3, '{}');
    `);
    expect(() => db.exec("INSERT INTO tool_runs VALUES ('sesn_a', 'sevt_t', 't')")).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.exec("INSERT INTO leases VALUES ('sesn_missing', 'me', 1)")).toThrow(/FOREIGN KEY/);
    db.exec("UPDATE sessions SET deleting = 1 WHERE id = 'sesn_a'; DELETE FROM sessions WHERE id = 'sesn_a'");
    for (const t of ['leases', 'model_responses', 'tool_runs', 'checkpoints']) expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
  });

  it('files: a database from before it upgrades, its data kept; file metadata by content hash, an output captured once per path and content', () => {
    const db = new Database(':memory:');
    const at = migrations.findIndex((m) => m.name === 'files') + 1;
    migrate(db, migrations.slice(0, at - 1));
    db.exec(`
      INSERT INTO agents (id, version, created_at) VALUES ('agent_a', 1, 't');
      INSERT INTO environments (id, name, body, created_at) VALUES ('env_a', 'e', '{}', 't');
      INSERT INTO sessions (id, agent_id, agent_version, environment_id, body, created_at, updated_at) VALUES ('sesn_a', 'agent_a', 1, 'env_a', '{}', 't', 't');
    `);
    migrate(db, migrations.slice(0, at));
    expect(schemaVersion(db)).toBe(at);
    expect(tables(db)).toContain('files');
    expect(db.prepare('SELECT id FROM sessions').all()).toEqual([{ id: 'sesn_a' }]);
    const sha = 'a'.repeat(64);
    const put = (id: string, path: string | null) => db.prepare("INSERT INTO files (id, sha256, scope_id, output_path, body, created_at) VALUES (?, ?, 'sesn_a', ?, '{}', 't')").run(id, sha, path);
    put('file_a', 'out/a.txt');
    put('file_b', null);
    put('file_c', null); // uploads may repeat their bytes
    expect(() => put('file_d', 'out/a.txt')).toThrow(/UNIQUE/);
    expect(() => db.exec("INSERT INTO files (id, sha256, body, created_at) VALUES ('file_e', 'short', '{}', 't')")).toThrow(/CHECK/);
    expect(() => db.exec("INSERT INTO files (id, sha256, body, created_at) VALUES ('file_f', '" + sha + "', 'not json', 't')")).toThrow(/CHECK/);
  });

  it('applies every migration in order on a fresh database, and reopening applies nothing twice', () => {
    const dir = tempDir();
    openDb(join(dir, 'a.db')).close();
    const db = openDb(join(dir, 'a.db'));
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
  });

  it('refuses a database written by a newer version, without touching the file', () => {
    const file = join(tempDir(), 'newer.db');
    const db = new Database(file);
    db.exec('CREATE TABLE future (x)');
    db.pragma('user_version = 999');
    db.close();
    const before = readFileSync(file);
    let error: unknown;
    try {
      openDb(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreVersionError);
    expect((error as Error).message).toMatch(/newer version of Dockhand \(schema 999; this build knows up to \d+\)/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a migration that fails leaves the database at the previous version', () => {
    const db = new Database(':memory:');
    const broken = [...migrations, { name: 'broken', up: 'CREATE TABLE ok_table (x); THIS IS NOT SQL;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(tables(db)).not.toContain('ok_table');
  });

  it('writes nothing when given a file that is not a database', () => {
    const file = join(tempDir(), 'notes.db');
    writeFileSync(file, 'these are my notes, not a database '.repeat(200));
    const before = readFileSync(file);
    expect(() => openDb(file)).toThrow(/not a database/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
