import Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsSessionErrorEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';

export interface ModelSettings {
  /** The Messages API base URL; default: the SDK's own (ANTHROPIC_BASE_URL or Anthropic's). */
  baseURL?: string;
  /** Default: the SDK's own (ANTHROPIC_API_KEY). Kept in memory only. */
  apiKey?: string;
  maxTokens?: number;
  /** The model's context window in tokens; compaction starts before it is reached. */
  contextWindow?: number;
}

/** The real SDK client. It does not retry by itself: the brain retries and records each attempt. */
export function modelClient(s: ModelSettings): Anthropic {
  return new Anthropic({ baseURL: s.baseURL, apiKey: s.apiKey ?? process.env.ANTHROPIC_API_KEY ?? null, maxRetries: 0 });
}

type ErrorObject = BetaManagedAgentsSessionErrorEvent['error'];
export type ModelFailure = { type: Extract<ErrorObject['type'], 'model_rate_limited_error' | 'model_overloaded_error' | 'model_request_failed_error'>; message: string; retryable: boolean };

/** What went wrong with a model request, as a session.error describes it. */
export function classify(err: unknown): ModelFailure {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Anthropic.APIError && err.status !== undefined) {
    if (err.status === 429) return { type: 'model_rate_limited_error', message, retryable: true };
    if (err.status === 529) return { type: 'model_overloaded_error', message, retryable: true };
    if (err.status >= 500 || err.status === 408) return { type: 'model_request_failed_error', message, retryable: true };
    return { type: 'model_request_failed_error', message, retryable: false };
  }
  // An error event inside the stream carries the API's own error type.
  if (err instanceof Anthropic.APIError && JSON.stringify(err.error ?? {}).includes('overloaded_error')) return { type: 'model_overloaded_error', message, retryable: true };
  // Dropped connections and streams cut mid-way.
  return { type: 'model_request_failed_error', message, retryable: true };
}
