// A session's budget (budget.max_list_cost) through the official SDK against `dockhand serve` and the
// scripted model: set at creation, reported in session.usage, enforced before each model request
// (stop_reason budget_reached, mid-turn too), raised or removed by update (session.updated), and the
// official refusals: budget_create_only, budget_not_raised, model_not_budgetable.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brainRig, say, turn, types, type BrainRig } from '../support/brain.ts';
import { expectApiError, uniqueName } from '../support/fixtures.ts';
import { reply, toolUse } from '../support/scripted-model/index.ts';

let rig: BrainRig;
let c: Anthropic;
beforeAll(async () => {
  rig = await brainRig({ args: ['--hands', 'host'] });
  c = rig.client;
});
afterAll(async () => rig?.close());

const usd = (cents: number) => ({ amount: String(cents), currency: 'USD' as const });
const limit = (cents: number) => ({ type: 'limit' as const, max_list_cost: usd(cents) });
async function newSession(extra: Partial<Anthropic.Beta.SessionCreateParams> = {}, model = 'claude-sonnet-4-6') {
  const [agent, env] = await Promise.all([
    c.beta.agents.create({ name: uniqueName('agent'), model, tools: [{ type: 'agent_toolset_20260401' }] }),
    c.beta.environments.create({ name: uniqueName('env') }),
  ]);
  return c.beta.sessions.create({ agent: agent.id, environment_id: env.id, ...extra });
}
const bad = (call: Promise<unknown>) => expectApiError(call, Anthropic.BadRequestError, 400, 'invalid_request_error');

describe('budgets', () => {
  it('a session that reaches its budget stops with budget_reached, mid-turn, before asking the model again; raising it lets it go on', async () => {
    const s = await newSession({ budget: limit(10) });
    expect(s.budget).toEqual(limit(10));
    // claude-sonnet-4-6 at $3 per million input tokens: 40,000 tokens are 12 cents, past the 10-cent budget.
    rig.model.enqueue(reply([toolUse('bash', { command: 'echo tool ran' })], { usage: { input_tokens: 40_000, output_tokens: 10 } }));
    const before = rig.model.requests.length;
    const first = await turn(c, s.id, [say('work')]);
    expect(first.idle.stop_reason).toEqual({ type: 'budget_reached' });
    expect(types(first.events)).toEqual(['user.message', 'session.status_running', 'span.model_request_start', 'agent.tool_use', 'span.model_request_end', 'session.usage', 'agent.tool_result', 'session.status_idle']);
    expect(rig.model.requests.length).toBe(before + 1);
    const usage = first.events.find((e) => e.type === 'session.usage')!;
    expect(usage).toMatchObject({ usage: { input_tokens: 40_000, list_cost: usd(12) }, budget: limit(10) });
    expect((await c.beta.sessions.retrieve(s.id)).usage.list_cost).toEqual(usd(12));

    // Another message does not reach the model either.
    const second = await turn(c, s.id, [say('go on')]);
    expect(second.idle.stop_reason).toEqual({ type: 'budget_reached' });
    expect(rig.model.requests.length).toBe(before + 1);

    // Raised above what was spent: the session goes on.
    const err = await bad(c.beta.sessions.update(s.id, { budget: limit(12) }));
    expect(err.message).toContain('already spent (12 cents)');
    const raised = await c.beta.sessions.update(s.id, { budget: limit(50) });
    expect(raised.budget).toEqual(limit(50));
    rig.model.enqueue(reply('carrying on', { usage: { input_tokens: 1_000, output_tokens: 10 } }));
    const third = await turn(c, s.id, [say('go on')]);
    expect(third.idle.stop_reason).toEqual({ type: 'end_turn' });
    expect(rig.model.requests.length).toBe(before + 2);
    const updates = (await c.beta.sessions.events.list(s.id)).data.filter((e) => e.type === 'session.updated');
    expect(updates).toMatchObject([{ budget: limit(50) }]);
  });

  it('removed by update (null), a budget cannot come back; one cannot be added to a session created without', async () => {
    const s = await newSession({ budget: limit(100) });
    expect((await c.beta.sessions.update(s.id, { budget: null })).budget).toBeNull();
    expect((await bad(c.beta.sessions.update(s.id, { budget: limit(200) }))).message).toContain('cannot be added back');
    const plain = await newSession();
    expect(plain.budget).toBeNull();
    expect((await bad(c.beta.sessions.update(plain.id, { budget: limit(200) }))).message).toContain('only be set when the session is created');
    expect((await c.beta.sessions.retrieve(plain.id)).budget).toBeNull();
  });

  it('a model without a list price cannot have a budget (model_not_budgetable); malformed amounts are refused', async () => {
    const err = await bad(newSession({ budget: limit(100) }, 'my-local-model'));
    expect(err.message).toContain('no list price');
    await bad(newSession({ budget: { type: 'limit', max_list_cost: { amount: '1.50', currency: 'USD' } } }));
    await bad(newSession({ budget: { type: 'limit', max_list_cost: { amount: '-5', currency: 'USD' } } }));
  });
});
