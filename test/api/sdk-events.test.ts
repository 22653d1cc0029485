// Session events through the official SDK against a real `dockhand serve`: send, list, SSE stream, resumption.
import Anthropic from '@anthropic-ai/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectApiError, reader, sessionParts, textOf, useServer, userMessage } from '../support/fixtures.ts';

let parts: Awaited<ReturnType<typeof sessionParts>>;

const rig = useServer();
beforeAll(async () => {
  parts = await sessionParts(rig.client);
});

const newSession = () => rig.client.beta.sessions.create({ agent: parts.agent.id, environment_id: parts.environment.id });

/** Sends one user.message per text, in one request; returns the stored events' ids. */
async function send(sessionId: string, ...texts: string[]): Promise<string[]> {
  const res = await rig.client.beta.sessions.events.send(sessionId, { events: texts.map(userMessage) });
  return (res.data ?? []).map((e) => e.id);
}

describe('events.send', () => {
  it('stores a batch of user events in order, each with an id and processed_at', async () => {
    const session = await newSession();
    const res = await rig.client.beta.sessions.events.send(session.id, {
      events: [
        { type: 'user.interrupt' },
        { type: 'user.define_outcome', description: 'a tested parser', rubric: { type: 'text', content: 'all tests pass' } },
        userMessage('hello'),
        { type: 'system.message', content: [{ type: 'text', text: 'be brief' }] },
      ],
    });
    const data = res.data ?? [];
    expect(data.map((e) => e.type)).toEqual(['user.interrupt', 'user.define_outcome', 'user.message', 'system.message']);
    expect(new Set(data.map((e) => e.id)).size).toBe(4);
    for (const e of data) {
      expect(e.id).toMatch(/^sevt_[A-Za-z0-9]+$/);
      expect(Number.isNaN(Date.parse(e.processed_at!))).toBe(false);
    }
    expect(data[2]).toMatchObject({ content: [{ type: 'text', text: 'hello' }] });
    expect(data[3]).toMatchObject({ content: [{ type: 'text', text: 'be brief' }] });
    expect(data[1]).toMatchObject({ description: 'a tested parser', rubric: { type: 'text', content: 'all tests pass' } });

    const listed = (await rig.client.beta.sessions.events.list(session.id)).data;
    expect(listed).toEqual(data);
  });

  it('refuses unknown and non-user event types, and stores nothing of a batch with one bad event', async () => {
    const session = await newSession();
    const bad = [
      { events: [{ type: 'user.nonsense' }] },
      { events: [{ type: 'agent.message', content: [{ type: 'text', text: 'impersonating the agent' }] }] },
      { events: [userMessage('fine'), { type: 'user.message', content: 'not a list' }] },
      { events: [{ type: 'user.message', content: [] }] },
      { events: [] },
      // Answers must name an agent event of this session that they answer.
      { events: [userMessage('fine'), { type: 'user.tool_confirmation', tool_use_id: 'sevt_nosuchevent', result: 'allow' }] },
      { events: [{ type: 'user.custom_tool_result', custom_tool_use_id: 'toolu_1', content: [{ type: 'text', text: '42' }] }] },
    ];
    for (const body of bad) {
      await expectApiError(
        rig.client.beta.sessions.events.send(session.id, body as unknown as Anthropic.Beta.Sessions.EventSendParams),
        Anthropic.BadRequestError,
        400,
        'invalid_request_error',
      );
    }
    expect((await rig.client.beta.sessions.events.list(session.id)).data).toEqual([]);
  });
});

describe('events.list', () => {
  it('orders asc by default and desc on request', async () => {
    const session = await newSession();
    const ids = await send(session.id, 'a', 'b', 'c');
    expect((await rig.client.beta.sessions.events.list(session.id)).data.map((e) => e.id)).toEqual(ids);
    expect((await rig.client.beta.sessions.events.list(session.id, { order: 'asc' })).data.map((e) => e.id)).toEqual(ids);
    expect((await rig.client.beta.sessions.events.list(session.id, { order: 'desc' })).data.map((e) => e.id)).toEqual([...ids].reverse());
  });

  it('pages with next_page and auto-paginates over more than one page, in both orders', async () => {
    const session = await newSession();
    const ids = await send(session.id, ...Array.from({ length: 7 }, (_, i) => `m${i}`));
    const first = await rig.client.beta.sessions.events.list(session.id, { limit: 3 });
    expect(first.data.map((e) => e.id)).toEqual(ids.slice(0, 3));
    expect(first.next_page).toEqual(expect.any(String));
    const second = await first.getNextPage();
    expect(second.data.map((e) => e.id)).toEqual(ids.slice(3, 6));

    const asc: string[] = [];
    for await (const e of rig.client.beta.sessions.events.list(session.id, { limit: 2 })) asc.push(e.id);
    expect(asc).toEqual(ids);
    const desc: string[] = [];
    for await (const e of rig.client.beta.sessions.events.list(session.id, { limit: 2, order: 'desc' })) desc.push(e.id);
    expect(desc).toEqual([...ids].reverse());
  });

  it('filters by types', async () => {
    const session = await newSession();
    await rig.client.beta.sessions.events.send(session.id, {
      events: [userMessage('one'), { type: 'user.interrupt' }, userMessage('two'), { type: 'system.message', content: [{ type: 'text', text: 'note' }] }],
    });
    const messages = (await rig.client.beta.sessions.events.list(session.id, { types: ['user.message'] })).data;
    expect(messages.map(textOf)).toEqual(['one', 'two']);
    const two = (await rig.client.beta.sessions.events.list(session.id, { types: ['user.interrupt', 'system.message'] })).data;
    expect(two.map((e) => e.type)).toEqual(['user.interrupt', 'system.message']);
    const paged: string[] = [];
    for await (const e of rig.client.beta.sessions.events.list(session.id, { types: ['user.message'], limit: 1 })) paged.push(textOf(e));
    expect(paged).toEqual(['one', 'two']);
  });

  it('keeps each session\'s events apart', async () => {
    const [a, b] = await Promise.all([newSession(), newSession()]);
    await send(a.id, 'for a');
    await send(b.id, 'for b');
    expect((await rig.client.beta.sessions.events.list(a.id)).data.map(textOf)).toEqual(['for a']);
    expect((await rig.client.beta.sessions.events.list(b.id)).data.map(textOf)).toEqual(['for b']);
  });
});

describe('events.stream', () => {
  it('delivers events sent after it connected, in order, to every subscriber', async () => {
    const session = await newSession();
    await send(session.id, 'before');
    const one = reader(await rig.client.beta.sessions.events.stream(session.id));
    const two = reader(await rig.client.beta.sessions.events.stream(session.id));
    const ids = [...(await send(session.id, 'x1', 'x2')), ...(await send(session.id, 'x3'))];
    for (const r of [one, two]) {
      const got = await r.take(3);
      expect(got.map((e) => e.id)).toEqual(ids);
      expect(got.map(textOf)).toEqual(['x1', 'x2', 'x3']);
      expect(got[0]).toMatchObject({ type: 'user.message', processed_at: expect.any(String) });
    }
    one.close();
    // The other subscriber is unaffected by the first one leaving.
    const [x4] = await send(session.id, 'x4');
    expect((await two.take(1))[0]!.id).toBe(x4);
    two.close();
  });

  it('resumes after ?after=<event id>: exactly the missed events, then live ones', async () => {
    const session = await newSession();
    const ids = await send(session.id, 'e1', 'e2', 'e3', 'e4', 'e5');
    const r = reader(await rig.client.beta.sessions.events.stream(session.id, {}, { query: { after: ids[1] } }));
    const live = await send(session.id, 'e6', 'e7');
    const got = await r.take(5);
    expect(got.map((e) => e.id)).toEqual([...ids.slice(2), ...live]);
    expect(got.map(textOf)).toEqual(['e3', 'e4', 'e5', 'e6', 'e7']);
    r.close();
  });

  it('resumes after a Last-Event-ID header, as a reconnecting client sends it', async () => {
    const session = await newSession();
    const first = reader(await rig.client.beta.sessions.events.stream(session.id));
    const early = await send(session.id, 'a', 'b');
    const seen = await first.take(2);
    first.close();

    // Sent while nobody listens.
    const missed = [...(await send(session.id, 'c')), ...(await send(session.id, 'd', 'e'))];
    const lastId = seen[seen.length - 1]!.id;
    const second = reader(await rig.client.beta.sessions.events.stream(session.id, {}, { headers: { 'Last-Event-ID': lastId } }));
    const live = await send(session.id, 'f');
    const got = await second.take(4);
    second.close();

    const all = [...seen, ...got].map((e) => e.id);
    expect(all).toEqual([...early, ...missed, ...live]);
    expect(new Set(all).size).toBe(all.length);
    expect((await rig.client.beta.sessions.events.list(session.id)).data.map((e) => e.id)).toEqual(all);
  });

  it('resuming after the newest event delivers only live ones', async () => {
    const session = await newSession();
    const ids = await send(session.id, 'old1', 'old2');
    const r = reader(await rig.client.beta.sessions.events.stream(session.id, {}, { query: { after: ids[1] } }));
    const [fresh] = await send(session.id, 'new');
    expect((await r.take(1)).map((e) => e.id)).toEqual([fresh]);
    r.close();
  });

  it('delivers a long backlog completely', async () => {
    const session = await newSession();
    const ids: string[] = [];
    for (let batch = 0; batch < 7; batch++) ids.push(...(await send(session.id, ...Array.from({ length: 100 }, (_, i) => `b${batch}-${i}`))));
    const r = reader(await rig.client.beta.sessions.events.stream(session.id, {}, { query: { after: ids[0] } }));
    const got = await r.take(ids.length - 1);
    expect(got.map((e) => e.id)).toEqual(ids.slice(1));
    r.close();
  });

  it('refuses to resume after an unknown event or one from another session', async () => {
    const [a, b] = await Promise.all([newSession(), newSession()]);
    const [fromB] = await send(b.id, 'in b');
    await expectApiError(rig.client.beta.sessions.events.stream(a.id, {}, { query: { after: fromB } }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    await expectApiError(
      rig.client.beta.sessions.events.stream(a.id, {}, { query: { after: 'sevt_doesnotexist' } }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
  });

  it('answers NotFoundError for an unknown session', async () => {
    await expectApiError(rig.client.beta.sessions.events.stream('sesn_doesnotexist'), Anthropic.NotFoundError, 404, 'not_found_error');
  });

  it('ends the stream with session.deleted when the session is deleted', async () => {
    const session = await newSession();
    const r = reader(await rig.client.beta.sessions.events.stream(session.id));
    const [last] = await send(session.id, 'last words');
    await rig.client.beta.sessions.delete(session.id);
    const rest = await r.rest();
    expect(rest.map((e) => e.type)).toEqual(['user.message', 'session.deleted']);
    expect(rest[0]!.id).toBe(last);
  });
});
