// The items of `changes.stream`, a Dockhand extension beside the official API: one stream of what
// happens to agents, environments, sessions, vaults and skills, so a client's lists stay current without polling.
import type { BetaManagedAgentsAgent } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type { BetaEnvironment } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { BetaManagedAgentsVault } from '@anthropic-ai/sdk/resources/beta/vaults/vaults';
import type { BetaManagedAgentsCredential } from '@anthropic-ai/sdk/resources/beta/vaults/credentials';
import type { BetaSkill } from '@anthropic-ai/sdk/resources/beta/skills/skills';

/**
 * What a session is doing, read from its log: its status, with `idle` told apart by why it stopped
 * (waiting for a tool confirmation or custom tool result, or given up after errors).
 */
export interface SessionActivity {
  state: 'running' | 'idle' | 'requires_action' | 'error' | 'rescheduling' | 'terminated';
  /** With `requires_action`: the events awaiting an answer (`user.tool_confirmation` / `user.custom_tool_result`). */
  awaiting: string[];
}

type Change<Kind extends string, Verb extends string, R> = { type: `${Kind}.${Verb}`; id: string; resource: R };

export type AgentChange = Change<'agent', 'created' | 'updated' | 'archived', BetaManagedAgentsAgent>;
export type EnvironmentChange = Change<'environment', 'created' | 'updated' | 'archived', BetaEnvironment> | { type: 'environment.deleted'; id: string };
export type SessionChange =
  | (Change<'session', 'created' | 'updated' | 'archived', BetaManagedAgentsSession> & { activity: SessionActivity })
  | { type: 'session.deleted'; id: string };

export type VaultChange = Change<'vault', 'created' | 'updated' | 'archived', BetaManagedAgentsVault> | { type: 'vault.deleted'; id: string };
/** A credential's metadata (never its secret); archiving a vault archives its credentials too (one `vault.archived`). */
export type CredentialChange =
  | Change<'credential', 'created' | 'updated' | 'archived', BetaManagedAgentsCredential>
  | { type: 'credential.deleted'; id: string; vault_id: string };

/**
 * A skill made; given or rid of a version (`updated`: the skill as it then is, its `latest_version_id` and
 * `updated_at`); deleted (which it can be once it has no versions).
 */
export type SkillChange = Change<'skill', 'created' | 'updated', BetaSkill> | { type: 'skill.deleted'; id: string };

/**
 * The subscriber may have missed changes (it resumed after an id this server no longer holds, e.g.
 * after a restart, or it was too slow and was dropped): it should reload what it shows.
 */
export interface ChangesResync {
  type: 'changes.resync';
}

/**
 * The first item of a subscription that did not resume: the feed's position now. A reader that
 * reconnects after it resumes from here (or is told to resync), even if no change came meanwhile.
 */
export interface ChangesReady {
  type: 'changes.ready';
}

export type ResourceChange = AgentChange | EnvironmentChange | SessionChange | VaultChange | CredentialChange | SkillChange | ChangesResync | ChangesReady;
