// The data layer: the one client, the live lists and the calls that change them. Screens import from
// here; they never call the client themselves for lists or resources.
import { useAgents } from './agents.ts';
import { followChanges } from './changes.ts';
import { onClient, startConnection } from './connection.ts';
import { useEnvironments } from './environments.ts';
import { useSessions } from './sessions.ts';
import { reloadShownVersions, useSkills } from './skills.ts';
import { refreshSystem, startSystemStatus } from './system.ts';
import { reloadShownCredentials, useVaults } from './vaults.ts';

export * from './agents.ts';
export * from './environments.ts';
export * from './sessions.ts';
export * from './vaults.ts';
export * from './skills.ts';
export { clearModelKey, setModelKey, useKeychain, useModelKey, useModelKeyStatus } from './model-key.ts';
export { useAgent, useEnvironment, useSession, useSkill, useVault, type Loaded } from './details.ts';
export { readOutput, useSandbox, type OutputEntry, type SandboxView, type SessionSandbox } from './sandbox.ts';
export { EVENTS_PAGE, sendEvents, useSessionEvents, type LiveSessionEvents, type SessionEvents } from './events.ts';
export { activityState, useActivity, type SessionActivity } from './activity.ts';
export { refreshSystem, rotateApiKey, useSystem, type SystemStatus } from './system.ts';
export { useAgentVersions, type AgentVersions } from './versions.ts';
export { clearBuild, startBuild, useBuild, type BuildState } from './builds.ts';
export { connectWithKey, useConnection, type ConnectionState } from './connection.ts';
export { DockhandError } from './errors.ts';
export { createSamples } from './samples.ts';
export { exportSession, forkSession, importSampleLogs, importSession, originOf } from './transfer.ts';
export { useReplayWindow, useSessionState, type ReplayWindow, type SessionStateAt, type SessionStateView } from './replay.ts';
export { useUsageReport, type UsageQuery, type UsageReport } from './usage.ts';
export * from './models.ts';
export type * from './types.ts';

/** Reloads every list (on a new connection, or when the change feed lost track). */
export function reloadAll(): void {
  for (const store of [useAgents, useEnvironments, useSessions, useVaults, useSkills]) void store.getState().load();
  reloadShownCredentials();
  reloadShownVersions();
}

/**
 * Connects (IPC in Electron, HTTP in serve mode) and, with every new client: follows the change feed,
 * loads the lists and reads how core runs.
 */
export function startData(): void {
  let unfollow: (() => void) | undefined;
  onClient((client) => {
    unfollow?.();
    unfollow = undefined;
    if (!client) return;
    unfollow = followChanges(client, reloadAll, () => void refreshSystem());
    void refreshSystem();
  });
  startSystemStatus();
  startConnection();
}
