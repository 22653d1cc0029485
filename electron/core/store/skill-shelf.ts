// Skill versions' files, each version in its own folder under the data directory:
// `<root>/<skill id>/<version>/<name>/...`, the folder mounted read-only in sandboxes. A version is
// unpacked into `<root>/staging` first and renamed into place whole, so a half-written version is never
// seen. Its zip (for download) is made once, on first ask, beside the folder: versions never change.
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sweepStale } from './blobs.ts';
import type { SkillFile } from './skills.ts';

/** Where a data directory keeps skills' files. */
export const shelfIn = (dataDir: string) => new SkillShelf(join(dataDir, 'skills'));

export class SkillShelf {
  readonly staging: string;

  constructor(readonly root: string) {
    this.staging = join(root, 'staging');
    mkdirSync(this.staging, { recursive: true, mode: 0o700 });
  }

  /** A new empty folder to unpack an upload into; the caller keeps it (keep) or removes it (discard). */
  stage(): string {
    return mkdtempSync(join(this.staging, 'v-'));
  }

  discard(stage: string): void {
    rmSync(stage, { recursive: true, force: true });
  }

  /** The version's folder: the skill's files are in `<folder>/<name>`. */
  folder(skillId: string, version: string): string {
    return join(this.root, skillId, version);
  }

  /** Moves a staged skill folder (its files at `source`) into place as the version's `<name>` folder. */
  keep(source: string, skillId: string, version: string, name: string): void {
    const dest = join(this.folder(skillId, version), name);
    mkdirSync(dirname(dest), { recursive: true, mode: 0o755 });
    renameSync(source, dest);
  }

  /** Whether the version's files are on disk. */
  has(skillId: string, version: string): boolean {
    return existsSync(this.folder(skillId, version));
  }

  remove(skillId: string, version?: string): void {
    const dir = version ? this.folder(skillId, version) : join(this.root, skillId);
    rmSync(dir, { recursive: true, force: true });
    if (version) rmSync(`${dir}.zip`, { force: true });
  }

  /** The version as a zip (`<name>/...` entries); made on first ask. */
  async zip(skillId: string, version: string, name: string, files: readonly SkillFile[]): Promise<{ path: string; size: number }> {
    const path = `${this.folder(skillId, version)}.zip`;
    if (!existsSync(path)) {
      const { default: yazl } = await import('yazl'); // loaded at the first download, not at start
      const zip = new yazl.ZipFile();
      const base = join(this.folder(skillId, version), name);
      for (const f of files) zip.addFile(join(base, f.path), `${name}/${f.path}`, { mode: 0o100644 });
      zip.end();
      const tmp = join(this.staging, `z-${randomBytes(8).toString('hex')}`);
      try {
        await pipeline(zip.outputStream, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
        renameSync(tmp, path);
      } finally {
        rmSync(tmp, { force: true });
      }
    }
    return { path, size: statSync(path).size };
  }

  /** Start-up: drops what a stopped process left half-unpacked. */
  sweepStaging(): void {
    sweepStale(this.staging);
  }
}
