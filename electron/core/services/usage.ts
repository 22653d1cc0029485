// `usage.report`: tokens and estimated list cost per session, per agent and over time, summed from the
// logs (span.model_request_end) and priced per session's model with resources/prices.json.
import type { BetaManagedAgentsAgent } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type { Services } from '../api/contract.ts';
import type { UsageFigures, UsageReport } from '../api/usage.ts';
import { listDollars, PRICES } from '../prices.ts';
import type { Store } from '../store/index.ts';
import { asSessionUsage, tokensByBucket, type TokenSums } from '../store/usage.ts';

const zero = (): UsageFigures => ({ input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, model_requests: 0, estimated_cost_usd: 0, unpriced_tokens: 0 });

function add(to: UsageFigures, t: TokenSums, model: string): void {
  to.input_tokens += t.input_tokens;
  to.output_tokens += t.output_tokens;
  to.cache_read_input_tokens += t.cache_read_input_tokens;
  to.cache_creation_input_tokens += t.cache_creation_input_tokens;
  to.model_requests += t.model_requests;
  const cost = listDollars(asSessionUsage(t), model);
  if (cost === undefined) to.unpriced_tokens += t.input_tokens + t.output_tokens + t.cache_read_input_tokens + t.cache_creation_input_tokens;
  else to.estimated_cost_usd += cost;
}

const byCost = (a: UsageFigures, b: UsageFigures) => b.estimated_cost_usd - a.estimated_cost_usd || b.input_tokens + b.output_tokens - (a.input_tokens + a.output_tokens);

export function usageServices(store: Store): Pick<Services, 'usage.report'> {
  return {
    async 'usage.report'({ since, bucket = 'day', limit = 100 }) {
      const versions = new Map<string, BetaManagedAgentsAgent | undefined>();
      const totals = zero();
      const series = new Map<string, UsageReport['series'][number]>();
      const agents = new Map<string, UsageReport['agents'][number]>();
      const sessions = new Map<string, UsageReport['sessions'][number]>();
      for (const b of tokensByBucket(store.db, bucket, since)) {
        let s = sessions.get(b.session_id);
        if (!s) {
          const r = store.sessions.get(b.session_id);
          const agent = r && store.agentOfSession(r, versions);
          if (!r || !agent) continue; // deleted meanwhile
          sessions.set(b.session_id, (s = { ...zero(), session_id: r.id, title: r.body.title, agent_id: r.agent_id, model: agent.model.id, created_at: r.created_at }));
          let a = agents.get(r.agent_id);
          // Named as its latest version is.
          if (!a) agents.set(r.agent_id, (a = { ...zero(), agent_id: r.agent_id, name: store.agents.get(r.agent_id)?.name ?? agent.name, sessions: 0 }));
          a.sessions++;
        }
        const start = bucket === 'day' ? `${b.bucket}T00:00:00Z` : `${b.bucket}:00:00Z`;
        let point = series.get(start);
        if (!point) series.set(start, (point = { ...zero(), start }));
        for (const f of [totals, point, s, agents.get(s.agent_id)!]) add(f, b, s.model);
      }
      const ranked = [...sessions.values()].sort(byCost);
      return {
        type: 'usage_report',
        prices: { date: PRICES.date, currency: PRICES.currency, source: PRICES.source, note: PRICES.note },
        bucket,
        since: since ?? null,
        totals,
        series: [...series.values()],
        agents: [...agents.values()].sort(byCost),
        sessions: ranked.slice(0, limit),
        sessions_total: ranked.length,
      };
    },
  };
}
