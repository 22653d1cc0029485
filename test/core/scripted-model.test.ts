// The scripted model must be indistinguishable from the real Messages API to the official SDK client:
// the brain's tests are only as honest as this stand-in.
import Anthropic, {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  OverloadedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { Stream } from '@anthropic-ai/sdk/core/streaming';
import type { MessageCreateParamsNonStreaming, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages/messages';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cut,
  hang,
  lastToolResults,
  overloaded,
  rateLimited,
  reply,
  serverError,
  startScriptedModel,
  streamError,
  text,
  thinking,
  toolUse,
  type ScriptedModel,
  type ScriptedModelOptions,
} from '../support/scripted-model/index.ts';

const KEY = 'sk-test-scripted';
const open: ScriptedModel[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});

async function setup(opts: ScriptedModelOptions = {}, maxRetries = 0) {
  const model = await startScriptedModel({ apiKey: KEY, ...opts });
  open.push(model);
  return { model, client: new Anthropic({ baseURL: model.url, apiKey: KEY, maxRetries }) };
}

const params = (content = 'hello', more: Partial<MessageCreateParamsNonStreaming> = {}): MessageCreateParamsNonStreaming => ({
  model: 'claude-sonnet-4-6',
  max_tokens: 1024,
  messages: [{ role: 'user', content }],
  ...more,
});

const richTurn = () =>
  reply(
    [
      thinking('The user wants the files listed; bash can do that.', 'sig-abc123'),
      text('Let me look — 👀 at the directory.'),
      toolUse('bash', { command: 'ls -la /tmp', nested: { quote: 'a "b" c', list: [1, 2, 3] } }, 'toolu_01'),
    ],
    { chunkChars: 5, usage: { input_tokens: 321, output_tokens: 77, cache_read_input_tokens: 12 } },
  );

const richContent = [
  { type: 'thinking', thinking: 'The user wants the files listed; bash can do that.', signature: 'sig-abc123' },
  { type: 'text', text: 'Let me look — 👀 at the directory.', citations: null },
  {
    type: 'tool_use',
    id: 'toolu_01',
    name: 'bash',
    input: { command: 'ls -la /tmp', nested: { quote: 'a "b" c', list: [1, 2, 3] } },
    caller: { type: 'direct' },
  },
];

describe('scripted model: replies', () => {
  it('streams thinking, text and tool_use that the SDK reassembles exactly', async () => {
    const { model, client } = await setup({ turns: [richTurn()] });
    const final = await client.messages.stream(params()).finalMessage();
    expect(final.content).toEqual(richContent);
    expect(final.id).toMatch(/^msg_/);
    expect(final.model).toBe('claude-sonnet-4-6');
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage).toMatchObject({ input_tokens: 321, output_tokens: 77, cache_read_input_tokens: 12, cache_creation_input_tokens: 0 });
    expect(model.pending()).toBe(0);
  });

  it('sends the SSE events in the protocol order, each named for its data.type', async () => {
    const { client } = await setup({ turns: [richTurn()] });
    const response = await client.messages.create({ ...params(), stream: true }).asResponse();
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const frames: { event: string | null; data: RawMessageStreamEvent | { type: 'ping' } }[] = [];
    for await (const sse of Stream.rawEvents(response)) frames.push({ event: sse.event, data: JSON.parse(sse.data) });
    for (const f of frames) expect(f.event).toBe(f.data.type);

    // Collapse runs of deltas to read the shape: start, ping, per block start/delta.../stop, message_delta, stop.
    const shape = frames
      .map((f) => (f.data.type === 'content_block_delta' ? `delta:${f.data.delta.type}` : f.data.type))
      .filter((s, i, all) => s !== all[i - 1] || !s.startsWith('delta:'));
    expect(shape).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'delta:thinking_delta',
      'delta:signature_delta',
      'content_block_stop',
      'content_block_start',
      'delta:text_delta',
      'content_block_stop',
      'content_block_start',
      'delta:input_json_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);

    const events = frames.map((f) => f.data) as RawMessageStreamEvent[];
    const start = events[0] as Extract<RawMessageStreamEvent, { type: 'message_start' }>;
    expect(start.message).toMatchObject({ id: expect.stringMatching(/^msg_/), type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [], stop_reason: null, stop_sequence: null });
    expect(start.message.usage).toMatchObject({ input_tokens: 321, cache_creation_input_tokens: 0, cache_read_input_tokens: 12, output_tokens: 1 });

    const starts = events.filter((e) => e.type === 'content_block_start');
    expect(starts.map((e) => [e.index, e.content_block])).toEqual([
      [0, { type: 'thinking', thinking: '', signature: '' }],
      [1, { type: 'text', text: '', citations: null }],
      [2, { type: 'tool_use', id: 'toolu_01', name: 'bash', input: {}, caller: { type: 'direct' } }],
    ]);
    const jsonChunks = events.flatMap((e) => (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta' ? [e.delta.partial_json] : []));
    expect(jsonChunks.length).toBeGreaterThan(1);
    expect(JSON.parse(jsonChunks.join(''))).toEqual(richContent[2]!.input);

    const delta = events.at(-2) as Extract<RawMessageStreamEvent, { type: 'message_delta' }>;
    expect(delta.delta).toMatchObject({ stop_reason: 'tool_use', stop_sequence: null });
    expect(delta.usage.output_tokens).toBe(77);
  });

  it('answers a non-streaming request with the same message the stream builds', async () => {
    const { client } = await setup({ turns: [richTurn(), richTurn()] });
    const streamed = await client.messages.stream(params()).finalMessage();
    const whole = await client.messages.create(params());
    // The stream helper adds its own `parsed_output`; everything from the wire must match.
    expect({ ...whole, id: 'x' }).toEqual({ ...streamed, id: 'x', parsed_output: undefined });
  });

  it('serves client.beta.messages with the fields only the beta types have', async () => {
    const { client } = await setup({ turns: [reply('beta hi'), reply('beta whole')] });
    const streamed = await client.beta.messages.stream(params()).finalMessage();
    expect(streamed.content).toEqual([{ type: 'text', text: 'beta hi', citations: null }]);
    expect(streamed.context_management).toBeNull();
    expect(streamed.usage).toMatchObject({ fallback_credit: null, iterations: null });
    const whole = await client.beta.messages.create(params());
    expect(whole.content).toEqual([{ type: 'text', text: 'beta whole', citations: null }]);
    expect(whole.context_management).toBeNull();
  });

  it('derives input tokens from the request size and output tokens from the reply', async () => {
    const { client } = await setup({ turns: [reply('ok'), reply('ok'), reply('a much longer answer '.repeat(20))] });
    const small = await client.messages.create(params('short'));
    const large = await client.messages.create(params('long '.repeat(500)));
    const longAnswer = await client.messages.create(params('short'));
    expect(small.usage.input_tokens).toBeGreaterThan(0);
    expect(large.usage.input_tokens).toBeGreaterThan(small.usage.input_tokens + 500);
    expect(longAnswer.usage.output_tokens).toBeGreaterThan(small.usage.output_tokens);
  });

  it('counts tokens with the same estimate, without using a scripted turn', async () => {
    const { model, client } = await setup({ turns: [reply('ok')] });
    const counted = await client.messages.countTokens({ model: 'claude-sonnet-4-6', messages: params('count me').messages });
    const answered = await client.messages.create(params('count me'));
    expect(counted.input_tokens).toBe(answered.usage.input_tokens);
    expect(model.requests).toHaveLength(1);
  });

  it('waits the scripted delays before the first byte and between events', async () => {
    const { client } = await setup({ turns: [reply('abcdefgh', { firstByteMs: 120, betweenEventsMs: 20, chunkChars: 2 })] });
    const t0 = performance.now();
    const stream = client.messages.stream(params());
    let firstEventAt = 0;
    stream.once('streamEvent', () => (firstEventAt = performance.now()));
    await stream.finalMessage();
    // Lower bounds only (timers never fire early): message_start, then 10 more events (ping, start, 4 deltas, stop, delta, stop).
    expect(firstEventAt - t0).toBeGreaterThanOrEqual(115);
    expect(performance.now() - firstEventAt).toBeGreaterThanOrEqual(9 * 20);
  });
});

describe('scripted model: failures', () => {
  it('answers 429, 529 and 500 with the official envelope, raising the SDK error classes', async () => {
    const { client } = await setup({ turns: [rateLimited(7), overloaded(), serverError()] });
    const limited = await client.messages.create(params()).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).type).toBe('rate_limit_error');
    expect((limited as RateLimitError).headers.get('retry-after')).toBe('7');
    expect((limited as RateLimitError).requestID).toMatch(/^req_/);

    const busy = await client.messages.stream(params()).finalMessage().catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(OverloadedError);
    expect(busy).toBeInstanceOf(APIError);
    expect((busy as APIError).status).toBe(529);
    expect((busy as APIError).type).toBe('overloaded_error');

    const broken = await client.messages.create(params()).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(InternalServerError);
    expect((broken as APIError).status).toBe(500);
    expect((broken as APIError).error).toMatchObject({ type: 'error', error: { type: 'api_error', message: 'Internal server error' } });
  });

  it('the SDK retries a 529 by itself and succeeds on the next scripted turn', async () => {
    const { model, client } = await setup({ turns: [overloaded(), reply('after the storm')] }, 2);
    const final = await client.messages.stream(params()).finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'after the storm', citations: null }]);
    expect(model.requests).toHaveLength(2);
  });

  it('a stream cut mid-way makes the SDK throw, after the events already sent', async () => {
    const { client } = await setup({ turns: [cut(reply('this answer will never finish', { chunkChars: 3 }), 5)] });
    const stream = client.messages.stream(params());
    const seen: string[] = [];
    stream.on('text', (t) => seen.push(t));
    await expect(stream.finalMessage()).rejects.toThrow();
    expect(seen.join('')).toBe('this a'); // events: message_start, ping, block start, 2 deltas, then the cut
  });

  it('a connection cut before any byte is an APIConnectionError', async () => {
    const { client } = await setup({ turns: [cut(reply('never'), 0)] });
    await expect(client.messages.create(params())).rejects.toBeInstanceOf(APIConnectionError);
  });

  it('an SSE error event mid-stream raises the API error it carries', async () => {
    const { client } = await setup({ turns: [streamError(reply('partial answer'), 4)] });
    const err = await client.messages.stream(params()).finalMessage().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).type).toBe('overloaded_error');
  });

  it('a hung stream stays open until the client aborts, and the server keeps serving', async () => {
    const { model, client } = await setup({ turns: [hang(reply('half of it', { chunkChars: 4 }), 4), reply('next')] });
    const stream = client.messages.stream(params());
    await new Promise<void>((resolve) => stream.once('text', () => resolve()));
    stream.abort();
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(APIUserAbortError);
    const next = await client.messages.create(params());
    expect(next.content).toEqual([{ type: 'text', text: 'next', citations: null }]);
    expect(model.requests).toHaveLength(2);
  });

  it('close() does not wait for a hung client', async () => {
    const { model, client } = await setup({ turns: [hang()] });
    const pending = client.messages.create(params()).catch((e: unknown) => e);
    while (model.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await model.close();
    expect(await pending).toBeInstanceOf(APIConnectionError);
  });
});

describe('scripted model: requests', () => {
  it('records what the model was sent, with the key redacted, whichever way the SDK authenticates', async () => {
    const { model, client } = await setup({ turns: [reply('one'), reply('two')] });
    const tools = [{ name: 'bash', description: 'Run a command', input_schema: { type: 'object' as const, properties: { command: { type: 'string' } } } }];
    await client.messages.create(params('list files', { system: 'You are careful.', tools })); // authorization: Bearer
    const xApiKey = new Anthropic({ baseURL: model.url, apiKey: null, defaultHeaders: { 'x-api-key': KEY }, maxRetries: 0 });
    await xApiKey.messages.create(params('again'));

    const [first, second] = model.requests;
    expect(first!.body.system).toBe('You are careful.');
    expect(first!.body.messages).toEqual([{ role: 'user', content: 'list files' }]);
    expect(first!.body.tools).toEqual(tools);
    expect(first!.headers.authorization).toBe('REDACTED');
    expect(second!.headers['x-api-key']).toBe('REDACTED');
    expect(JSON.stringify(model.requests)).not.toContain(KEY);
    expect(second!.at).toBeGreaterThanOrEqual(first!.at);
  });

  it('rejects a wrong key with authentication_error, without using a turn', async () => {
    const { model } = await setup({ turns: [reply('secret')] });
    const wrong = new Anthropic({ baseURL: model.url, apiKey: 'nope', maxRetries: 0 });
    const err = await wrong.messages.create(params()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as APIError).type).toBe('authentication_error');
    expect(model.requests).toHaveLength(0);
    expect(model.pending()).toBe(1);
  });

  it('a script function answers from the request: a tool loop over tool_result', async () => {
    const { model, client } = await setup({
      script: (req) => {
        const [result] = lastToolResults(req);
        return result ? reply(`The tool said: ${String(result.content)}`) : reply([toolUse('bash', { command: 'pwd' }, 'toolu_pwd')]);
      },
    });
    const first = await client.messages.stream(params('where am I?')).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const second = await client.messages
      .stream(
        params('', {
          messages: [
            { role: 'user', content: 'where am I?' },
            { role: 'assistant', content: first.content },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_pwd', content: '/workspace' }] },
          ],
        }),
      )
      .finalMessage();
    expect(second.content).toEqual([{ type: 'text', text: 'The tool said: /workspace', citations: null }]);
    expect(second.stop_reason).toBe('end_turn');
    expect(model.requests).toHaveLength(2);
  });

  it('rejects requests the real API would reject: an unanswered tool_use, a stray tool_result', async () => {
    const { model, client } = await setup({ script: reply('unreachable') });
    const assistant = { role: 'assistant' as const, content: [{ type: 'tool_use' as const, id: 'toolu_x', name: 'bash', input: {} }] };
    const unanswered = await client.messages
      .create(params('', { messages: [{ role: 'user', content: 'go' }, assistant, { role: 'user', content: 'what happened?' }] }))
      .catch((e: unknown) => e);
    expect(unanswered).toBeInstanceOf(BadRequestError);
    expect((unanswered as APIError).message).toContain('`tool_use` ids were found without `tool_result` blocks immediately after: toolu_x');

    const stray = await client.messages
      .create(params('', { messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_y', content: 'x' }] }] }))
      .catch((e: unknown) => e);
    expect(stray).toBeInstanceOf(BadRequestError);
    expect((stray as APIError).message).toContain('unexpected `tool_use_id` found in `tool_result` blocks: toolu_y');

    const late = await client.messages
      .create(params('', { messages: [{ role: 'user', content: 'go' }, assistant, { role: 'user', content: [{ type: 'text', text: 'hm' }, { type: 'tool_result', tool_use_id: 'toolu_x', content: 'x' }] }] }))
      .catch((e: unknown) => e);
    expect(late).toBeInstanceOf(BadRequestError);
    expect(model.requests).toHaveLength(3); // recorded, so a test can see what was wrong
  });

  it('says so when a request arrives with no turn scripted', async () => {
    const { client } = await setup();
    const err = await client.messages.create(params()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as APIError).message).toContain('no turn scripted for request #0');
  });
});
