// Session events as the log stores them (id and time included), in the official shapes: what an
// imported log's lines must be. The user events are the API's own schemas, plus what the log adds.
import { z } from 'zod';
import { EventId, Metadata, Timestamp, idOf } from './common.ts';
import { CustomToolResult, DefineOutcome, Interrupt, Redacted, SystemMessage, Text, ToolConfirmation, ToolResultContent, UserMessage, UserToolResult } from './events.ts';

const stored = { id: EventId, processed_at: Timestamp };
const thread = { session_thread_id: z.string().max(128).nullish() };
const only = <T extends string>(type: T) => z.strictObject({ type: z.literal(type), ...stored });

const Input = z.record(z.string(), z.unknown());
const ToolName = z.string().min(1).max(256);
const Permission = z.enum(['allow', 'ask', 'deny']).optional();
const Evaluation = z.looseObject({ type: z.string() }).optional();
const Tokens = z.number().int().min(0);

const ERROR_TYPES = [
  'unknown_error',
  'model_overloaded_error',
  'model_rate_limited_error',
  'model_request_failed_error',
  'mcp_connection_failed_error',
  'mcp_authentication_failed_error',
  'billing_error',
  'credential_host_unreachable_error',
  'tool_use_limit_reached_error',
  'compaction_limit_reached_error',
  'repository_authentication_error',
  'repository_forbidden_error',
  'repository_not_found_error',
  'repository_checkout_error',
  'repository_clone_error',
] as const;

// Some error types name what failed (mcp_server_name, repository_url): strings or null beside the common fields.
const SessionError = z
  .strictObject({
    type: z.enum(ERROR_TYPES),
    message: z.string().max(100_000),
    retry_status: z.strictObject({ type: z.enum(['retrying', 'exhausted', 'terminal']) }),
  })
  .catchall(z.string().max(4096).nullable());

const StopReason = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('end_turn') }),
  z.strictObject({ type: z.literal('requires_action'), event_ids: z.array(EventId).max(1000) }),
  z.strictObject({ type: z.literal('retries_exhausted') }),
  z.strictObject({ type: z.literal('budget_reached') }),
  z.strictObject({ type: z.literal('refusal') }),
]);

const Amount = z.strictObject({ amount: z.string().regex(/^(0|[1-9]\d*)$/, 'must be a whole number of cents'), currency: z.literal('USD') });

export const StoredEvent = z.discriminatedUnion('type', [
  UserMessage.extend(stored),
  // The echo carries the server's outcome_id (absent from logs recorded before Dockhand added it).
  DefineOutcome.extend({ ...stored, outcome_id: idOf('outc').optional() }),
  Interrupt.extend(stored),
  ToolConfirmation.extend({ ...stored, ...thread }),
  CustomToolResult.extend({ ...stored, ...thread }),
  UserToolResult.extend({ ...stored, ...thread }),
  SystemMessage.extend(stored),
  z.strictObject({ type: z.literal('agent.message'), ...stored, content: z.array(z.discriminatedUnion('type', [Text, Redacted])).max(100) }),
  only('agent.thinking'),
  z.strictObject({ type: z.literal('agent.tool_use'), ...stored, ...thread, name: ToolName, input: Input, evaluated_permission: Permission, evaluation: Evaluation }),
  z.strictObject({ type: z.literal('agent.custom_tool_use'), ...stored, ...thread, name: ToolName, input: Input }),
  z.strictObject({
    type: z.literal('agent.mcp_tool_use'),
    ...stored,
    ...thread,
    mcp_server_name: z.string().min(1).max(255),
    name: ToolName,
    input: Input,
    evaluated_permission: Permission,
    evaluation: Evaluation,
  }),
  z.strictObject({ type: z.literal('agent.tool_result'), ...stored, tool_use_id: EventId, content: ToolResultContent.optional(), is_error: z.boolean().nullish() }),
  z.strictObject({ type: z.literal('agent.mcp_tool_result'), ...stored, mcp_tool_use_id: EventId, content: ToolResultContent.optional(), is_error: z.boolean().nullish() }),
  only('agent.thread_context_compacted'),
  z.strictObject({
    type: z.literal('session.updated'),
    ...stored,
    title: z.string().max(1024).nullish(),
    metadata: Metadata.optional(),
    agent: z.looseObject({ type: z.literal('agent') }).nullish(),
    budget: z.looseObject({ type: z.literal('limit') }).nullish(),
  }),
  z.strictObject({ type: z.literal('session.error'), ...stored, error: SessionError }),
  only('session.status_running'),
  only('session.status_rescheduled'),
  only('session.status_terminated'),
  z.strictObject({
    type: z.literal('session.status_idle'),
    ...stored,
    stop_reason: StopReason,
    stop_details: z
      .strictObject({ type: z.literal('refusal'), category: z.string().max(64).nullable(), explanation: z.string().max(10_000).nullable() })
      .nullish(),
  }),
  only('span.model_request_start'),
  z.strictObject({
    type: z.literal('span.model_request_end'),
    ...stored,
    model_request_start_id: EventId,
    is_error: z.boolean().nullable(),
    model_usage: z.strictObject({
      input_tokens: Tokens,
      output_tokens: Tokens,
      cache_creation_input_tokens: Tokens,
      cache_read_input_tokens: Tokens,
      speed: z.enum(['standard', 'fast']).nullish(),
    }),
  }),
  z.strictObject({
    type: z.literal('session.usage'),
    ...stored,
    usage: z.strictObject({
      input_tokens: Tokens.optional(),
      output_tokens: Tokens.optional(),
      cache_read_input_tokens: Tokens.optional(),
      cache_creation: z.strictObject({ ephemeral_5m_input_tokens: Tokens.optional(), ephemeral_1h_input_tokens: Tokens.optional() }).optional(),
      list_cost: Amount.optional(),
      active_seconds: z.number().min(0).optional(),
      server_tool_use: z.strictObject({ web_fetch_requests: Tokens.optional(), web_search_requests: Tokens.optional() }).optional(),
    }),
    budget: z.strictObject({ type: z.literal('limit'), max_list_cost: Amount }).nullish(),
  }),
]);

export const STORED_EVENT_TYPES: ReadonlySet<string> = new Set(StoredEvent.options.map((o) => o.shape.type.value));
