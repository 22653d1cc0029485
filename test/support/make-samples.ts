// Regenerates the sample logs in resources/samples: each session run for real (the brain against the
// scripted model, tools in Docker sandboxes) and exported with the API.
//   npx tsx test/support/make-samples.ts      (needs a Docker engine and Dockhand's base image)
import { writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dockerClient } from '../../electron/core/hands/docker/engine.ts';
import { ensureBaseImage } from '../../electron/core/hands/docker/images.ts';
import { brainRig } from './brain.ts';
import { codingSession, compactionSession, retriesSession } from './sample-sessions.ts';

export const SAMPLES_DIR = resolve(import.meta.dirname, '../../resources/samples');
export const SAMPLES = { 'coding-session.jsonl': codingSession, 'compaction.jsonl': compactionSession, 'model-errors.jsonl': retriesSession } as const;

await ensureBaseImage(dockerClient());
const rig = await brainRig({
  args: ['--hands', 'docker'],
  // A small context window, so the log reader compacts; two retries, a second or so apart.
  env: { DOCKHAND_CONTEXT_WINDOW: '12000', DOCKHAND_MAX_TOKENS: '1000', DOCKHAND_MAX_RETRIES: '2', DOCKHAND_RETRY_BASE_MS: '800' },
});
try {
  mkdirSync(SAMPLES_DIR, { recursive: true });
  for (const [file, run] of Object.entries(SAMPLES)) {
    const id = await run(rig);
    writeFileSync(join(SAMPLES_DIR, file), await rig.client.get<string>(`/v1/sessions/${id}/export`));
    process.stdout.write(`wrote ${file}\n`);
  }
} finally {
  await rig.close();
  rmSync(rig.server.dataDir, { recursive: true, force: true });
}
