// The usage screen's figures (`usage.report`): read when the screen opens and again when sessions'
// usage changes on the change feed (at most every few seconds), never polled.
import { useEffect, useState } from 'react';
import type { Result } from '../../../electron/core/api/contract.ts';
import { useConnection } from './connection.ts';
import { DockhandError } from './errors.ts';
import { useSessions } from './sessions.ts';

export type UsageReport = Result<'usage.report'>;

const SETTLE_MS = 3000;

export interface UsageQuery {
  since?: string;
  bucket: 'day' | 'hour';
}

export function useUsageReport({ since, bucket }: UsageQuery): { report: UsageReport | null; error: DockhandError | null } {
  const client = useConnection((s) => s.client);
  const [state, setState] = useState<{ report: UsageReport | null; error: DockhandError | null; key: string }>({ report: null, error: null, key: '' });
  const key = `${since ?? ''}|${bucket}`;
  useEffect(() => {
    if (!client) return;
    let cancelled = false;
    let timer = 0;
    const load = () =>
      client.call('usage.report', { since, bucket, limit: 100 }).then(
        (report) => !cancelled && setState({ report, error: null, key }),
        (err: unknown) => !cancelled && setState((s) => ({ ...s, error: err instanceof DockhandError ? err : new DockhandError('api_error', String(err)), key })),
      );
    void load();
    // Sessions' usage arrives on the change feed: read the report again once a burst settles.
    const unsubscribe = useSessions.subscribe((now, before) => {
      if (now.items === before.items) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void load(), SETTLE_MS);
    });
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
      unsubscribe();
    };
  }, [client, since, bucket, key]);
  return state.key === key ? state : { report: null, error: null };
}
