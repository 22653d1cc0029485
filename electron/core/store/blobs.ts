// File contents, content-addressed under the data directory: `<root>/<2 hex>/<sha256>`. The same bytes
// uploaded twice are kept once; a blob goes when the last file naming it does. New content is written
// to `<root>/staging` first and renamed into place whole, so a blob is never seen half-written. Blobs are
// readable by all (0644) so a sandbox's user can read one mounted read-only; the owner-only data
// directory keeps other users of this machine out.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const SHA256 = /^[0-9a-f]{64}$/;

/** Raised when a stream passes its byte limit: what was written of it is gone. */
export class TooLarge extends Error {
  override name = 'TooLarge';
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

export interface Staged {
  path: string;
  size: number;
  sha256: string;
}

/** Where a data directory keeps files' bytes. */
export const blobsIn = (dataDir: string) => new BlobStore(join(dataDir, 'files'));

export class BlobStore {
  readonly staging: string;

  constructor(readonly root: string) {
    this.staging = join(root, 'staging');
    mkdirSync(this.staging, { recursive: true, mode: 0o700 });
  }

  /** Where a blob's content is. */
  path(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return existsSync(this.path(sha256));
  }

  /**
   * Writes a stream to a new staging file, hashing and counting as it goes. Past `limit` bytes it stops,
   * removes the file and rejects with TooLarge; on any failure nothing is left behind.
   */
  async stage(source: Readable, limit: number): Promise<Staged> {
    const path = join(this.staging, randomBytes(12).toString('hex'));
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > limit) return done(new TooLarge(limit));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(path, { flags: 'wx', mode: 0o644 }));
    } catch (err) {
      rmSync(path, { force: true });
      throw err;
    }
    return { path, size, sha256: hash.digest('hex') };
  }

  /** Moves a staged file into the store (or drops it when the same content is there already); returns its hash. */
  adopt(staged: Pick<Staged, 'path' | 'sha256'>): string {
    const dest = this.path(staged.sha256);
    if (existsSync(dest)) rmSync(staged.path, { force: true });
    else {
      mkdirSync(join(this.root, staged.sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
      renameSync(staged.path, dest);
    }
    return staged.sha256;
  }

  /** Drops a staged file that is not kept. */
  discard(staged: Pick<Staged, 'path'>): void {
    rmSync(staged.path, { force: true });
  }

  /** Stores bytes held in memory (an inline upload); returns their hash. */
  put(data: Buffer): string {
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (this.has(sha256)) return sha256;
    const path = join(this.staging, randomBytes(12).toString('hex'));
    writeFileSync(path, data, { flag: 'wx', mode: 0o644 });
    return this.adopt({ path, sha256 });
  }

  open(sha256: string): Readable {
    return createReadStream(this.path(sha256));
  }

  size(sha256: string): number {
    return statSync(this.path(sha256)).size;
  }

  /** Removes a blob no file names any more. */
  remove(sha256: string): void {
    rmSync(this.path(sha256), { force: true });
  }

  /**
   * Start-up: drops staging files a stopped process left (uploads it never finished). Only those an hour
   * old: another process on the same data directory may be receiving one now.
   */
  sweepStaging(): void {
    sweepStale(this.staging);
  }
}

/** Removes what a stopped process left in a staging folder: entries an hour old (another process may be writing one now). */
export function sweepStale(dir: string): void {
  const before = Date.now() - 3600_000;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if ((statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) < before) rmSync(path, { force: true, recursive: true });
  }
}
