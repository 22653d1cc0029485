// The official `session.usage` event: a snapshot of the session's usage after each model response,
// the same figures the session resource reports, with an estimated cost from resources/prices.json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BetaManagedAgentsSessionEvent as SessionEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { overloaded, reply } from '../support/scripted-model/index.ts';
import prices from '../../resources/prices.json' with { type: 'json' };

let rig: BrainRig;
beforeAll(async () => {
  rig = await brainRig();
});
afterAll(async () => rig?.close());

async function session(model: string) {
  const agent = await rig.client.beta.agents.create({ name: 'usage', model });
  const env = await rig.client.beta.environments.create({ name: `env-${Math.random()}` });
  return rig.client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
}

type Usage = Extract<SessionEvent, { type: 'session.usage' }>;

describe('session.usage', () => {
  it('follows each model response with the running totals, priced from the table, equal to the session’s usage', async () => {
    const s = await session('claude-sonnet-4-6');
    rig.model.enqueue(
      reply('first', { usage: { input_tokens: 1_000_000, output_tokens: 100_000, cache_read_input_tokens: 2_000_000, cache_creation_input_tokens: 400_000 } }),
      overloaded(), // a failed attempt costs nothing and reports nothing
      reply('second', { usage: { input_tokens: 500_000, output_tokens: 20_000 } }),
    );
    const first = await turn(rig.client, s.id, [say('one')]);
    const second = await turn(rig.client, s.id, [say('two')]);
    const snapshots = [...first.events, ...second.events].filter((e): e is Usage => e.type === 'session.usage');
    expect(snapshots).toHaveLength(2);
    // Each right after the span that ended its model request.
    for (const events of [first.events, second.events]) {
      const i = events.findIndex((e) => e.type === 'session.usage');
      expect(events[i - 1]).toMatchObject({ type: 'span.model_request_end', is_error: false });
    }

    const p = prices.models['claude-sonnet-4-6'];
    const cents = (dollars: number) => String(Math.round(dollars * 100));
    const firstCost = (1_000_000 * p.input + 100_000 * p.output + 2_000_000 * p.cache_read + 400_000 * p.cache_write_5m) / 1e6;
    expect(snapshots[0]!.usage).toEqual({
      input_tokens: 1_000_000,
      output_tokens: 100_000,
      cache_read_input_tokens: 2_000_000,
      cache_creation: { ephemeral_5m_input_tokens: 400_000, ephemeral_1h_input_tokens: 0 },
      list_cost: { amount: cents(firstCost), currency: 'USD' },
    });
    expect(snapshots[0]!.usage.list_cost!.amount).toBe('660'); // $3 + $1.50 + $0.60 + $1.50 at $3/$15/$0.30/$3.75 per MTok
    const secondCost = firstCost + (500_000 * p.input + 20_000 * p.output) / 1e6;
    expect(snapshots[1]!.usage).toMatchObject({ input_tokens: 1_500_000, output_tokens: 120_000, list_cost: { amount: cents(secondCost), currency: 'USD' } });

    // The session resource says the same as the last snapshot; the stored event is the streamed one.
    expect((await rig.client.beta.sessions.retrieve(s.id)).usage).toEqual(snapshots[1]!.usage);
    const stored = (await rig.client.beta.sessions.events.list(s.id, { types: ['session.usage'] } as never)).data;
    expect(stored).toEqual(snapshots);
  });

  it('has no cost for a model the price table does not know, and the tokens still add up', async () => {
    const s = await session('some-unpriced-model');
    rig.model.enqueue(reply('hi', { usage: { input_tokens: 10, output_tokens: 5 } }));
    const { events } = await turn(rig.client, s.id, [say('hi')]);
    const usage = events.find((e): e is Usage => e.type === 'session.usage')!.usage;
    expect(usage).toMatchObject({ input_tokens: 10, output_tokens: 5 });
    expect(usage.list_cost).toBeUndefined();
    expect((await rig.client.beta.sessions.retrieve(s.id)).usage).toEqual(usage);
  });
});
