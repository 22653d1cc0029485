import { StatusDot, Tooltip, type Tone } from '../ui/index.ts';
import { useConnection, type ConnectionState } from '../data/index.ts';

const CONNECTION: Record<ConnectionState, { tone: Tone; label: string }> = {
  none: { tone: 'neutral', label: 'Not connected' },
  connecting: { tone: 'warning', label: 'Connecting…' },
  online: { tone: 'success', label: 'Connected' },
  offline: { tone: 'danger', label: 'Connection lost, retrying' },
  refused: { tone: 'danger', label: 'Key refused' },
};

/** The bottom line: how this window reaches core and what core can do right now. */
export function StatusBar() {
  const { client, state, detail } = useConnection();
  const c = CONNECTION[state];
  const where = client?.transport === 'ipc' ? 'Desktop app' : `Local API · ${window.location.host}`;
  return (
    <footer className="statusbar" aria-label="Status">
      <Tooltip content={detail ?? (client?.transport === 'ipc' ? 'This window talks to core over IPC' : 'This page talks to the local HTTP API')} side="top">
        <span className="statusbar-item" tabIndex={0} data-connection={state}>
          <StatusDot tone={c.tone} label={c.label} pulse={state === 'connecting' || state === 'offline'} />
          <span className="muted">{where}</span>
        </span>
      </Tooltip>
    </footer>
  );
}
