// Image builds of environments (`environments.build`, a Dockhand extension): one per environment at a
// time, kept here so the progress and log survive leaving the page and coming back.
import { create } from 'zustand';
import { client } from './connection.ts';
import { DockhandError } from './errors.ts';

/** At most this many log lines are kept per build (the newest). */
export const BUILD_LOG_LINES = 2000;

export interface BuildState {
  status: 'running' | 'complete' | 'failed';
  /** 0-100, never decreasing. */
  percent: number;
  stage: 'base' | 'environment' | null;
  log: readonly string[];
  /** Lines dropped from the start of the log to keep it bounded. */
  dropped: number;
  /** Whether every step was found in the cache (nothing was built). */
  cached: boolean;
  image: string | null;
  sizeBytes: number | null;
  /** What went wrong, in the API's words (a failed step ends with the lines it printed). */
  error: string | null;
  /** The API refused to start the build (e.g. no Docker hands): the error's type. */
  refused: DockhandError['type'] | null;
  startedAt: number;
  endedAt: number | null;
}

export const useBuilds = create<{ builds: ReadonlyMap<string, BuildState> }>()(() => ({ builds: new Map() }));

function update(id: string, fn: (b: BuildState) => BuildState): void {
  useBuilds.setState((s) => {
    const current = s.builds.get(id);
    if (!current) return s;
    const builds = new Map(s.builds);
    builds.set(id, fn(current));
    return { builds };
  });
}

const appendLog = (b: BuildState, line: string): Pick<BuildState, 'log' | 'dropped'> => {
  if (b.log.at(-1) === line) return { log: b.log, dropped: b.dropped };
  const log = [...b.log, line];
  const over = log.length - BUILD_LOG_LINES;
  return over > 0 ? { log: log.slice(over), dropped: b.dropped + over } : { log, dropped: b.dropped };
};

/** Starts building an environment's image (or joins the build already running for it here). */
export function startBuild(environmentId: string): void {
  if (useBuilds.getState().builds.get(environmentId)?.status === 'running') return;
  const fresh: BuildState = { status: 'running', percent: 0, stage: null, log: [], dropped: 0, cached: true, image: null, sizeBytes: null, error: null, refused: null, startedAt: Date.now(), endedAt: null };
  useBuilds.setState((s) => ({ builds: new Map(s.builds).set(environmentId, fresh) }));
  let stop = () => {};
  stop = client().subscribe(
    'environments.build',
    { environment_id: environmentId },
    {
      onItem: (item) => {
        if (item.type === 'environment.build_progress') {
          update(environmentId, (b) => ({ ...b, percent: Math.max(b.percent, item.percent), stage: item.stage, cached: b.cached && item.cached, ...appendLog(b, item.message) }));
        } else if (item.type === 'environment.build_complete') {
          update(environmentId, (b) => ({ ...b, status: 'complete', percent: 100, image: item.image, sizeBytes: item.size_bytes, endedAt: Date.now() }));
          stop();
        } else {
          update(environmentId, (b) => ({ ...b, status: 'failed', error: item.message, endedAt: Date.now() }));
          stop();
        }
      },
      onError: (err) => update(environmentId, (b) => ({ ...b, status: 'failed', error: err.message, refused: err.type, endedAt: Date.now() })),
    },
  );
}

/** Forgets a finished build (its result stays on the image; this only clears the page). */
export function clearBuild(environmentId: string): void {
  useBuilds.setState((s) => {
    if (s.builds.get(environmentId)?.status === 'running') return s;
    const builds = new Map(s.builds);
    builds.delete(environmentId);
    return { builds };
  });
}

export const useBuild = (environmentId: string | null): BuildState | undefined => useBuilds((s) => (environmentId ? s.builds.get(environmentId) : undefined));
