// The resource types the renderer works with: the official SDK's, through the contract.
import type { Item, Params, Result } from '../../../electron/core/api/contract.ts';

export type Agent = Result<'agents.retrieve'>;
export type Environment = Result<'environments.retrieve'>;
export type Session = Result<'sessions.retrieve'>;
export type SessionEvent = Result<'events.list'>['data'][number];
export type SessionStatus = Session['status'];
export type AgentCreateParams = Params<'agents.create'>;
export type EnvironmentCreateParams = Params<'environments.create'>;
export type SessionCreateParams = Params<'sessions.create'>;
export type BuildEvent = Item<'environments.build'>;

/** What the model is producing now (an `event_deltas` preview), before the stored event (same id) replaces it. */
export interface EventPreview {
  id: string;
  type: 'agent.message' | 'agent.thinking';
  text: string;
}
export type Vault = Result<'vaults.retrieve'>;
export type Credential = Result<'vaults.credentials.retrieve'>;
export type Skill = Result<'skills.retrieve'>;
export type SkillVersion = Result<'skills.versions.retrieve'>;
export type CredentialCreateParams = Params<'vaults.credentials.create'>;
export type ModelKeyStatus = Result<'settings.model_key.retrieve'>;
