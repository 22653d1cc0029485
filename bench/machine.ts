// The machine a run was measured on, for the report's header.
import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';
import Database from 'better-sqlite3';
import { fmtGiB } from './stats.ts';

/** The filesystem type under `dir` (df names ext4 where `stat -f` says ext2/ext3). */
function filesystem(dir: string): string {
  try {
    return execFileSync('df', ['--output=fstype', dir], { encoding: 'utf8' }).trim().split('\n').pop()!.trim();
  } catch {
    return 'unknown';
  }
}

function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return db.prepare('SELECT sqlite_version()').pluck().get() as string;
  } finally {
    db.close();
  }
}

export function machine(tempDir: string): [string, string][] {
  const cpu = cpus();
  return [
    ['CPU', `${cpu[0]?.model.trim() ?? 'unknown'}, ${cpu.length} cores`],
    ['Memory', fmtGiB(totalmem())],
    ['OS', `${process.platform} ${release()}`],
    ['Node', process.version],
    ['SQLite', `${sqliteVersion()} (better-sqlite3)`],
    ['Temp dir', `${tempDir} on ${filesystem(tempDir)}`],
  ];
}
