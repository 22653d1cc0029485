// Files API: a 32 MiB upload (multipart, streamed to disk and hashed) and its download through the
// official SDK against a `dockhand serve` child, each against a plain copy of the same file on the same
// disk (fs.copyFile), in alternating rounds.
import { createReadStream, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Served } from '../test/support/serve.ts';
import { compare, type Row } from './stats.ts';

const MIB = 32;
const COUNT = 20;
const CAP_MS = 20_000;

export async function filesBench(served: Served, dir: string): Promise<Row[]> {
  mkdirSync(dir, { recursive: true });
  const client = served.client();
  const src = join(dir, 'payload.bin');
  writeFileSync(src, randomBytes(MIB * 2 ** 20));
  const copy = (i: number) => copyFile(src, join(dir, `copy-${i % 2}.bin`));
  const uploaded = await client.beta.files.upload({ file: createReadStream(src) });
  const upload = async () => {
    const f = await client.beta.files.upload({ file: createReadStream(src) });
    if (f.size_bytes !== MIB * 2 ** 20) throw new Error(`uploaded ${f.size_bytes} bytes`);
  };
  const download = async (i: number) => {
    const res = await client.beta.files.download(uploaded.id);
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(join(dir, `download-${i % 2}.bin`)));
  };
  const payload = `${MIB} MiB of random bytes`;
  const baseline = 'fs.copyFile of the same file, same disk';

  process.stderr.write('files: upload\n');
  const up = await compare(copy, upload, { count: COUNT, capMs: CAP_MS, warmup: 2, perSample: MIB });
  process.stderr.write('files: download\n');
  const down = await compare(copy, download, { count: COUNT, capMs: CAP_MS, warmup: 2, perSample: MIB });
  rmSync(dir, { recursive: true, force: true });
  return [
    { area: 'Files', measure: 'files.upload (SDK multipart → dockhand serve, streamed to disk, SHA-256)', payload, unit: 'MiB', timing: up.subject, baseline: { name: baseline, timing: up.baseline } },
    { area: 'Files', measure: 'files.download (dockhand serve → SDK, streamed to a file)', payload, unit: 'MiB', timing: down.subject, baseline: { name: baseline, timing: down.baseline } },
  ];
}
