// What `sessions.state` answers (a Dockhand extension for replay): a session as it stood after one of
// its events, folded from the log by the brain's own state code, with no model call and no tool run.
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { BetaManagedAgentsSessionEvent, BetaManagedAgentsSessionUsageSnapshot } from '@anthropic-ai/sdk/resources/beta/sessions/events';

/** A run of a session's log by position (`events.window`), for a replay cursor anywhere in a long log. */
export interface EventsWindow {
  data: BetaManagedAgentsSessionEvent[];
  /** The position of `data[0]` in the log, from 1 (with an empty window: where it would start). */
  first_position: number;
  /** Events in the whole log. */
  total: number;
}

export interface PendingAction {
  /** The agent.tool_use / agent.custom_tool_use event. */
  event_id: string;
  name: string;
  input: Record<string, unknown>;
  /** What the call waits for: the user's approval, the client's custom tool result, or its run to end. */
  awaiting: 'confirmation' | 'custom_tool_result' | 'result';
}

export interface SessionStateAt {
  type: 'session_state';
  session_id: string;
  /** The cursor: the last event taken into account (null for an empty log). */
  event_id: string | null;
  /** The cursor's place in the log, from 1 (0 for an empty log). */
  position: number;
  /** Events in the whole log. */
  total: number;
  status: string;
  /** The conversation the model is given at its next request, after compaction (system prompt and tools aside): its last `messages` messages as asked (default 100). */
  messages: MessageParam[];
  /** How many messages the whole conversation has. */
  message_count: number;
  /**
   * The last compaction at or before the cursor. `recorded` is false when the compacted context is not
   * known here (an imported log carries the event, not the context): `messages` are then uncompacted.
   */
  compaction: { event_id: string; recorded: boolean } | null;
  /** A model request started and not ended at the cursor (its span start event). */
  open_model_request: string | null;
  /** Tool calls of the last response without a result yet. */
  pending: PendingAction[];
  /** What the brain does next from here: ask the model, run tools, wait for the user, or nothing. */
  next: 'model' | 'tools' | 'user' | 'rest';
  /** Tokens so far, with their estimated list cost in cents (absent for a model without prices). */
  usage: BetaManagedAgentsSessionUsageSnapshot;
  /** The same estimate in US dollars, unrounded; null for a model without prices. */
  estimated_cost_usd: number | null;
  model_requests: number;
}
