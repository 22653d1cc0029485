// What the agent leaves in /mnt/session/outputs becomes Files-API files, scoped to its session, when its
// sandbox is released (stopped idle, for room or for good, or replaced): `files.list({scope_id})` lists
// them and `files.download` fetches them. Each path is captured once per content, so a sandbox released
// again adds only what changed. The folder is the agent's: links and special files are never followed.
import { basename } from 'node:path';
import type { BlobStore } from '../store/blobs.ts';
import type { Store } from '../store/index.ts';
import { recordFile } from './files.ts';
import { mediaTypeOf } from './mime.ts';
import { listOutputs, withOutput } from './outputs.ts';

/** The largest output captured as a file (larger ones stay in the folder only). */
export const MAX_OUTPUT_FILE_BYTES = 500_000_000;

/** Captures the session's outputs as files; returns how many new ones it recorded. Never rejects for one bad file. */
export async function captureOutputs(store: Store, blobs: BlobStore, sessionId: string, dir: string): Promise<number> {
  let added = 0;
  const { data } = await listOutputs(dir);
  for (const { path, size } of data) {
    if (size > MAX_OUTPUT_FILE_BYTES) continue;
    try {
      const staged = await withOutput(dir, path, (handle) => blobs.stage(handle.createReadStream({ autoClose: false }), MAX_OUTPUT_FILE_BYTES));
      if (store.files.hasOutput(sessionId, path, staged.sha256)) {
        blobs.discard(staged);
        continue;
      }
      const sha256 = blobs.adopt(staged);
      const file = recordFile(store, { sha256, size: staged.size, filename: basename(path), mimeType: mediaTypeOf(path), scope: { type: 'session', id: sessionId } }, path);
      if (file) added++;
    } catch {
      // Gone, changed or swapped for a link while being read: the next release tries again.
    }
  }
  return added;
}
