// The sandbox panel's operations: a session's sandbox as it stands, and the files in its outputs folder.
import type { Services } from '../api/contract.ts';
import { notFound } from '../api/errors.ts';
import { OUTPUTS_DIR } from '../hands/docker/container.ts';
import type { SandboxProvider } from '../hands/contract.ts';
import type { Store } from '../store/index.ts';
import { listOutputs, readOutput } from './outputs.ts';
import { sessionReader } from './sessions.ts';

type SandboxServices = Pick<Services, 'sessions.sandbox' | 'sessions.outputs.list' | 'sessions.outputs.download'>;

const PROVIDERS = ['docker', 'host', 'none'] as const;

export function sandboxServices(store: Store, hands: SandboxProvider | undefined): SandboxServices {
  const { row } = sessionReader(store);
  const outputsOf = (sessionId: string) => hands?.outputsDir?.(sessionId);

  return {
    async 'sessions.sandbox'({ session_id }) {
      row(session_id);
      const info = (await hands?.inspect?.(session_id)) ?? { state: 'none' as const, container: null, limits: null };
      const provider = PROVIDERS.find((p) => p === hands?.name) ?? 'none';
      return { type: 'session_sandbox', session_id, provider, ...info, outputs_path: outputsOf(session_id) ? OUTPUTS_DIR : null };
    },

    async 'sessions.outputs.list'({ session_id }) {
      row(session_id);
      const dir = outputsOf(session_id);
      return dir ? listOutputs(dir) : { data: [], truncated: false };
    },

    async 'sessions.outputs.download'({ session_id, path }) {
      row(session_id);
      const dir = outputsOf(session_id);
      if (!dir) throw notFound('output file', path);
      const { data, ...file } = await readOutput(dir, path);
      return { type: 'output_file', ...file, encoding: 'base64', data: data.toString('base64') };
    },
  };
}
