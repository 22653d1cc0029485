// A session's sandbox as the sandbox panel shows it: the container's state and limits, and the files
// in its outputs folder. Read again when `version` changes (the session's tool activity), never polled.
import { useEffect, useState } from 'react';
import type { OutputList, SessionSandbox } from '../../../electron/core/api/sandbox.ts';
import { client, useConnection } from './connection.ts';
import { DockhandError } from './errors.ts';

export type { OutputEntry, SessionSandbox } from '../../../electron/core/api/sandbox.ts';

export interface SandboxView {
  sandbox: SessionSandbox | null;
  outputs: OutputList | null;
  error: DockhandError | null;
}

export function useSandbox(sessionId: string, version: string): SandboxView {
  const c = useConnection((s) => s.client);
  const [view, setView] = useState<SandboxView & { session: string }>({ sandbox: null, outputs: null, error: null, session: sessionId });
  useEffect(() => {
    if (!c) return;
    let cancelled = false;
    Promise.all([c.call('sessions.sandbox', { session_id: sessionId }), c.call('sessions.outputs.list', { session_id: sessionId })]).then(
      ([sandbox, outputs]) => !cancelled && setView({ sandbox, outputs, error: null, session: sessionId }),
      (err: unknown) => !cancelled && setView((v) => ({ ...v, error: err instanceof DockhandError ? err : new DockhandError('api_error', String(err)) })),
    );
    return () => {
      cancelled = true;
    };
  }, [c, sessionId, version]);
  return view.session === sessionId ? view : { sandbox: null, outputs: null, error: null };
}

/** One output file's content (base64, from core). */
export const readOutput = (sessionId: string, path: string) => client().call('sessions.outputs.download', { session_id: sessionId, path });
