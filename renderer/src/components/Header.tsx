import type { Client } from '../client.ts';

interface HeaderProps {
  transport?: Client['transport'];
  onRefresh?: () => void;
  refreshing?: boolean;
}

const CONNECTION: Record<Client['transport'], string> = {
  ipc: 'Desktop app',
  http: `Local API · ${window.location.host}`,
};

export function Header({ transport, onRefresh, refreshing }: HeaderProps) {
  return (
    <header className="header">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
          <rect x="2" y="2" width="28" height="28" rx="7" />
          <path d="M8 11h16v11H8z M12 11v11 M16 11v11 M20 11v11" />
        </svg>
        <div>
          <h1>Dockhand</h1>
          <p className="tagline">Design agents and run them on your machine</p>
        </div>
      </div>
      <div className="header-actions">
        {transport && (
          <span className="connection" title="How this window reaches Dockhand's core">
            <span className="dot" aria-hidden="true" />
            {CONNECTION[transport]}
          </span>
        )}
        {onRefresh && (
          <button type="button" className="button" onClick={onRefresh} disabled={refreshing}>
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </button>
        )}
      </div>
    </header>
  );
}
