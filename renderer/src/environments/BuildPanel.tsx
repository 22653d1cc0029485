import { useEffect, useRef } from 'react';
import { Hammer, RotateCw } from 'lucide-react';
import { Banner, Button, Facts, ProgressBar } from '../ui/index.ts';
import { startBuild, useBuild, useSystem, type BuildState } from '../data/index.ts';
import { explainBuildFailure, formatBytes } from './env-draft.ts';

const STAGE = { base: 'Making the sandbox base image', environment: 'Installing the packages' } as const;

/** The build's output as it streams, kept scrolled to the newest line unless the reader scrolled up. */
function BuildLog({ build }: { build: BuildState }) {
  const ref = useRef<HTMLPreElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [build.log]);
  return (
    <pre
      ref={ref}
      className="build-log"
      tabIndex={0}
      aria-label="Build log"
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {build.dropped > 0 && <span className="muted">… {build.dropped} earlier lines not kept{'\n'}</span>}
      {build.log.join('\n')}
    </pre>
  );
}

function seconds(b: BuildState) {
  return b.endedAt ? `${((b.endedAt - b.startedAt) / 1000).toFixed(1)} s` : null;
}

/**
 * Builds the environment's image now (instead of at its first session) and shows the build as it runs:
 * a progress bar, the log, and the result (image, size, whether it came from the cache) or the failure.
 */
export function BuildPanel({ environmentId, blocked }: { environmentId: string; blocked: string | null }) {
  const build = useBuild(environmentId);
  const hands = useSystem((s) => s.status?.hands);
  const running = build?.status === 'running';
  const refused = build?.status === 'failed' && build.refused === 'invalid_request_error' && /--hands docker/.test(build.error ?? '');
  // Known from system.status before anyone presses Build; the API's refusal says the same otherwise.
  const noDocker = (hands && hands.kind !== 'docker') || refused;
  const built = build && !refused;
  const action = (
    <Button icon={built && !running ? RotateCw : Hammer} onClick={() => startBuild(environmentId)} busy={running} disabled={Boolean(blocked) || Boolean(hands && hands.kind !== 'docker')}>
      {running ? 'Building…' : built ? 'Build again' : 'Build image'}
    </Button>
  );
  return (
    <section className="build-card" aria-labelledby="build-title">
      <header className="build-card-header">
        <div className="build-card-title">
          <h2 id="build-title">Image</h2>
          <p className="section-description">
            {built
              ? 'The same configuration is built once; later sessions start from the cache.'
              : 'Sessions start from an image with these packages installed. Dockhand builds it at the first session, or now.'}
          </p>
        </div>
        {action}
      </header>
      {blocked && !noDocker && <p className="field-hint">{blocked}</p>}
      {noDocker && (
        <Banner tone="warning" title="This Dockhand builds no images">
          Images are made by Docker sandboxes, and this Dockhand runs its agents&rsquo; tools {hands?.kind === 'host' ? 'on this computer' : 'nowhere'}
          {hands?.reason ? ` (${hands.reason.replace(/\.$/, '')})` : ''}. Start it with <code>--hands docker</code> (for example <code>npm start -- --hands docker</code>)
          to build here: an environment&rsquo;s packages and networking apply in Docker sandboxes only.
        </Banner>
      )}
      {built && (
        <div className="build">
          <p className="visually-hidden" role="status">
            {build.status === 'complete' ? 'The image is ready' : build.status === 'failed' ? 'The build failed' : 'Building the image'}
          </p>
          <ProgressBar
            value={build.status === 'running' && build.percent === 0 ? null : build.percent}
            tone={build.status === 'complete' ? 'success' : build.status === 'failed' ? 'danger' : 'accent'}
            label={
              build.status === 'complete'
                ? build.cached
                  ? 'Ready: found in the cache'
                  : 'Ready: image built'
                : build.status === 'failed'
                  ? 'The build failed'
                  : build.stage
                    ? STAGE[build.stage]
                    : 'Starting the build…'
            }
            detail={build.status === 'running' ? build.log.at(-1) : undefined}
          />
          {build.status === 'complete' && (
            <Facts
              items={[
                { label: 'Image', value: <code>{build.image}</code> },
                { label: 'Size', value: build.sizeBytes === null ? '—' : formatBytes(build.sizeBytes) },
                { label: 'Cache', value: build.cached ? 'Already built: nothing to do' : 'Built now; later sessions start from the cache' },
                { label: 'Took', value: seconds(build) },
              ]}
            />
          )}
          {build.status === 'failed' && (
            <Banner tone="danger" title={explainBuildFailure(build.error ?? '')}>
              <pre className="build-error">{build.error}</pre>
            </Banner>
          )}
          {build.log.length > 0 && (
            <details className="build-details" open={build.status === 'running'}>
              <summary>Build log ({build.log.length + build.dropped} lines)</summary>
              <BuildLog build={build} />
            </details>
          )}
        </div>
      )}
    </section>
  );
}
