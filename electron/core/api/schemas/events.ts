import { z } from 'zod';
import { CreatedAtRange, EventId, Order, PageParams, SessionId, queryArray } from './common.ts';

// Content blocks a user may send. Large payloads (base64 images) are bounded by the body limit.
export const Text = z.strictObject({ type: z.literal('text'), text: z.string().max(1_000_000) });
const MediaSource = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('base64'), media_type: z.string().max(128), data: z.string() }),
  z.strictObject({ type: z.literal('url'), url: z.url() }),
  z.strictObject({ type: z.literal('file'), file_id: z.string().min(1).max(256) }),
]);
const Image = z.strictObject({ type: z.literal('image'), source: MediaSource });
const Document = z.strictObject({
  type: z.literal('document'),
  source: z.union([MediaSource, z.strictObject({ type: z.literal('text'), media_type: z.literal('text/plain'), data: z.string() })]),
  context: z.string().max(100_000).nullish(),
  title: z.string().max(1024).nullish(),
});
const SearchResult = z.strictObject({
  type: z.literal('search_result'),
  source: z.string().max(4096),
  title: z.string().max(1024),
  content: z.array(Text).max(100),
  citations: z.strictObject({ enabled: z.boolean() }),
});
export const Redacted = z.strictObject({ type: z.literal('redacted') });

export const ToolResultContent = z.array(z.discriminatedUnion('type', [Text, Image, Document, SearchResult])).max(100);
const ToolUseId = z.string().min(1).max(128);

export const UserMessage = z.strictObject({
  type: z.literal('user.message'),
  content: z.array(z.discriminatedUnion('type', [Text, Image, Document, Redacted])).min(1).max(100),
});
export const DefineOutcome = z.strictObject({
  type: z.literal('user.define_outcome'),
  description: z.string().min(1).max(10_000),
  rubric: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('text'), content: z.string().max(100_000) }),
    z.strictObject({ type: z.literal('file'), file_id: z.string().min(1).max(256) }),
  ]),
  max_iterations: z.number().int().min(1).max(20).nullish(),
});

export const Interrupt = z.strictObject({ type: z.literal('user.interrupt'), session_thread_id: z.string().max(128).nullish() });
export const ToolConfirmation = z.strictObject({
  type: z.literal('user.tool_confirmation'),
  tool_use_id: ToolUseId,
  result: z.enum(['allow', 'deny']),
  deny_message: z.string().max(10_000).nullish(),
});
export const CustomToolResult = z.strictObject({
  type: z.literal('user.custom_tool_result'),
  custom_tool_use_id: ToolUseId,
  content: ToolResultContent.optional(),
  is_error: z.boolean().nullish(),
});
export const UserToolResult = z.strictObject({
  type: z.literal('user.tool_result'),
  tool_use_id: ToolUseId,
  content: ToolResultContent.optional(),
  is_error: z.boolean().nullish(),
});
export const SystemMessage = z.strictObject({ type: z.literal('system.message'), content: z.array(Text).min(1).max(100) });

export const UserEvent = z.discriminatedUnion('type', [UserMessage, DefineOutcome, Interrupt, ToolConfirmation, CustomToolResult, UserToolResult, SystemMessage]);
export type UserEventInput = z.output<typeof UserEvent>;

/** What a system.message may accompany: it comes last, right after one of these, at most once per request (as the official API). */
const CARRIES_SYSTEM = ['user.message', 'user.tool_result', 'user.custom_tool_result'];
const Events = z
  .array(UserEvent)
  .min(1)
  .max(100)
  .superRefine((events, ctx) => {
    const at = events.findIndex((e) => e.type === 'system.message');
    if (at === -1) return;
    const message =
      at !== events.length - 1
        ? 'system.message must be the last event of the request (at most one per request)'
        : !CARRIES_SYSTEM.includes(events[at - 1]?.type ?? '')
          ? `system.message must immediately follow the ${CARRIES_SYSTEM.join(', ')} it accompanies`
          : undefined;
    if (message) ctx.addIssue({ code: 'custom', path: [at], message });
  });

export const EventsSend = z.strictObject({
  session_id: SessionId,
  events: Events,
});

export const EventsList = z.object({
  session_id: SessionId,
  ...PageParams,
  ...CreatedAtRange,
  order: Order.optional(),
  types: queryArray(z.string().regex(/^[a-z_]+\.[a-z_]+$/)).optional(),
});

/** Subscribe to a session's events; `after` resumes after a known event (or Last-Event-ID over SSE). */
export const EventsStream = z.object({
  session_id: SessionId,
  after: EventId.optional(),
  event_deltas: queryArray(z.enum(['agent.message', 'agent.thinking'])).optional(),
});
