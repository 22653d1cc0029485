import { Box, Cpu, KeyRound, Wrench } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { StatusDot, Tooltip, type Tone } from '../ui/index.ts';
import { useConnection, useSystem, type ConnectionState } from '../data/index.ts';
import { href } from './routes.ts';

const CONNECTION: Record<ConnectionState, { tone: Tone; label: string }> = {
  none: { tone: 'neutral', label: 'Not connected' },
  connecting: { tone: 'warning', label: 'Connecting…' },
  online: { tone: 'success', label: 'Connected' },
  offline: { tone: 'danger', label: 'Connection lost, retrying' },
  refused: { tone: 'danger', label: 'Key refused' },
};

function Item({ icon: Icon, tip, children, to }: { icon?: LucideIcon; tip: ReactNode; children: ReactNode; to?: string }) {
  const body = (
    <>
      {Icon && <Icon size={13} aria-hidden="true" />}
      {children}
    </>
  );
  return (
    <Tooltip content={tip} side="top">
      {to ? (
        <a className="statusbar-item" href={to}>
          {body}
        </a>
      ) : (
        <span className="statusbar-item" tabIndex={0}>
          {body}
        </span>
      )}
    </Tooltip>
  );
}

/** The bottom line: how this window reaches core and what core can do right now (Docker, model key, hands). */
export function StatusBar() {
  const { client, state, detail } = useConnection();
  const status = useSystem((s) => s.status);
  const c = CONNECTION[state];
  const where = client?.transport === 'ipc' ? 'Desktop app' : `Local API · ${window.location.host}`;
  const docker = status?.docker;
  return (
    <footer className="statusbar" aria-label="Status">
      <Item tip={detail ?? (client?.transport === 'ipc' ? 'This window talks to core over IPC.' : 'This page talks to the local HTTP API; changes arrive live.')}>
        <span data-connection={state}>
          <StatusDot tone={c.tone} label={c.label} pulse={state === 'connecting' || state === 'offline'} />
        </span>
        <span className="muted">{where}</span>
      </Item>
      {status && (
        <>
          <Item icon={Box} to={href.settings()} tip={docker?.state === 'running' ? `Docker Engine ${docker.version ?? ''} at ${docker.address}` : `No Docker engine answers at ${docker?.address}: ${docker?.error ?? ''}`}>
            <StatusDot tone={docker?.state === 'running' ? 'success' : 'danger'} label={docker?.state === 'running' ? `Docker ${docker.version ?? ''}` : 'Docker unavailable'} />
          </Item>
          <Item icon={Wrench} to={href.settings()} tip={status.hands.reason}>
            {status.hands.kind === 'docker' ? 'Tools in Docker' : status.hands.kind === 'host' ? 'Tools on this machine' : 'Tools off'}
            {status.sandboxes && (
              <span className="muted tabular">
                {' '}
                · {status.sandboxes.running}
                {status.sandboxes.cap !== null ? `/${status.sandboxes.cap}` : ''} sandboxes
              </span>
            )}
          </Item>
          <Item icon={KeyRound} to={href.settings()} tip={
              status.model.key_set
                ? `Model key set (from ${status.model.key_source === 'keychain' ? 'the OS keychain' : 'ANTHROPIC_API_KEY'}); requests go to ${status.model.base_url}`
                : 'No model key: set one in Settings'
            }>
            <StatusDot tone={status.model.key_set ? 'success' : 'warning'} label={status.model.key_set ? 'Model key set' : 'No model key'} />
          </Item>
          {!status.model.brain && (
            <Item icon={Cpu} tip="Started with --no-brain: sessions keep their events but no agent runs.">
              Agents paused
            </Item>
          )}
        </>
      )}
    </footer>
  );
}
