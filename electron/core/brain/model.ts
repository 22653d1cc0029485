import type Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsSessionErrorEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import type { BetaManagedAgentsSessionAgent } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages/messages';
import { MissingModelKey } from '../vault/model-key.ts';

export interface ModelSettings {
  /** The Messages API base URL; default: the SDK's own (ANTHROPIC_BASE_URL or Anthropic's). */
  baseURL?: string;
  /** A key, or a function asked before each request (the vault's: the environment, else the keychain). Default: ANTHROPIC_API_KEY. */
  apiKey?: string | (() => Promise<string>);
  maxTokens?: number;
  /** The model's context window in tokens; compaction starts before it is reached. */
  contextWindow?: number;
}

// The SDK is imported at the first model request, not at start-up: a server that runs no turn never loads it.
let sdk: typeof Anthropic | undefined;

/** The real SDK client, made at its first use. It does not retry by itself: the brain retries and records each attempt. */
export function modelClient(s: ModelSettings): () => Promise<Anthropic> {
  let client: Promise<Anthropic> | undefined;
  return () =>
    (client ??= import('@anthropic-ai/sdk').then(({ default: SDK }) => {
      sdk = SDK;
      return new SDK({ baseURL: s.baseURL, apiKey: s.apiKey ?? process.env.ANTHROPIC_API_KEY ?? null, maxRetries: 0 });
    }));
}

/** The agent's model settings as Messages API request fields: effort, inference region and speed go to the model. */
export function modelSettings(m: BetaManagedAgentsSessionAgent['model']): Pick<MessageCreateParamsBase, 'output_config' | 'inference_geo' | 'speed'> {
  return {
    ...(m.effort ? { output_config: { effort: m.effort.type } } : {}),
    ...(m.inference_geo ? { inference_geo: m.inference_geo } : {}),
    ...(m.speed ? { speed: m.speed } : {}),
  };
}

type ErrorObject = BetaManagedAgentsSessionErrorEvent['error'];
export type ModelFailure = { type: Extract<ErrorObject['type'], 'model_rate_limited_error' | 'model_overloaded_error' | 'model_request_failed_error'>; message: string; retryable: boolean };

/** What went wrong with a model request, as a session.error describes it. */
export function classify(err: unknown): ModelFailure {
  const message = err instanceof Error ? err.message : String(err);
  // Only a request fails with one of the SDK's errors, and the SDK is loaded before any request.
  const apiError = sdk && err instanceof sdk.APIError ? err : undefined;
  if (apiError && apiError.status !== undefined) {
    if (apiError.status === 429) return { type: 'model_rate_limited_error', message, retryable: true };
    if (apiError.status === 529) return { type: 'model_overloaded_error', message, retryable: true };
    if (apiError.status >= 500 || apiError.status === 408) return { type: 'model_request_failed_error', message, retryable: true };
    return { type: 'model_request_failed_error', message, retryable: false };
  }
  // An error event inside the stream carries the API's own error type.
  if (apiError && JSON.stringify(apiError.error ?? {}).includes('overloaded_error')) return { type: 'model_overloaded_error', message, retryable: true };
  // No key: nothing to retry until the user sets one (the SDK wraps the key function's error).
  const missing = err instanceof MissingModelKey ? err : err instanceof Error && err.cause instanceof MissingModelKey ? err.cause : undefined;
  if (missing) return { type: 'model_request_failed_error', message: missing.message, retryable: false };
  // Dropped connections and streams cut mid-way.
  return { type: 'model_request_failed_error', message, retryable: true };
}
