import type Database from 'better-sqlite3';
import { m001Initial } from './001-initial.ts';
import { m002Brain } from './002-brain.ts';
import { m003Vault } from './003-vault.ts';
import { m004Files } from './004-files.ts';
import { m005Skills } from './005-skills.ts';

export interface Migration {
  name: string;
  /** SQL text, or a function for migrations that must transform data. */
  up: string | ((db: Database.Database) => void);
}

/** Every schema change, in order. The schema version of a database is the number applied (user_version). */
export const migrations: readonly Migration[] = [m001Initial, m002Brain, m003Vault, m004Files, m005Skills];
