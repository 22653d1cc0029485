import { RotateCw } from 'lucide-react';
import { Banner, Button } from '../ui/index.ts';
import { refreshSystem, useConnection, useSystem } from '../data/index.ts';
import { href } from './routes.ts';

/** Core is not answering: shown above every screen until it is back (the page retries by itself). */
export function ConnectionBanner() {
  const { state, detail, client } = useConnection();
  if (state !== 'offline') return null;
  return (
    <div className="app-banner">
      <Banner tone="danger" title="Dockhand is not answering">
        {client?.transport === 'http' ? 'The local API at ' + window.location.host + ' cannot be reached' : 'The app’s core does not answer'}
        {detail ? ` (${detail})` : ''}. This page keeps trying and catches up by itself when it is back; changes made meanwhile fail. If you stopped{' '}
        <code>dockhand start</code>, run it again.
      </Banner>
    </div>
  );
}

export type BannerTopic = 'docker' | 'model';

/** What stops agents from working right now, and what to do about it. */
export function SystemBanners({ topics }: { topics: readonly BannerTopic[] }) {
  const { status, checking } = useSystem();
  if (!status) return null;
  const out = [];
  if (topics.includes('docker') && status.docker.state === 'unreachable')
    out.push(
      <Banner
        key="docker"
        tone="warning"
        title="No Docker engine: agents’ tools need Docker"
        actions={
          <Button size="sm" icon={RotateCw} busy={checking} onClick={() => void refreshSystem()}>
            Check again
          </Button>
        }
      >
        Nothing answers at <code>{status.docker.address}</code>.{' '}
        {status.hands.kind === 'docker' ? 'Sessions can talk, but every tool call fails until it runs. ' : 'Each session’s tools run in a Docker sandbox (--hands docker). '}
        Start Docker Desktop, or on Linux <code>sudo systemctl start docker</code> (or <code>sudo dockerd &amp;</code>); to use another engine set{' '}
        <code>DOCKER_HOST</code> before starting Dockhand.
      </Banner>,
    );
  if (topics.includes('model') && status.model.brain && !status.model.key_set)
    out.push(
      <Banner key="nokey" tone="warning" title="No model key: agents cannot answer">
        Set a key in <a href={href.settings()}>Settings</a> (it goes to the OS keychain), or <code>ANTHROPIC_API_KEY</code> in the environment Dockhand
        starts from. The key stays on this machine and never reaches an agent.
      </Banner>,
    );
  if (topics.includes('model') && status.model.last_error?.auth)
    out.push(
      <Banner key="refused" tone="danger" title="The model refused the key">
        The last model request failed with “{status.model.last_error.message}”.{' '}
        {status.model.key_source === 'keychain' ? (
          <>
            Replace the key in <a href={href.settings()}>Settings</a>
          </>
        ) : (
          <>
            Check <code>ANTHROPIC_API_KEY</code>
          </>
        )}{' '}
        (and the endpoint, <code>{status.model.base_url}</code>). <a href={href.session(status.model.last_error.session_id)}>The session it happened in</a>
      </Banner>,
    );
  return out.length ? <div className="banner-stack">{out}</div> : null;
}
