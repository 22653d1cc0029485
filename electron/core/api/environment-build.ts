// The items of `environments.build`, a Dockhand extension beside the official API: the Managed Agents
// API builds environments out of sight, Dockhand builds them on this machine and shows the progress.

/** One step of making the environment's image, for a progress bar. */
export interface EnvironmentBuildProgress {
  type: 'environment.build_progress';
  /** The image being made: Dockhand's base image, or the environment's (base + packages). */
  stage: 'base' | 'environment';
  /** 0-100, never decreasing; 100 when the image is ready. */
  percent: number;
  /** A line to show under the bar (a build step, a line of its output). */
  message: string;
  /** True when the image was already there and nothing was built. */
  cached: boolean;
}
/** The image is ready: sessions in this environment start from it. The last item. */
export interface EnvironmentBuildComplete {
  type: 'environment.build_complete';
  image: string;
  /** The image's size on the engine, in bytes (base layers included). */
  size_bytes: number;
}
/** The build failed; `message` ends with the last lines the failing step printed. The last item. */
export interface EnvironmentBuildFailed {
  type: 'environment.build_failed';
  message: string;
}

export type EnvironmentBuildEvent = EnvironmentBuildProgress | EnvironmentBuildComplete | EnvironmentBuildFailed;
