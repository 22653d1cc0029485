// What `usage.report` answers (a Dockhand extension): tokens and estimated list cost per session, per
// agent and over time, from every session's span.model_request_end events, priced by resources/prices.json.
// Each request counts once: imported logs are left out, and a fork counts from where it was forked.
import type { PriceTable } from './prices.ts';

export interface UsageFigures {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  model_requests: number;
  /** Estimated at list prices, in US dollars; tokens of models without prices add nothing (see unpriced_tokens). */
  estimated_cost_usd: number;
  /** Tokens of models the price table does not know. */
  unpriced_tokens: number;
}

export interface UsageReport {
  type: 'usage_report';
  /** The table the estimates come from, without its rates. */
  prices: Pick<PriceTable, 'date' | 'currency' | 'source' | 'note'>;
  bucket: 'day' | 'hour';
  since: string | null;
  totals: UsageFigures;
  /** Per time bucket (UTC), oldest first; buckets without requests are left out. */
  series: (UsageFigures & { start: string })[];
  /** Per agent (all versions), most expensive first. */
  agents: (UsageFigures & { agent_id: string; name: string; sessions: number })[];
  /** Per session, most expensive first, at most `limit`. */
  sessions: (UsageFigures & { session_id: string; title: string | null; agent_id: string; model: string; created_at: string })[];
  /** Sessions with any usage in the range (`sessions` may hold fewer). */
  sessions_total: number;
}
