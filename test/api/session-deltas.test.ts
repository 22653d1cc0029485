// The official `event_deltas` option of the events stream, through the SDK: previews of the agent's
// text while the model streams it, never stored.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BetaManagedAgentsStreamSessionEvents as StreamEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { hang, reply, text, thinking } from '../support/scripted-model/index.ts';

let rig: BrainRig;
beforeAll(async () => {
  rig = await brainRig();
});
afterAll(async () => rig?.close());

async function session() {
  const agent = await rig.client.beta.agents.create({ name: 'deltas', model: 'claude-sonnet-4-6' });
  const env = await rig.client.beta.environments.create({ name: `env-${Math.random()}` });
  return rig.client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
}

type Start = Extract<StreamEvent, { type: 'event_start' }>;
type Delta = Extract<StreamEvent, { type: 'event_delta' }>;
const isPreview = (e: StreamEvent): e is Start | Delta => e.type === 'event_start' || e.type === 'event_delta';

/** Reads a stream until `stop(e)` is true; returns everything read. */
async function readUntil(stream: AsyncIterable<StreamEvent> & { controller: AbortController }, stop: (e: StreamEvent) => boolean) {
  const seen: StreamEvent[] = [];
  for await (const e of stream) {
    seen.push(e);
    if (stop(e)) break;
  }
  stream.controller.abort();
  return seen;
}

const ANSWER = 'Streaming, word by word, the answer arrives long before the turn is over.';

describe('event_deltas', () => {
  it('previews the thinking and the message as they stream; the deltas join into the stored text, which events.list alone keeps', async () => {
    const s = await session();
    rig.model.enqueue(reply([thinking('considering'), text(ANSWER)], { chunkChars: 5, betweenEventsMs: 5 }));
    const stream = await rig.client.beta.sessions.events.stream(s.id, { event_deltas: ['agent.message', 'agent.thinking'] });
    await rig.client.beta.sessions.events.send(s.id, { events: [say('hi')] });
    const seen = await readUntil(stream, (e) => e.type === 'session.status_idle');

    const message = seen.find((e) => e.type === 'agent.message')!;
    const thought = seen.find((e) => e.type === 'agent.thinking')!;
    const starts = seen.filter((e): e is Start => e.type === 'event_start');
    expect(starts.map((e) => e.event)).toEqual([
      { type: 'agent.thinking', id: thought.id },
      { type: 'agent.message', id: message.id },
    ]);
    // agent.thinking is start-only; the message's deltas come between its start and the stored event, and join into its text.
    const deltas = seen.filter((e): e is Delta => e.type === 'event_delta');
    expect(new Set(deltas.map((d) => d.event_id))).toEqual(new Set([message.id]));
    expect(deltas.length).toBeGreaterThanOrEqual(Math.ceil(ANSWER.length / 5));
    const at = (e: StreamEvent) => seen.indexOf(e);
    for (const d of deltas) {
      expect(at(d)).toBeGreaterThan(at(starts[1]!));
      expect(at(d)).toBeLessThan(at(message));
    }
    expect(at(starts[0]!)).toBeLessThan(at(thought));
    expect(deltas.map((d) => d.delta.content.text).join('')).toBe(ANSWER);
    expect(message).toMatchObject({ content: [{ type: 'text', text: ANSWER }] });

    // Never stored: the log holds the stored events only, the same ones the stream delivered.
    const log = (await rig.client.beta.sessions.events.list(s.id, { limit: 100 })).data;
    expect(log.map((e) => e.type)).not.toContain('event_start');
    expect(log.map((e) => e.type)).not.toContain('event_delta');
    expect(log.map((e) => e.id)).toEqual(seen.filter((e) => !isPreview(e)).map((e) => (e as { id: string }).id));
  });

  it('arrive while the text is still being produced: a stream that stops mid-message shows its text so far, then the span end closes the preview', async () => {
    const s = await session();
    // The model sends message_start, a ping, the block's start and three deltas, then goes silent until the user interrupts.
    rig.model.enqueue(hang(reply('First part of the answer, and then the model goes quiet', { chunkChars: 6 }), 6));
    const stream = await rig.client.beta.sessions.events.stream(s.id, { event_deltas: ['agent.message'] });
    await rig.client.beta.sessions.events.send(s.id, { events: [say('talk')] });
    let n = 0;
    const soFar = await readUntil(stream, (e) => e.type === 'event_delta' && ++n === 3);
    const start = soFar.find((e): e is Start => e.type === 'event_start')!;
    expect(soFar.filter((e): e is Delta => e.type === 'event_delta').map((d) => d.delta.content.text).join('')).toBe('First part of the ');

    // A subscriber that joins now is caught up: the open preview's start, then its text so far in one delta.
    const late = await rig.client.beta.sessions.events.stream(s.id, { event_deltas: ['agent.message'] });
    const caughtUp = await readUntil(late, (e) => e.type === 'event_delta');
    expect(caughtUp.filter(isPreview)).toEqual([start, { type: 'event_delta', event_id: start.event.id, delta: { type: 'content_delta', index: 0, content: { type: 'text', text: 'First part of the ' } } }]);

    const rest = await rig.client.beta.sessions.events.stream(s.id, { event_deltas: ['agent.message'] });
    await rig.client.beta.sessions.events.send(s.id, { events: [{ type: 'user.interrupt' }] });
    const after = await readUntil(rest, (e) => e.type === 'session.status_idle');
    expect(after.find((e) => e.type === 'span.model_request_end')).toMatchObject({ is_error: true });
    expect(after.map((e) => e.type)).not.toContain('agent.message');
    expect((await rig.client.beta.sessions.events.list(s.id, { limit: 100 })).data.map((e) => e.id)).not.toContain(start.event.id);
  });

  it('only the previews asked for, and none without the option', async () => {
    const s = await session();
    rig.model.enqueue(reply([thinking('hmm'), text('plain answer')]));
    const thinkingOnly = await rig.client.beta.sessions.events.stream(s.id, { event_deltas: ['agent.thinking'] });
    const { events: plain } = await turn(rig.client, s.id, [say('one')]);
    const onlyThinking = await readUntil(thinkingOnly, (e) => e.type === 'session.status_idle');
    expect(plain.filter(isPreview)).toEqual([]);
    expect(onlyThinking.filter(isPreview).map((e) => (e as Start).event.type)).toEqual(['agent.thinking']);
  });

  it('a reader that stops reading does not make the server queue every delta: they wait merged, and still join into the text', async () => {
    const s = await session();
    const long = 'abcdefghij'.repeat(40_000); // 400,000 characters in 80,000 deltas of 5, some 14 MB of frames unmerged
    rig.model.enqueue(reply(long, { chunkChars: 5 }));
    const url = new URL(`/v1/sessions/${s.id}/events/stream?event_deltas[]=agent.message`, rig.server.url);
    const frames: string[] = [];
    const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) =>
      request(url, { headers: { 'x-api-key': rig.server.apiKey } }, resolve).on('error', reject).end(),
    );
    res.setEncoding('utf8');
    res.pause(); // reads nothing while the model streams
    await turn(rig.client, s.id, [say('a long one')]);

    let buffer = '';
    await new Promise<void>((resolve) => {
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          frames.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (frames.at(-1)!.includes('event: session.status_idle')) return resolve();
        }
      });
      res.resume();
    });
    res.destroy();
    const data = (type: string) => frames.filter((f) => f.includes(`event: ${type}\n`)).map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)));
    const deltas = data('event_delta') as Delta[];
    const [message] = data('agent.message');
    expect(deltas.map((d) => d.delta.content.text).join('')).toBe(long);
    expect(message.content[0].text).toBe(long);
    // Once the socket's buffers were full (a few MB: the kernel's bound, not Dockhand's), the deltas
    // waited merged: fewer frames than the model's 80,000 deltas, some carrying many of them at once.
    expect(deltas.length).toBeLessThan(80_000);
    expect(Math.max(...deltas.map((d) => d.delta.content.text.length))).toBeGreaterThan(5 * 100);
    // Preview frames carry no id: a reconnect resumes after the last stored event.
    for (const f of frames.filter((f) => f.includes('event: event_'))) expect(f).not.toMatch(/^id:/m);
  });
});
