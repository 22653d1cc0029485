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

/** Saves one output file through the browser's download (the content comes base64 from core). */
export async function downloadOutput(sessionId: string, path: string): Promise<void> {
  const file = await client().call('sessions.outputs.download', { session_id: sessionId, path });
  const bytes = Uint8Array.from(atob(file.data), (ch) => ch.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes]));
  const a = document.createElement('a');
  a.href = url;
  a.download = path.split('/').at(-1) ?? 'output';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
